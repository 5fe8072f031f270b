/* The phone's outbox: everything a pair does in the field waits in IndexedDB until the server has answered it.
 * Each item has a kind, a client_id made here and a JSON body; the server stores each client_id once.
 * Help calls go first, then the rest in the order it was made (a check-in before its check-out), visits in
 * batches. One item never holds back the others: an item the server refuses (4xx) is set aside at once, one
 * it fails on (5xx) after STRIKES tries while it answers other things; set-aside items are listed with what
 * they were and why, each can be saved to a file or tried again. No network ends the round: the items wait,
 * retried with a growing, jittered delay (a few seconds while a help call waits). */
import { ApiError, backoff, isRefusal, lastAnswerAt, request } from './api.js';
import { M, clock, field, fmt, labels, operation, refreshShellLanguage, uuid4 } from './core.js';
import { byId, say } from './dom.js';
import {
  META, OUTBOX, PROBLEMS, all, downloadJson, saveUnsentToFile, shaped, stamped, withStore
} from './phone_data.js';
import { showStored } from './redactions.js';
import { blockCode, dueForText, smsHref, visitText } from './sms_text.js';

const STRIKES = 3;  // a server error on the same item this often, while the server answers others: set aside
const HELP_RETRY_S = 5;  // a help call waiting for signal is tried this often, whatever the back-off says
const TEXT_CHECK_MS = 4000;  // how soon a waiting visit's "Send by text" appears once it is due
const SHIFT_KINDS = ['check_in', 'check_out', 'gathering_check_in', 'gathering_check_out'];
const delays = backoff();
let timer = null;
let running = null;
let again = false;
let textsAsked = 0;

const put = (name, value, key) => withStore(name, 'readwrite', (s) => s.put(value, key));
const remove = (name, key) => withStore(name, 'readwrite', (s) => s.delete(key));
const get = (name, key) => withStore(name, 'readonly', (s) => s.get(key));

export const isHelpCall = (item) => item.kind === 'alert' && item.body.kind === 'help';

/* Everything waiting, oldest first. */
export async function waiting() {
  return (await all(OUTBOX)).map(shaped).sort((a, b) => a.queued_at - b.queued_at);
}

/* The items the server would not take, oldest first. */
export async function setAside() {
  return (await all(PROBLEMS)).map(shaped).sort((a, b) => a.queued_at - b.queued_at);
}

function announce(name, detail) {
  window.dispatchEvent(new CustomEvent(`outbox:${name}`, { detail }));
}

/* "2 visits, 1 check-out": what waits, in the phone's words. */
function summary(items) {
  const counts = {};
  items.forEach((item) => { counts[item.kind] = (counts[item.kind] || 0) + 1; });
  return Object.keys(counts).map((kind) => `${counts[kind]} × ${labels.outbox_kind[kind] || kind}`).join(', ');
}

/* Why an item was set aside, in words: the server's message, or how often it failed on it. */
function why(item) {
  return item.error.status >= 500 ? fmt(M.set_aside_failed, { n: STRIKES }) : item.error.message;
}

function setAsideRow(item) {
  const row = byId('set-aside-row').content.firstElementChild.cloneNode(true);
  row.querySelector('.set-aside-what').textContent = labels.outbox_kind[item.kind] || item.kind;
  row.querySelector('.set-aside-when').textContent = fmt(M.set_aside_made, { time: clock(item.queued_at) });
  row.querySelector('.set-aside-why').textContent = why(item);
  row.querySelector('.set-aside-save').addEventListener('click', () => {
    downloadJson(stamped(`outreach-${item.kind}`), {
      kind: item.kind, path: item.path, body: item.body, error: item.error, queued_at: new Date(item.queued_at)
    });
    say('outbox-note', M.file_saved);
  });
  row.querySelector('.set-aside-retry').addEventListener('click', () => tryAgain(item));
  return row;
}

function waitingVisitRow(text, number, due) {
  const row = byId('waiting-visit-row').content.firstElementChild.cloneNode(true);
  row.querySelector('.waiting-sms-body').textContent = text;
  const link = row.querySelector('.waiting-sms');
  link.href = smsHref(number, text);
  link.hidden = !due;
  return row;
}

/* Each waiting visit's coded text with its #REF, and "Send by text" once it has waited as long as a help call
 * does (DESIGN section 9): texted, the visit is known by its REF when it later syncs, so it is stored once. */
async function showTexts(items) {
  const box = byId('outbox-texts');
  const visits = items.filter((item) => item.kind === 'visit');
  textsAsked += 1;
  const asked = textsAsked;
  const data = visits.length ? await loadData().catch(() => null) : null;
  if (asked !== textsAsked) { return; }  // a newer list of what waits came while the blocks were read
  const { number, after } = box.dataset;
  const rows = visits.map((item) => ({ text: visitText(blockCode(data, item.body.block_id), item.body),
    due: Boolean(number) && dueForText(item.queued_at, after) })).filter((row) => row.text);
  const shown = JSON.stringify(rows);
  if (box.dataset.shown === shown) { return; }  // unchanged: leave the list, and a finger on its link, alone
  box.dataset.shown = shown;
  byId('outbox-waiting').replaceChildren(...rows.map((row) => waitingVisitRow(row.text, number, row.due)));
  box.hidden = rows.length === 0;
}

export async function render() {
  const [items, problems] = await Promise.all([waiting(), setAside()]);
  byId('outbox-count').textContent = items.length ? (items.length === 1 ? M.waiting_one
    : fmt(M.waiting_many, { n: items.length })) : (problems.length ? M.all_else_sent : M.all_sent);
  say('outbox-kinds', items.length ? summary(items) : '');
  showTexts(items);  // not awaited: reading the blocks must not hold back a sync
  byId('outbox').classList.toggle('waiting', items.length > 0 || problems.length > 0);
  say('outbox-problems', problems.length ? fmt(M.problems, { n: problems.length }) : '');
  byId('set-aside-list').replaceChildren(...problems.map(setAsideRow));
  byId('set-aside').hidden = problems.length === 0;
  return items.length;
}

/* Keep an action on the phone first, then try to send it. Answers its client_id. `path` is in this page's
 * operation (api('/visits')): the item keeps it, and its operation, wherever the phone is when it syncs. */
export async function queue(kind, path, body) {
  const item = { client_id: body.client_id || uuid4(), kind, path, operation: operation.slug, queued_at: Date.now() };
  item.body = { ...body, client_id: item.client_id };
  await put(OUTBOX, item);
  announce('queued', item);
  await render();
  syncNow();
  return item.client_id;
}

/* A set-aside item back into the outbox (the server was only down, or has been fixed). */
async function tryAgain(item) {
  const fresh = { ...item };
  ['error', 'strikes', 'last_try'].forEach((key) => delete fresh[key]);  // a clean start
  await put(OUTBOX, fresh);
  await remove(PROBLEMS, item.client_id);
  await render();
  syncNow();
}

/* The device token: issued once per person and phone, kept for DEVICE_TOKEN_DAYS. */
async function ensureToken(data) {
  const saved = await get(META, 'token');
  if (saved && saved.user_id === data.user.id) { return saved.token; }
  const { body } = await request(field('device-token'), { method: 'POST', auth: { csrf: data.csrf } });
  await put(META, { token: body.token, user_id: body.user_id }, 'token');
  return body.token;
}

export async function token() {
  const saved = await get(META, 'token');
  return saved && saved.token;
}

/* Small things this phone remembers between pages (the last shift, a help call, messages). */
export const remember = (key, value) => put(META, value, key);
export const recall = (key) => get(META, key);

let dataPromise = null;

/* data.json through the service worker, once per page: fresh when online, the saved copy when not. */
export function loadData() {
  dataPromise = dataPromise || fetchData();
  return dataPromise;
}

async function fetchData() {
  const { body, offlineCopy } = await request(field('data.json'));
  body.offline = offlineCopy;
  if (offlineCopy) {
    const known = await get(META, 'shift');
    if (known) { body.shift = known.shift; }
  } else {
    await keepShift(body.shift);
    ensureToken(body).then(() => sync(), () => {});
    refreshShellLanguage(body.lang);
  }
  return body;
}

/* Try again later: soon while a help call waits, else after the next back-off delay. */
async function retryLater(message) {
  const backedOff = delays.next();
  const seconds = (await waiting()).some(isHelpCall) ? Math.min(backedOff, HELP_RETRY_S) : backedOff;
  clearTimeout(timer);
  timer = setTimeout(sync, seconds * 1000);
  say('outbox-note', `${message ? `${message} ` : ''}${fmt(M.retry_in, { s: seconds })}`);
}

function redactionNote(answers) {
  const kinds = new Set();
  answers.forEach((answer) => {
    const redactions = (answer && answer.redactions) || {};
    // A visit's are per field ({notes: {phone: 1}}), a hazard note's per kind ({phone: 1}).
    Object.entries(redactions).forEach(([name, found]) => {
      if (found && typeof found === 'object') { Object.keys(found).forEach((kind) => kinds.add(kind)); } else { kinds.add(name); }
    });
  });
  return kinds.size ? ` ${fmt(M.redacted, { what: [...kinds].join(', ') })}` : '';
}

async function putAside(item, error) {
  await put(PROBLEMS, { ...item, error });
  await remove(OUTBOX, item.client_id);
  announce('refused', { item, error });
}

/* The last shift the server told us about, so that an offline copy of data.json does not undo it. */
function keepShift(shift) {
  return put(META, { shift: shift && !shift.checked_out_at ? shift : null }, 'shift');
}

async function accept(item, status, answer) {
  if (SHIFT_KINDS.includes(item.kind)) { await keepShift(answer.shift); }
  await remove(OUTBOX, item.client_id);
  announce('sent', { item, status, answer });
}

const errorOf = (status, error) => ({ status, code: (error && error.code) || 'http',
  message: (error && error.message) || `HTTP ${status}`, fields: (error && error.fields) || {} });

/* The server failed on this item (5xx). It counts against the item when it is the item's first failure or
 * the server has answered something else since the last one: a server that is down for everything sets
 * nothing aside. Answers 1 when the item still waits (a failure of this round), 0 when it was set aside. */
async function strike(item, status, error) {
  const previous = item.last_try;
  const counts = !previous || previous.status < 500 || lastAnswerAt() > previous.at;
  const strikes = (item.strikes || 0) + (counts ? 1 : 0);
  if (strikes >= STRIKES) {
    await putAside(item, errorOf(status, error));
    return 0;
  }
  await put(OUTBOX, { ...item, strikes, last_try: { status, at: Date.now() } });
  announce('failed', { item, status });
  return 1;
}

/* What became of a try that got no answer for this item: kept, with the try noted (the help status reads it). */
async function noted(item, status) {
  await put(OUTBOX, { ...item, last_try: { status, at: Date.now() } });
  announce('failed', { item, status });
}

/* A batch of visits of one operation (at most the server's max_batch), to that operation's batch address (its
 * visits' path + /batch); each is answered on its own. */
async function sendVisits(auth, visits) {
  const { body } = await request(`${visits[0].path}/batch`, {
    method: 'POST', auth, body: { visits: visits.map((item) => item.body) }
  });
  let failures = 0;
  for (const result of body.results) {
    const item = visits[result.index];
    if (result.status === 200 || result.status === 201) {
      await accept(item, result.status, result);
    } else if (isRefusal(result)) {
      await putAside(item, errorOf(result.status, result.error));
    } else {
      failures += result.status >= 500 ? await strike(item, result.status, result.error) : 1;
    }
  }
  return { answers: body.results, failures };
}

async function sendOne(auth, item) {
  const { status, body } = await request(item.path, { method: 'POST', auth, body: item.body });
  await accept(item, status, body);
  return { answers: [body], failures: 0 };
}

/* Send one item or one batch. No network and "sign in again" end the round (thrown); anything else is this
 * item's own trouble: a batch the server failed on is sent again one visit at a time, to find the bad one. */
async function sendGroup(auth, group) {
  try {
    return group[0].kind === 'visit' ? await sendVisits(auth, group) : await sendOne(auth, group[0]);
  } catch (error) {
    if (!(error instanceof ApiError)) { throw error; }
    if (error.status === 0 || error.status === 401) {
      await noted(group[0], error.status);
      throw error;
    }
    if (group.length > 1 && error.status >= 500) {
      const parts = [];  // one visit after the other, in order
      for (const item of group) { parts.push(await sendGroup(auth, [item])); }
      return { answers: parts.flatMap((part) => part.answers), failures: parts.reduce((n, p) => n + p.failures, 0) };
    }
    const notPaired = group[0].kind === 'visit' && error.status === 403;  // visits wait until the pair is formed
    if (isRefusal(error) && !notPaired) {
      for (const item of group) { await putAside(item, errorOf(error.status, error)); }
      return { answers: [], failures: 0 };
    }
    const failures = error.status >= 500 ? await strike(group[0], error.status, error) : group.length;
    return { answers: [], failures, notPaired };
  }
}

/* The server's batch limit from data.json; a copy saved before it said so: one visit a batch, still exactly once. */
async function batchLimit() {
  try {
    return (await loadData()).max_batch || 1;
  } catch (noData) {
    return 1;
  }
}

/* Help calls first, then the rest in order: runs of visits of one operation as batches (of the server's
 * max_batch), every other action on its own. */
function groups(items, batch) {
  const ordered = [...items.filter(isHelpCall), ...items.filter((item) => !isHelpCall(item))];
  const found = [];
  ordered.forEach((item) => {
    const last = found[found.length - 1];
    if (item.kind === 'visit' && last && last[0].kind === 'visit' && last[0].path === item.path &&
        last.length < batch) {
      last.push(item);
    } else {
      found.push([item]);
    }
  });
  return found;
}

/* One round over the queue; a check-out waits while its check-in could not be sent. */
async function sendAll(auth, items) {
  const round = { answers: [], failures: 0, notPaired: false };
  let shiftHeld = false;
  for (const group of groups(items, await batchLimit())) {
    const isShift = SHIFT_KINDS.includes(group[0].kind);
    if (isShift && shiftHeld) {
      round.failures += 1;
    } else {
      const result = await sendGroup(auth, group);
      round.answers.push(...result.answers);
      round.failures += result.failures;
      round.notPaired = round.notPaired || Boolean(result.notPaired);
      shiftHeld = shiftHeld || (isShift && result.failures > 0);
    }
  }
  return round;
}

async function runSync() {
  const [items, saved] = await Promise.all([waiting(), get(META, 'token')]);
  if (!saved) { say('outbox-note', items.length ? M.sign_in_again : ''); return render(); }
  if (items.length === 0) {
    delays.reset();
    announce('synced', {});  // nothing to send, but messages and a help call's state may be news
    return render();
  }
  say('outbox-note', M.syncing);
  try {
    const round = await sendAll({ token: saved.token }, items);
    showStored(items, round.answers);
    if (round.failures) {
      await retryLater(round.notPaired ? M.not_in_pair : '');
    } else {
      delays.reset();
      say('outbox-note', round.answers.length ? M.sent + redactionNote(round.answers) : '');
    }
  } catch (error) {
    if (error.status === 401) {
      await remove(META, 'token');
      say('outbox-note', M.sign_in_again);
    } else {
      await retryLater(error.status ? '' : M.offline);
    }
  }
  announce('synced', {});
  return render();
}

/* One sync at a time; a call during a sync (an action just queued) runs another right after it. */
export function sync() {
  if (running) {
    again = true;
    return running;
  }
  running = runSync().finally(() => {
    running = null;
    if (again) {
      again = false;
      sync();
    }
  });
  return running;
}

export function syncNow() {
  clearTimeout(timer);
  delays.reset();
  return sync();
}

/* The outbox strip on every field page. */
export function start() {
  byId('sync-now').addEventListener('click', syncNow);
  byId('save-file').addEventListener('click', () => saveUnsentToFile().then(() => say('outbox-note', M.file_saved)));
  window.addEventListener('online', syncNow);
  window.addEventListener('offline', () => say('outbox-note', M.offline));
  render().then(() => sync());
  if (byId('outbox-texts').dataset.number) { setInterval(async () => showTexts(await waiting()), TEXT_CHECK_MS); }
}
