/* The visit form: quick path (outcome, people, needs) and full path; the visit goes to the outbox first. */
(function () {
  'use strict';

  var L10N = window.Field.labels;
  var M = L10N.messages;
  var fmt = window.Field.fmt;
  var form = document.getElementById('visit-form');
  var select = document.getElementById('block');
  var features = [];

  function byId(id) { return document.getElementById(id); }

  function say(id, text) {
    var node = byId(id);
    node.textContent = text || '';
    node.hidden = !text;
  }

  function fillBlocks(data) {
    var wanted = new URLSearchParams(window.location.search).get('block');
    features = data.blocks.features;
    var ids = features.map(function (f) { return String(f.properties.id); });
    features.slice().sort(function (a, b) { return a.properties.code < b.properties.code ? -1 : 1; })
      .forEach(function (f) { addOption(String(f.properties.id), f.properties.code); });
    if (wanted && ids.indexOf(wanted) < 0) { addOption(wanted, '#' + wanted); }  // helping on another pair's block
    if (wanted) { select.value = wanted; }
  }

  function addOption(value, text) {
    var option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    select.appendChild(option);
  }

  function findBlock() {
    window.FieldGeo.locate().then(function (here) {
      var found = window.FieldGeo.blockAt(features, here[0], here[1]);
      if (found) { select.value = String(found.properties.id); }
      say('locate-note', found ? fmt(M.in_block, { code: found.properties.code }) : M.outside_blocks);
    }, function () { say('locate-note', M.location_off); });
  }

  function addNeed(category) {
    var row = byId('need-row').content.firstElementChild.cloneNode(true);
    row.dataset.category = category;
    row.querySelector('.need-name').textContent = L10N.need_category[category];
    var consent = row.querySelector('.need-consent');
    consent.addEventListener('change', function () {
      row.querySelector('.need-hint-label').hidden = !consent.checked;
    });
    row.querySelector('.need-remove').addEventListener('click', function () { row.remove(); });
    byId('needs').appendChild(row);
  }

  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'),
      function (input) { return input.value; });
  }

  function count(name) {
    var value = parseInt(form.elements[name].value, 10);
    return isNaN(value) || value < 0 ? 0 : value;
  }

  function needs() {
    return Array.prototype.map.call(byId('needs').children, function (row) {
      var consent = row.querySelector('.need-consent').checked;
      var hint = row.querySelector('.need-hint').value.trim();
      var people = parseInt(row.querySelector('.need-people').value, 10);
      return {
        category: row.dataset.category,
        urgency: row.querySelector('.need-urgency').value,
        people: isNaN(people) || people < 1 ? 1 : people,
        consented_hint: consent && hint ? hint : null  // a hint only with the resident's consent
      };
    });
  }

  function visit() {
    var notes = form.elements.notes.value.trim();
    return {
      client_id: window.Field.uuid4(),
      block_id: parseInt(select.value, 10),
      visited_at: window.Field.localIso(new Date()),
      outcome: checked('outcome')[0],
      adults: count('adults'), children: count('children'), older_adults: count('older_adults'),
      risks: checked('risks'), reactions: checked('reactions'), ecpr: checked('ecpr'), referrals: checked('referrals'),
      safety_concern: byId('safety').checked,
      follow_up: byId('follow-up').checked,
      notes: notes || null,
      needs: needs()
    };
  }

  function reset(block) {
    form.reset();
    byId('needs').textContent = '';
    select.value = block;
    byId('more').open = false;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    say('saved', '');
    var error = !select.value ? M.need_block : (checked('outcome').length ? '' : M.need_outcome);
    say('form-error', error);
    if (error) { return; }
    var record = visit();
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;  // one tap, one visit
    window.Field.queue(record).then(function () {
      button.disabled = false;
      say('saved', M.saved_here);
      byId('crisis').hidden = !record.safety_concern;
      reset(String(record.block_id));
      window.scrollTo(0, 0);
      return window.Field.sync();
    });
  });

  form.addEventListener('click', function (event) {
    var step = event.target.closest('.step');
    if (step) {
      var input = form.elements[step.dataset.for];
      input.value = Math.max(0, count(step.dataset.for) + parseInt(step.dataset.step, 10));
    }
    var chip = event.target.closest('button[data-category]');
    if (chip) { addNeed(chip.dataset.category); }
  });
  byId('safety').addEventListener('change', function (event) { byId('crisis').hidden = !event.target.checked; });
  byId('locate').addEventListener('click', findBlock);
  window.Field.loadData().then(fillBlocks, function () { say('form-error', M.sign_in_again); });
})();
