/* Check in or out, offline too: the action goes to the outbox, and the page says whether it is sent yet. */
import { M, api, localIso } from './core.js';
import { byId, say } from './dom.js';
import { loadData, queue, recall, waiting } from './outbox.js';
import { shiftState, shiftWords } from './shift_state.js';

const checkIn = byId('check-in');
const checkOut = byId('check-out');
const mine = new Map();  // client_id -> what to say once it is sent

/* The last open shift the server told this phone about (the outbox keeps it), or null. */
async function knownShift() {
  const known = await recall('shift');
  return known ? known.shift : null;
}

/* The state at the top and the one form that fits it. */
async function showForm(shift) {
  const state = shiftState(shift, await waiting());
  const words = shiftWords(state);
  byId('shift-state').textContent = words.text;
  byId('shift-state').classList.toggle('warn', words.overdue);
  checkIn.hidden = state.on;
  checkOut.hidden = !state.on;
}

/* A confirmation where the eye is: under the state at the top of the page, which now shows the other form. */
function tellAtTop(text) {
  say('shift-saved', text);
  byId('shift-saved').focus({ preventScroll: true });
  document.querySelector('main h1').scrollIntoView({ block: 'start' });
}

function chosen(form, name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : null;
}

async function submit(form, kind, path, body, saidNow, saidSent) {
  form.querySelector('button[type=submit]').disabled = true;
  const clientId = await queue(kind, path, body);
  mine.set(clientId, saidSent);
  form.querySelector('button[type=submit]').disabled = false;
  form.reset();
  await showForm(await knownShift());
  tellAtTop(`${saidNow} ${M.saved_not_sent}`);
}

checkIn.addEventListener('submit', (event) => {
  event.preventDefault();
  const hours = Number(chosen(checkIn, 'hours'));
  submit(checkIn, 'check_in', api('/shifts/check-in'), { hours, at: localIso(new Date()) }, M.checked_in,
    M.checked_in_sent);
});

checkOut.addEventListener('submit', (event) => {
  event.preventDefault();
  const selfCare = chosen(checkOut, 'self_care');
  say('self-care-error', selfCare ? '' : M.pick_one);
  if (!selfCare) { return; }
  const debrief = checkOut.elements.debrief.checked;
  const thanks = debrief ? `${M.checked_out} ${M.debrief_coming}` : M.checked_out;
  submit(checkOut, 'check_out', api('/shifts/check-out'), { self_care: selfCare, debrief, at: localIso(new Date()) },
    thanks, M.checked_out_sent);
});

window.addEventListener('outbox:sent', async (event) => {
  const said = mine.get(event.detail.item.client_id);
  if (!said) { return; }
  say('shift-saved', said);
  await showForm(await knownShift());  // the server's word now: the expected end it stored
});
window.addEventListener('outbox:refused', (event) => {
  if (mine.has(event.detail.item.client_id)) { say('shift-saved', event.detail.error.message); }
});

/* What this page said about a check-in or out still waiting on the phone (a reload, another page). */
const WORDS = { check_in: [M.checked_in, M.checked_in_sent], check_out: [M.checked_out, M.checked_out_sent] };

async function showWaiting() {
  (await waiting()).filter((item) => WORDS[item.kind]).forEach((item) => {
    const [now, sent] = WORDS[item.kind];
    mine.set(item.client_id, sent);
    say('shift-saved', `${now} ${M.saved_not_sent}`);
  });
}

showWaiting();
loadData().then((data) => showForm(data.shift), async () => {
  // No copy of data.json on this phone yet: go by the last shift the server told it about.
  showForm(await knownShift());
  if (navigator.onLine) { say('shift-saved', M.sign_in_again); }
});
