// Upload GeoJSON with a progress bar (XMLHttpRequest upload events); without this script the form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData) { return; }
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var errors = document.getElementById("upload-errors");

  function showErrors(messages) {
    errors.textContent = "";
    messages.forEach(function (message) {
      var line = document.createElement("p");
      line.className = "field-error";
      line.setAttribute("role", "alert");
      line.textContent = message;  // text, never HTML: messages may quote the file's names
      errors.appendChild(line);
    });
    bar.hidden = true;
    status.textContent = "";
  }

  function allMessages(body) {
    var found = [];
    Object.keys(body.errors || {}).forEach(function (name) { found = found.concat(body.errors[name]); });
    return found;
  }

  form.addEventListener("submit", function (event) {
    var file = form.elements.file.files[0];
    if (file && file.size > Number(form.dataset.maxBytes)) {
      event.preventDefault();
      showErrors([form.dataset.tooLarge]);
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    bar.hidden = false;
    bar.value = 0;
    errors.textContent = "";
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        bar.value = Math.round(100 * progress.loaded / progress.total);
        status.textContent = bar.value + "%";
      }
    });
    request.upload.addEventListener("load", function () { bar.removeAttribute("value"); status.textContent = "…"; });
    request.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(request.responseText); } catch (ignored) { body = {}; }
      if (request.status === 200 && body.redirect) { window.location.assign(body.redirect); return; }
      if (request.status === 413) { showErrors([form.dataset.tooLarge]); return; }
      var messages = allMessages(body);
      showErrors(messages.length ? messages : [form.dataset.failed]);
    });
    request.addEventListener("error", function () { showErrors([form.dataset.failed]); });
    request.send(new FormData(form));
  });
}());
