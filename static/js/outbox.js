/* The phone's outbox: everything a pair does in the field waits in IndexedDB until the server has answered it.
 * Each item has a kind, a client_id made here and a JSON body; the server stores each client_id once.
 * An item leaves the outbox on 200/201; a refusal (400/403/404/409/422) moves it to "problems" (kept, and
 * saved to a file on request); no network or a server error is retried with a growing, jittered delay.
 * Items go in the order they were made (a check-in before its check-out); visits in batches. */
import { ApiError, backoff, isRefusal, request } from './api.js';
import { M, fmt, labels, localIso, refreshShellLanguage, uuid4 } from './core.js';
import { byId, say } from './dom.js';
import { showStored } from './redactions.js';

const DB_NAME = 'outreach-field';
const OUTBOX = 'outbox';
const PROBLEMS = 'problems';
const META = 'meta';
const delays = backoff();
let timer = null;
let running = null;
let again = false;
let dbPromise = null;

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore(OUTBOX, { keyPath: 'client_id' });
        open.result.createObjectStore(PROBLEMS, { keyPath: 'client_id' });
        open.result.createObjectStore(META);
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
  }
  return dbPromise;
}

/* Run fn(store) in a transaction; resolve with the request's result once the transaction is durable. */
async function withStore(name, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const pending = fn(tx.objectStore(name));
    tx.oncomplete = () => resolve(pending ? pending.result : undefined);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

const all = (name) => withStore(name, 'readonly', (s) => s.getAll());
const put = (name, value, key) => withStore(name, 'readwrite', (s) => s.put(value, key));
const remove = (name, key) => withStore(name, 'readwrite', (s) => s.delete(key));
const get = (name, key) => withStore(name, 'readonly', (s) => s.get(key));

/* Items queued before the outbox had kinds were visits. */
function shaped(item) {
  return item.kind ? item : { client_id: item.client_id, kind: 'visit', path: '/api/v1/visits',
    body: item.visit, queued_at: item.queued_at };
}

/* Everything waiting, oldest first. */
export async function waiting() {
  return (await all(OUTBOX)).map(shaped).sort((a, b) => a.queued_at - b.queued_at);
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

export async function render() {
  const [items, problems] = await Promise.all([waiting(), all(PROBLEMS)]);
  byId('outbox-count').textContent = items.length === 0 ? M.all_sent
    : items.length === 1 ? M.waiting_one : fmt(M.waiting_many, { n: items.length });
  say('outbox-kinds', items.length ? summary(items) : '');
  byId('outbox').classList.toggle('waiting', items.length > 0);
  say('outbox-problems', problems.length ? fmt(M.problems, { n: problems.length }) : '');
  return items.length;
}

/* Keep an action on the phone first, then try to send it. Answers its client_id. */
export async function queue(kind, path, body) {
  const item = { client_id: body.client_id || uuid4(), kind, path, queued_at: Date.now() };
  item.body = { ...body, client_id: item.client_id };
  await put(OUTBOX, item);
  announce('queued', item);
  await render();
  sync();
  return item.client_id;
}

/* The device token: issued once per person and phone, kept for DEVICE_TOKEN_DAYS. */
async function ensureToken(data) {
  const saved = await get(META, 'token');
  if (saved && saved.user_id === data.user.id) { return saved.token; }
  const { body } = await request('/field/device-token', { method: 'POST', auth: { csrf: data.csrf } });
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
  const { body, offlineCopy } = await request('/field/data.json');
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

function retryLater(message) {
  const seconds = delays.next();
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

async function refuse(item, error) {
  await put(PROBLEMS, { ...item, error });
  await remove(OUTBOX, item.client_id);
  announce('refused', { item, error });
}

const SHIFT_KINDS = ['check_in', 'check_out'];

/* The last shift the server told us about, so that an offline copy of data.json does not undo it. */
function keepShift(shift) {
  return put(META, { shift: shift && !shift.checked_out_at ? shift : null }, 'shift');
}

async function accept(item, status, answer) {
  if (SHIFT_KINDS.includes(item.kind)) { await keepShift(answer.shift); }
  await remove(OUTBOX, item.client_id);
  announce('sent', { item, status, answer });
}

/* A batch of visits (at most the server's max_batch); each is answered on its own. */
async function sendVisits(auth, visits) {
  const { body } = await request('/api/v1/visits/batch', {
    method: 'POST', auth, body: { visits: visits.map((item) => item.body) }
  });
  for (const result of body.results) {
    const item = visits[result.index];
    if (result.status === 200 || result.status === 201) {
      await accept(item, result.status, result);
    } else if (result.status === 409 || result.status === 422) {
      await refuse(item, result.error);
    }
  }
  return body.results;
}

async function sendOne(auth, item) {
  try {
    const { status, body } = await request(item.path, { method: 'POST', auth, body: item.body });
    await accept(item, status, body);
    return body;
  } catch (error) {
    if (!(error instanceof ApiError) || !isRefusal(error)) { throw error; }
    await refuse(item, { code: error.code, message: error.message, fields: error.fields });
    return null;
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

/* The queue in order: runs of visits as batches (of the server's max_batch), every other action on its own. */
async function sendAll(auth, items) {
  const batch = await batchLimit();
  const answers = [];
  for (let start = 0; start < items.length;) {
    if (items[start].kind === 'visit') {
      let end = start;
      while (end < items.length && end - start < batch && items[end].kind === 'visit') { end += 1; }
      answers.push(...await sendVisits(auth, items.slice(start, end)));
      start = end;
    } else {
      answers.push(await sendOne(auth, items[start]));
      start += 1;
    }
  }
  return answers;
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
    const answers = await sendAll({ token: saved.token }, items);
    delays.reset();
    say('outbox-note', M.sent + redactionNote(answers));
    showStored(items, answers);
  } catch (error) {
    if (error.status === 401) {
      await remove(META, 'token');
      say('outbox-note', M.sign_in_again);
    } else {
      retryLater(error.status === 403 ? M.not_in_pair : (error.status ? '' : M.offline));
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

async function saveToFile() {
  const [items, problems] = await Promise.all([waiting(), all(PROBLEMS)]);
  const now = localIso(new Date());
  const body = JSON.stringify({
    saved_at: now,
    visits: items.filter((i) => i.kind === 'visit').map((i) => i.body),
    actions: items.filter((i) => i.kind !== 'visit').map((i) => ({ kind: i.kind, path: i.path, body: i.body })),
    problems: problems.map(shaped).map((i) => ({ kind: i.kind, path: i.path, body: i.body, error: i.error }))
  }, null, 2);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  link.download = `outreach-unsent-${now.slice(0, 16).replace(/[:T]/g, '-')}.json`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  say('outbox-note', M.file_saved);
}

/* The outbox strip on every field page. */
export function start() {
  byId('sync-now').addEventListener('click', syncNow);
  byId('save-file').addEventListener('click', saveToFile);
  window.addEventListener('online', syncNow);
  window.addEventListener('offline', () => say('outbox-note', M.offline));
  const signOut = document.querySelector('form[action$="/logout"]');
  if (signOut) {
    signOut.addEventListener('submit', (event) => {
      if (byId('outbox').classList.contains('waiting') && !window.confirm(M.sign_out_waiting)) {
        event.preventDefault();
      }
    });
  }
  render().then(() => sync());
}
