/* The visit form: quick path (outcome, people, needs) and full path; the visit goes to the outbox first. */
import { M, fmt, labels, localIso, uuid4 } from './core.js';
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

async function findBlock() {
  try {
    const [lon, lat] = await locate();
    const found = blockAt(features, lon, lat);
    if (found) { select.value = String(found.properties.id); }
    say('locate-note', found ? fmt(M.in_block, { code: found.properties.code }) : M.outside_blocks);
  } catch (off) {
    say('locate-note', M.location_off);
  }
}

function addNeed(category) {
  const row = byId('need-row').content.firstElementChild.cloneNode(true);
  row.dataset.category = category;
  row.querySelector('.need-name').textContent = labels.need_category[category];
  const consent = row.querySelector('.need-consent');
  consent.addEventListener('change', () => { row.querySelector('.need-hint-label').hidden = !consent.checked; });
  row.querySelector('.need-remove').addEventListener('click', () => row.remove());
  byId('needs').append(row);
}

function checked(name) {
  return Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (input) => input.value);
}

function count(name) {
  const value = parseInt(form.elements[name].value, 10);
  return Number.isNaN(value) || value < 0 ? 0 : value;
}

function needs() {
  return Array.from(byId('needs').children, (row) => {
    const consent = row.querySelector('.need-consent').checked;
    const hint = row.querySelector('.need-hint').value.trim();
    const people = parseInt(row.querySelector('.need-people').value, 10);
    return {
      category: row.dataset.category,
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
  byId('needs').textContent = '';
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
  const clientId = await queue('visit', '/api/v1/visits', record);
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
  window.scrollTo(0, 0);
});

form.addEventListener('click', (event) => {
  const step = event.target.closest('.step');
  if (step) {
    form.elements[step.dataset.for].value = Math.max(0, count(step.dataset.for) + parseInt(step.dataset.step, 10));
  }
  const chip = event.target.closest('button[data-category]');
  if (chip) { addNeed(chip.dataset.category); }
});
byId('safety').addEventListener('change', (event) => { byId('crisis').hidden = !event.target.checked; });
byId('locate').addEventListener('click', findBlock);
loadData().then(fillBlocks, () => say('form-error', M.sign_in_again));
