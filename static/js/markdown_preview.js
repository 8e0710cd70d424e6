// The article body's preview in the admin, kept current as staff type.
// The server renders it (the same Markdown and sanitiser as the public page);
// this only asks again after a pause in typing. Without it, the preview shows
// the body as last saved.
(function () {
  "use strict";

  function start() {
    var body = document.getElementById("id_body");
    var preview = document.querySelector(".markdown-preview[data-preview-url]");
    var form = body && body.form;
    if (!body || !preview || !form) {
      return;
    }
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var asked = 0;

    function refresh() {
      var request = ++asked;
      var data = new FormData();
      data.append("text", body.value);
      fetch(preview.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          if (request === asked) {
            preview.innerHTML = html;  // sanitised on the server (nh3)
            preview.classList.remove("is-stale");
          }
        })
        .catch(function () {
          preview.classList.add("is-stale");
        });
    }

    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
