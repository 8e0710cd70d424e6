/*
 * Gallery lightbox: progressive enhancement over links to each image's own page.
 *
 * A grid marked data-lightbox="<dialog id>" holds links marked data-lightbox-item, each
 * wrapping a <picture>. A plain click (or Enter) opens the native <dialog> with showModal:
 * ArrowLeft/ArrowRight move through the gallery, Escape or Close shuts it, and focus goes
 * back to the thumbnail that opened it. No inline styles: only text, attributes and the
 * hidden property change. Without JavaScript the links simply lead to the image pages.
 */
(function () {
  "use strict";

  var LARGE_SIZES = "(min-width: 72rem) 52rem, 96vw";

  function setText(element, text) {
    element.textContent = text || "";
    element.hidden = !text;
  }

  function init(grid) {
    var dialog = document.getElementById(grid.getAttribute("data-lightbox"));
    if (!dialog || typeof dialog.showModal !== "function") {
      return; // no <dialog> support: the links keep working
    }
    var links = Array.prototype.slice.call(grid.querySelectorAll("a[data-lightbox-item]"));
    if (!links.length) {
      return;
    }
    var media = dialog.querySelector("[data-lightbox-media]");
    var title = dialog.querySelector("[data-lightbox-title]");
    var caption = dialog.querySelector("[data-lightbox-caption]");
    var credit = dialog.querySelector("[data-lightbox-credit]");
    var count = dialog.querySelector("[data-lightbox-count]");
    var status = dialog.querySelector("[data-lightbox-status]");
    var pageLink = dialog.querySelector("[data-lightbox-page]");
    var closeButton = dialog.querySelector("[data-lightbox-close]");
    var current = 0;
    var opener = null;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var picture = link.querySelector("picture");
      if (picture) {
        var copy = picture.cloneNode(true);
        copy.querySelectorAll("source, img").forEach(function (element) {
          element.setAttribute("sizes", LARGE_SIZES);
        });
        var img = copy.querySelector("img");
        img.setAttribute("class", "lightbox__img");
        img.setAttribute("loading", "eager");
        media.replaceChildren(copy);
      } else {
        media.replaceChildren();
      }
      var position = "Image " + (current + 1) + " of " + links.length;
      title.textContent = link.getAttribute("data-title") || "";
      setText(caption, link.getAttribute("data-caption"));
      setText(credit, link.getAttribute("data-credit"));
      count.textContent = position;
      status.textContent = position + ": " + title.textContent;
      pageLink.href = link.href;
    }

    function open(link) {
      opener = link;
      show(links.indexOf(link));
      dialog.showModal();
      closeButton.focus();
    }

    grid.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-lightbox-item]");
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // new tab, new window, download: leave it to the browser
      }
      event.preventDefault();
      open(link);
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === "ArrowLeft") {
        event.preventDefault();
        show(current - 1);
      }
    });

    dialog.querySelector("[data-lightbox-prev]").addEventListener("click", function () {
      show(current - 1);
    });
    dialog.querySelector("[data-lightbox-next]").addEventListener("click", function () {
      show(current + 1);
    });
    closeButton.addEventListener("click", function () {
      dialog.close();
    });

    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) {
        return;
      }
      var box = dialog.getBoundingClientRect();
      var inside = event.clientX >= box.left && event.clientX <= box.right &&
        event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) {
        dialog.close();
      }
    });

    // Escape, Close or the backdrop: focus goes back to the thumbnail that opened it.
    dialog.addEventListener("close", function () {
      media.replaceChildren();
      if (opener) {
        opener.focus();
        opener = null;
      }
    });
  }

  document.querySelectorAll("[data-lightbox]").forEach(init);
})();
