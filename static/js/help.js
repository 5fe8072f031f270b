/* "We need help now" on every field page, and the "all OK" check-in rhythm. Both are alerts
 * (POST /api/v1/alerts) that go through the outbox: kept on the phone first, sent at once when there is
 * signal, exactly once. The help call's status says what is true, judged by what the last try to send it
 * got back (navigator.onLine says "online" on a phone with bars and no data): not sent yet, received and
 * waiting for a coordinator, or which coordinator has it (GET /api/v1/alerts, asked every few seconds
 * while a received call waits for that). */
import { request } from './api.js';
import { M, api, clock, field, fmt, localIso, uuid4 } from './core.js';
import { byId, say } from './dom.js';
import { isHelpCall, loadData, queue, recall, remember, setAside, token, waiting } from './outbox.js';
import { shiftState } from './shift_state.js';
import { blockCode, dueForText, helpText, smsHref } from './sms_text.js';

const HOLD_MS = 2000;  // long enough not to fire in a pocket, short enough in a hurry
const POLL_MS = 30000;
const ACK_POLL_MS = 4000;  // issue 23: the acknowledgement reaches the phone within 10 s
const MINUTE = 60000;
const ALERTS = api('/alerts');

/* The block this page is about, if any: the block page's, or the one picked in the visit form. */
function currentBlock() {
  const page = window.location.pathname.match(new RegExp(`^${field('blocks/')}(\\d+)$`));  // a slug: [a-z0-9-]
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

/* Where a call that the server has not answered stands on the phone: its outbox item, set aside, or neither
 * (it left the outbox: sent, and the answer is on its way). */
async function onPhone(call) {
  const mine = (item) => item.client_id === call.client_id;
  const item = (await waiting()).find(mine);
  return item ? { item } : { aside: (await setAside()).some(mine) };
}

/* Judged by what the last try to send it got back: no answer at all is no signal, whatever the phone says. */
async function unanswered(call) {
  const { item, aside } = await onPhone(call);
  if (aside) { return M.help_set_aside; }
  if (item && !(await token())) { return M.help_sign_in; }  // nothing is sent without the phone's token
  if (!item || !item.last_try) { return M.help_sending; }
  return item.last_try.status === 0 ? M.help_no_signal : M.help_not_taken_yet;
}

async function helpWords(call) {
  if (call.acknowledged_at) {
    return fmt(M.help_acknowledged, { name: call.acknowledged_by || '', time: clock(call.acknowledged_at) });
  }
  return call.received_at ? fmt(M.help_received, { time: clock(call.received_at) }) : unanswered(call);
}

async function showHelp() {
  const call = await recall('help');
  const words = call ? await helpWords(call) : '';
  if (byId('help-state').textContent !== words) { say('help-state', words); }  // role=alert: only a change is said
  byId('help-status').hidden = !call;
  byId('help-dismiss').hidden = !(call && call.acknowledged_at);
  await offerText(call);
}

/* ---- "Send by text" (DESIGN section 9): a help call the server has not received for a minute may go by SMS
 * through the staging area's gateway phone, with the code card's text and its #REF (sms_text.js). */

async function codedText(call) {
  const data = await loadData().catch(() => null);
  return helpText(blockCode(data, call.body.block_id), call.client_id);
}

async function offerText(call) {
  const offer = byId('help-text');
  if (!offer) { return; }  // no staging number configured
  const due = Boolean(call && !call.received_at && dueForText(call.made_at, offer.dataset.after));
  if (due) {
    const text = await codedText(call);
    byId('help-sms').href = smsHref(offer.dataset.number, text);
    byId('help-sms-body').textContent = text;
  }
  offer.hidden = !due;
}

async function callForHelp() {
  const body = { ...alertBody('help'), client_id: uuid4() };
  // First: the answer may come before queue() ends. made_at: when the phone offers to text it.
  await remember('help', { client_id: body.client_id, body, made_at: Date.now() });
  await queue('alert', ALERTS, body);
  await showHelp();
  byId('help-status').scrollIntoView({ block: 'nearest' });
}

/* The server answered the help call (first time or a replay): note when it was received and acknowledged. */
async function heard(answer) {
  const call = await recall('help');
  if (!call || call.client_id !== answer.client_id) { return; }
  call.received_at = answer.received_at || call.received_at || new Date().toISOString();
  call.acknowledged_at = answer.acknowledged_at || null;
  call.acknowledged_by = answer.acknowledged_by || null;
  await remember('help', call);
  await showHelp();
}

/* A coordinator acknowledges the call on the dashboard; the pair's own alerts say when and who. Also asked
 * when the call left the outbox on a page that closed before the answer came. */
async function askWhetherAcknowledged() {
  const call = await recall('help');
  const bearer = await token();
  if (!call || call.acknowledged_at || !bearer) { return; }
  if (!call.received_at) {
    const { item, aside } = await onPhone(call);
    if (item || aside) { return; }  // not sent: nothing to ask yet
  }
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
  say('ok-note', M.ok_sending);
  const mine = (event) => event.detail.item.client_id === clientId;
  const failed = (event) => { if (mine(event)) { say('ok-note', M.ok_saved_offline); } };
  const sent = (event) => {
    if (!mine(event)) { return; }
    say('ok-note', M.ok_sent);
    window.removeEventListener('outbox:sent', sent);
    window.removeEventListener('outbox:failed', failed);
  };
  window.addEventListener('outbox:sent', sent);
  window.addEventListener('outbox:failed', failed);
}

export async function startHelp() {
  holdToCall(byId('help-now'));
  byId('help-dismiss').addEventListener('click', async () => { await remember('help', null); showHelp(); });
  byId('we-are-ok').addEventListener('click', weAreOk);
  window.addEventListener('outbox:sent', ({ detail }) => {
    if (isHelpCall(detail.item)) { heard(detail.answer); }
  });
  ['outbox:failed', 'outbox:refused'].forEach((name) => window.addEventListener(name, ({ detail }) => {
    if (isHelpCall(detail.item)) { showHelp(); }
  }));
  await showHelp();
  setInterval(askWhetherAcknowledged, ACK_POLL_MS);
  setInterval(async () => offerText(await recall('help')), ACK_POLL_MS);
  window.addEventListener('outbox:synced', () => { showHelp(); askWhetherAcknowledged(); });
  const data = await loadData().catch(() => null);
  const minutes = data ? data.checkin_minutes : 0;
  promptIfDue(minutes);
  setInterval(() => promptIfDue(minutes), POLL_MS);
}
