/* Block page: confirm or reopen a need a group says is met, through the needs API. */
(function () {
  'use strict';

  var list = document.getElementById('block-needs');
  list.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-need]');
    if (!button) { return; }
    button.disabled = true;
    fetch('/api/v1/needs/' + button.dataset.need + '/' + button.dataset.action, {
      method: 'POST', credentials: 'same-origin', headers: { 'X-CSRFToken': list.dataset.csrf }
    }).then(function (response) {
      if (response.ok) { window.location.reload(); return null; }
      return response.json().then(function (body) { throw body.error; });
    }).catch(function (error) {
      var box = document.getElementById('need-error');
      box.textContent = error.code ? error.message : window.Field.labels.messages.offline;
      box.hidden = false;
      button.disabled = false;
    });
  });
})();
