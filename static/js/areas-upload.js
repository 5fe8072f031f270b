// Upload GeoJSON with a progress bar (XMLHttpRequest upload events: fetch reports no upload progress);
// without this script the form posts normally.
import {byId, el} from "./dom.js";

const form = byId("upload-form");
const bar = byId("upload-progress"), status = byId("upload-status"), errors = byId("upload-errors");

/** Show each message as text (never HTML: messages may quote the file's names) and hide the bar. */
function showErrors(messages) {
  errors.replaceChildren(...messages.map((message) => el("p", {className: "field-error", role: "alert"}, message)));
  for (const line of errors.children) { line.setAttribute("role", "alert"); }
  bar.hidden = true;
  status.textContent = "";
}

/** Every field's messages from a JSON form answer. */
function allMessages(body) {
  return Object.values(body.errors || {}).flat();
}

/** The upload's answer: follow a redirect, or show why it failed. */
function answered(request) {
  let body = {};
  try { body = JSON.parse(request.responseText); } catch (notJson) { body = {}; }
  if (request.status === 200 && body.redirect) { window.location.assign(body.redirect); return; }
  if (request.status === 413) { showErrors([form.dataset.tooLarge]); return; }
  const messages = allMessages(body);
  showErrors(messages.length ? messages : [form.dataset.failed]);
}

function upload(event) {
  event.preventDefault();
  const file = form.elements.file.files[0];
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

if (form && window.FormData) { form.addEventListener("submit", upload); }
