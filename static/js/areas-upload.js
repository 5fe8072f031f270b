// Upload a file with a progress bar (XMLHttpRequest upload events: fetch reports no upload progress), for
// every form.upload-form on the page (GeoJSON, an OpenStreetMap extract); without this script they post normally.
import {el} from "./dom.js";

/** Send one form's file with progress, and show its answer on that form. */
function wire(form) {
  const bar = form.querySelector(".upload-progress"), status = form.querySelector(".upload-status");
  const errors = form.querySelector(".upload-errors");

  /** Show each message as text (never HTML: messages may quote the file's names) and hide the bar. */
  function showErrors(messages) {
    errors.replaceChildren(...messages.map((message) => el("p", {className: "field-error", role: "alert"}, message)));
    for (const line of errors.children) { line.setAttribute("role", "alert"); }
    bar.hidden = true;
    status.textContent = "";
  }

  /** The upload's answer: follow a redirect, or show why it failed. */
  function answered(request) {
    let body = {};
    try { body = JSON.parse(request.responseText); } catch (notJson) { body = {}; }
    if (request.status === 200 && body.redirect) { window.location.assign(body.redirect); return; }
    if (request.status === 413) { showErrors([form.dataset.tooLarge]); return; }
    const messages = Object.values(body.errors || {}).flat();
    showErrors(messages.length ? messages : [form.dataset.failed]);
  }

  function upload(event) {
    event.preventDefault();
    const file = form.querySelector("input[type=file]").files[0];
    if (file && file.size > Number(form.dataset.maxBytes)) { showErrors([form.dataset.tooLarge]); return; }
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    bar.hidden = false;
    bar.value = 0;
    errors.textContent = "";
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        bar.value = Math.round(100 * progress.loaded / progress.total);
        status.textContent = `${bar.value}%`;
      }
    });
    request.upload.addEventListener("load", () => { bar.removeAttribute("value"); status.textContent = "…"; });
    request.addEventListener("load", () => answered(request));
    request.addEventListener("error", () => showErrors([form.dataset.failed]));
    request.send(new FormData(form));
  }

  form.addEventListener("submit", upload);
}

if (window.FormData) { document.querySelectorAll("form.upload-form").forEach(wire); }
