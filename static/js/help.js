/* "We need help now" on every field page, and the "all OK" check-in rhythm. Both are alerts
 * (POST /api/v1/alerts) that go through the outbox: kept on the phone first, sent at once when there is
 * signal, exactly once. A help call then shows "received" and, later, "acknowledged by the staging area"
 * (GET /api/v1/alerts lists the pair's own alerts with acknowledged_at). */
import { request } from './api.js';
import { M, clock, fmt, localIso } from './core.js';
import { byId, say } from './dom.js';
import { loadData, queue, recall, remember, token, waiting } from './outbox.js';
import { shiftState } from './shift_state.js';

const HOLD_MS = 2000;  // long enough not to fire in a pocket, short enough in a hurry
const POLL_MS = 30000;
const MINUTE = 60000;
const ALERTS = '/api/v1/alerts';

/* The block this page is about, if any: the block page's, or the one picked in the visit form. */
function currentBlock() {
  const page = window.location.pathname.match(/^\/field\/blocks\/(\d+)$/);
  const picked = byId('block');
  const id = Number((page && page[1]) || (picked && picked.value));
  return Number.isInteger(id) && id > 0 ? id : null;
}

function alertBody(kind) {
  const body = { kind, sent_at: localIso(new Date()) };
  const block = currentBlock();
  if (block) { body.block_id = block; }
  return body;
}

function showHelp(call) {
  say('help-state', !call ? '' : call.acknowledged_at ? fmt(M.help_acknowledged, { time: clock(call.acknowledged_at) })
    : call.received_at ? fmt(M.help_received, { time: clock(call.received_at) })
      : navigator.onLine ? M.help_sending : M.help_saved_offline);
  byId('help-status').hidden = !call;
  byId('help-dismiss').hidden = !(call && call.acknowledged_at);
}

async function callForHelp() {
  const body = alertBody('help');
  const clientId = await queue('alert', ALERTS, body);
  const call = { client_id: clientId, body: { ...body, client_id: clientId } };
  await remember('help', call);
  showHelp(call);
  byId('help-status').scrollIntoView({ block: 'nearest' });
}

/* The server answered the help call (first time or a replay): note when it was received and acknowledged. */
async function heard(answer) {
  const call = await recall('help');
  if (!call || call.client_id !== answer.client_id) { return; }
  call.received_at = answer.received_at || call.received_at || new Date().toISOString();
  call.acknowledged_at = answer.acknowledged_at || null;
  await remember('help', call);
  showHelp(call);
}

/* A coordinator acknowledges the call on the dashboard; the pair's own alerts say when. */
async function askWhetherAcknowledged() {
  const call = await recall('help');
  const bearer = await token();
  if (!call || !call.received_at || call.acknowledged_at || !bearer || !navigator.onLine) { return; }
  try {
    const { body } = await request(ALERTS, { auth: { token: bearer } });
    const mine = body.find((alert) => alert.client_id === call.client_id);
    if (mine) { await heard(mine); }
  } catch (notNow) {
    // No signal or a server hiccup: ask again at the next round.
  }
}

function holdToCall(button) {
  let timer = null;
  const cancel = () => {
    if (timer) { say('help-how', M.help_hold); }
    clearTimeout(timer);
    timer = null;
    button.classList.remove('holding');
  };
  button.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    button.classList.add('holding');
    timer = setTimeout(() => { timer = null; button.classList.remove('holding'); callForHelp(); }, HOLD_MS);
  });
  ['pointerup', 'pointerleave', 'pointercancel'].forEach((name) => button.addEventListener(name, cancel));
  button.addEventListener('contextmenu', (event) => event.preventDefault());  // a long press is ours
  button.addEventListener('click', (event) => {
    // A keyboard or switch press has no pointer to hold: ask once instead.
    if (event.detail === 0 && window.confirm(M.help_confirm)) { callForHelp(); }
  });
}

/* ---- the "all OK" rhythm: every CHECKIN_MINUTES while on shift */

async function checkInDue(minutes) {
  if (!minutes) { return false; }
  const items = await waiting();
  const known = await recall('shift');
  const state = shiftState(known && known.shift, items);
  if (!state.on) { return false; }
  // The rhythm runs from the check-in or the last "all OK", the partner's included (the server's last_ok_at).
  const shift = known && known.shift;
  const pendingStart = items.filter((item) => item.kind === 'check_in').map((item) => item.queued_at).pop();
  const started = pendingStart || (shift ? Date.parse(shift.checked_in_at) : Date.now());
  const serverOk = shift && shift.last_ok_at ? Date.parse(shift.last_ok_at) : 0;
  const lastOk = (await recall('last_ok')) || 0;
  return Date.now() - Math.max(started, serverOk, lastOk) >= minutes * MINUTE;
}

async function promptIfDue(minutes) {
  byId('check-prompt').hidden = !(await checkInDue(minutes));
}

async function weAreOk() {
  byId('check-prompt').hidden = true;
  await remember('last_ok', Date.now());
  const clientId = await queue('alert', ALERTS, alertBody('ok'));
  say('ok-note', navigator.onLine ? M.ok_sending : M.ok_saved_offline);
  const sent = (event) => {
    if (event.detail.item.client_id !== clientId) { return; }
    say('ok-note', M.ok_sent);
    window.removeEventListener('outbox:sent', sent);
  };
  window.addEventListener('outbox:sent', sent);
}

export async function startHelp() {
  holdToCall(byId('help-now'));
  byId('help-dismiss').addEventListener('click', async () => { await remember('help', null); showHelp(null); });
  byId('we-are-ok').addEventListener('click', weAreOk);
  window.addEventListener('outbox:sent', ({ detail }) => {
    if (detail.item.kind === 'alert' && detail.item.body.kind === 'help') { heard(detail.answer); }
  });
  showHelp(await recall('help'));
  setInterval(askWhetherAcknowledged, POLL_MS);
  window.addEventListener('outbox:synced', askWhetherAcknowledged);
  const data = await loadData().catch(() => null);
  const minutes = data ? data.checkin_minutes : 0;
  promptIfDue(minutes);
  setInterval(() => promptIfDue(minutes), POLL_MS);
}
