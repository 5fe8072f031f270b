/* The visit form: quick path (outcome, people, needs) and full path; the visit goes to the outbox first. */
import { M, api, fmt, localIso, uuid4 } from './core.js';
import { byId, el, say } from './dom.js';
import { blockAt, locate } from './geo.js';
import { loadData, queue } from './outbox.js';

const form = byId('visit-form');
const select = byId('block');
let features = [];

function fillBlocks(data) {
  const wanted = new URLSearchParams(window.location.search).get('block');
  features = data.blocks.features;
  const ids = features.map((f) => String(f.properties.id));
  features.slice().sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1))
    .forEach((f) => select.append(el('option', { value: String(f.properties.id) }, f.properties.code)));
  if (wanted && !ids.includes(wanted)) { select.append(el('option', { value: wanted }, `#${wanted}`)); }
  if (wanted) { select.value = wanted; }
}

/* The block the phone's position suggests, offered to the volunteer: a fix can be off by a street, so the
 * volunteer says yes before the form takes it. */
let offered = null;

async function findBlock() {
  byId('locate-confirm').hidden = true;
  say('locate-note', M.locating);
  try {
    const [lon, lat, accuracy] = await locate();
    const found = blockAt(features, lon, lat);
    const metres = Math.round(accuracy);
    say('locate-note', found ? '' : fmt(M.outside_blocks_within, { m: metres }));
    if (!found) { return; }
    offered = String(found.properties.id);
    byId('locate-found').textContent = fmt(M.on_block_within, { code: found.properties.code, m: metres });
    byId('locate-yes').textContent = fmt(M.yes_block, { code: found.properties.code });
    byId('locate-confirm').hidden = false;
    byId('locate-yes').focus();
  } catch (off) {
    say('locate-note', M.location_off);
  }
}

function answerLocate(yes) {
  if (yes && offered) { select.value = offered; }
  byId('locate-confirm').hidden = true;
  say('locate-note', yes ? '' : M.pick_from_list);
  select.focus();
}

/* A need chip toggles its need: pressed, its details open right under it; pressed again, the need is gone. */
function toggleNeed(chip) {
  const pressed = chip.getAttribute('aria-pressed') !== 'true';
  chip.setAttribute('aria-pressed', String(pressed));
  byId(chip.getAttribute('aria-controls')).hidden = !pressed;
}

function chosenNeeds() {
  return Array.from(form.querySelectorAll('button[data-category][aria-pressed=true]'),
    (chip) => [chip.dataset.category, byId(chip.getAttribute('aria-controls'))]);
}

function checked(name) {
  return Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (input) => input.value);
}

function count(name) {
  const value = parseInt(form.elements[name].value, 10);
  return Number.isNaN(value) || value < 0 ? 0 : value;
}

function needs() {
  return chosenNeeds().map(([category, row]) => {
    const consent = row.querySelector('.need-consent').checked;
    const hint = row.querySelector('.need-hint').value.trim();
    const people = parseInt(row.querySelector('.need-people').value, 10);
    return {
      category,
      urgency: row.querySelector('.need-urgency').value,
      people: Number.isNaN(people) || people < 1 ? 1 : people,
      consented_hint: consent && hint ? hint : null  // a hint only with the resident's consent
    };
  });
}

function visit() {
  const notes = form.elements.notes.value.trim();
  return {
    client_id: uuid4(),
    block_id: parseInt(select.value, 10),
    visited_at: localIso(new Date()),
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
  chosenNeeds().forEach(([category]) => toggleNeed(form.querySelector(`button[data-category="${category}"]`)));
  form.querySelectorAll('.need-hint-label').forEach((label) => { label.hidden = true; });
  select.value = block;
  byId('more').open = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  say('saved', '');
  const error = !select.value ? M.need_block : (checked('outcome').length ? '' : M.need_outcome);
  say('form-error', error);
  if (error) { return; }
  const record = visit();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;  // one tap, one visit
  const clientId = await queue('visit', api('/visits'), record);
  button.disabled = false;
  say('saved', M.saved_here);
  const sent = (event) => {
    if (event.detail.item.client_id !== clientId) { return; }
    say('saved', M.visit_sent);
    window.removeEventListener('outbox:sent', sent);
  };
  window.addEventListener('outbox:sent', sent);
  byId('crisis').hidden = !record.safety_concern;
  reset(String(record.block_id));
  // The confirmation is where the eye goes next: the top of a fresh form, ready for the next door.
  byId('saved').focus({ preventScroll: true });
  byId('saved').scrollIntoView({ block: 'center' });
});

form.addEventListener('click', (event) => {
  const step = event.target.closest('.step');
  if (step) {
    form.elements[step.dataset.for].value = Math.max(0, count(step.dataset.for) + parseInt(step.dataset.step, 10));
  }
  const chip = event.target.closest('button[data-category]');
  if (chip) { toggleNeed(chip); }
});
form.addEventListener('change', (event) => {
  if (event.target.classList.contains('need-consent')) {
    event.target.closest('.need').querySelector('.need-hint-label').hidden = !event.target.checked;
  }
});
byId('safety').addEventListener('change', (event) => { byId('crisis').hidden = !event.target.checked; });
byId('locate').addEventListener('click', findBlock);
byId('locate-yes').addEventListener('click', () => answerLocate(true));
byId('locate-no').addEventListener('click', () => answerLocate(false));
loadData().then(fillBlocks, () => say('form-error', M.sign_in_again));
