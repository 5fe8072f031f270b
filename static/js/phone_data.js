/* What the field app keeps on the phone: one IndexedDB database (the outbox, the items set aside, and small
 * things such as the device token, the last shift, a help call, messages) and the service worker's caches.
 * Standalone (no words from the page) so that the sign-out guard can use it on every page. */

export const DB_NAME = 'outreach-field';
export const OUTBOX = 'outbox';
export const PROBLEMS = 'problems';
export const META = 'meta';
let dbPromise = null;

export function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore(OUTBOX, { keyPath: 'client_id' });
        open.result.createObjectStore(PROBLEMS, { keyPath: 'client_id' });
        open.result.createObjectStore(META);
      };
      open.onsuccess = () => {
        // Signing out (here or in another tab) deletes the database: let it go, and never open it again on
        // this page, so that a late timer cannot bring the signed-out volunteer's data back.
        open.result.onversionchange = () => open.result.close();
        resolve(open.result);
      };
      open.onerror = () => reject(open.error);
    });
  }
  return dbPromise;
}

/* Run fn(store) in a transaction; resolve with the request's result once the transaction is durable. */
export async function withStore(name, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const pending = fn(tx.objectStore(name));
    tx.oncomplete = () => resolve(pending ? pending.result : undefined);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

export const all = (name) => withStore(name, 'readonly', (s) => s.getAll());

/* Items queued before the outbox had kinds were visits. */
export function shaped(item) {
  return item.kind ? item : { client_id: item.client_id, kind: 'visit', path: '/api/v1/visits',
    body: item.visit, queued_at: item.queued_at };
}

/* Whether this phone has the field app's database at all (opening it would create it). */
async function hasDb() {
  if (!indexedDB.databases) { return true; }
  return (await indexedDB.databases()).some((db) => db.name === DB_NAME);
}

/* Everything not yet stored by the server: waiting in the outbox or set aside. */
export async function unsent() {
  if (!(await hasDb())) { return { waiting: [], problems: [] }; }
  const [waiting, problems] = await Promise.all([all(OUTBOX), all(PROBLEMS)]);
  return { waiting: waiting.map(shaped).sort((a, b) => a.queued_at - b.queued_at), problems: problems.map(shaped) };
}

/* Offer `value` as a JSON file to download (a blob: link, so it works with no signal). */
export function downloadJson(name, value) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/* A file name with the time: outreach-unsent-2005-09-14-15-30.json */
export const stamped = (prefix) => `${prefix}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.json`;

/* One file of everything unsent, for the volunteer to keep or hand to a coordinator. */
export async function saveUnsentToFile() {
  const { waiting, problems } = await unsent();
  downloadJson(stamped('outreach-unsent'), {
    saved_at: new Date().toISOString(),
    visits: waiting.filter((i) => i.kind === 'visit').map((i) => i.body),
    actions: waiting.filter((i) => i.kind !== 'visit').map((i) => ({ kind: i.kind, path: i.path, body: i.body })),
    problems: problems.map((i) => ({ kind: i.kind, path: i.path, body: i.body, error: i.error }))
  });
}

/* Leave nothing of the signed-in person on the phone: the database (outbox, token, pair, messages, help
 * call), every cache (the shell, data.json, tiles) and the service worker that would serve them offline. */
export async function forgetThisPhone() {
  await new Promise((resolve) => {
    const deletion = indexedDB.deleteDatabase(DB_NAME);
    deletion.onsuccess = deletion.onerror = resolve;
    // Blocked: another tab still has it open; it closes on versionchange and the deletion then goes on.
    deletion.onblocked = resolve;
  });
  if (window.caches) {
    await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
  }
  if (navigator.serviceWorker) {
    await Promise.all((await navigator.serviceWorker.getRegistrations()).map((worker) => worker.unregister()));
  }
}
