// A gallery's image order in the admin: move a row up or down with its buttons
// (keyboard: Tab to a button, Enter or Space), or drag it by the row. Each move
// writes positions 1, 2, 3... into the rows' position fields, which are saved
// with the gallery; typing numbers still works. No inline script: the site's
// strict CSP holds in the admin too.
(function () {
  "use strict";

  var group, tbody, status, dragged = null;

  function rows() {
    return Array.prototype.slice.call(
      tbody.querySelectorAll("tr.form-row:not(.empty-form)")
    );
  }

  function positionInput(row) {
    return row.querySelector("td.field-position input");
  }

  function chosenImage(row) {
    var select = row.querySelector("td.field-image select");
    return select && select.value ? select : null;
  }

  function title(row) {
    var select = chosenImage(row);
    var option = select && select.options[select.selectedIndex];
    return option ? option.textContent.trim() : "this row";
  }

  function renumber() {
    var number = 0;
    rows().forEach(function (row) {
      var input = positionInput(row);
      if (input && chosenImage(row)) {
        number += 1;
        input.value = number;
      }
    });
  }

  function moved(row) {
    renumber();
    var input = positionInput(row);
    status.textContent = title(row) + " is now at position " + (input ? input.value : "?") + ".";
  }

  function move(row, step) {
    // Among the rows that hold an image: empty extra rows stay where they are.
    var list = rows().filter(chosenImage);
    var index = list.indexOf(row);
    var target = list[index + step];
    if (!target) {
      status.textContent = title(row) + (step < 0 ? " is already first." : " is already last.");
      return;
    }
    tbody.insertBefore(row, step < 0 ? target : target.nextSibling);
    moved(row);
  }

  function button(label, text, step, row) {
    var control = document.createElement("button");
    control.type = "button";
    control.className = "order-button";
    control.textContent = text;
    control.setAttribute("aria-label", label);
    control.addEventListener("click", function () {
      move(row, step);
      control.focus();
    });
    return control;
  }

  function addControls(row) {
    var cell = row.querySelector("td.field-position");
    if (!cell || cell.querySelector(".order-controls")) {
      return;
    }
    var controls = document.createElement("span");
    controls.className = "order-controls";
    controls.appendChild(button("Move up", "↑", -1, row));
    controls.appendChild(button("Move down", "↓", 1, row));
    cell.appendChild(controls);
    row.draggable = true;
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", title(row));
    });
    row.addEventListener("dragover", function (event) {
      if (dragged && dragged !== row) {
        event.preventDefault();
      }
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged || dragged === row) {
        return;
      }
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      tbody.insertBefore(dragged, after ? row.nextSibling : row);
      moved(dragged);
      dragged = null;
    });
    row.addEventListener("dragend", function () {
      dragged = null;
    });
  }

  function start() {
    group = document.getElementById("items-group");
    tbody = group && group.querySelector("tbody");
    if (!tbody) {
      return;
    }
    status = document.createElement("p");
    status.className = "order-status";
    status.setAttribute("role", "status");
    group.insertBefore(status, group.firstChild);
    rows().forEach(addControls);
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "items") {
        addControls(event.target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
