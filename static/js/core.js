/* The field core: the words the server translated for us, small formatting helpers, the service worker. */
import { byId } from './dom.js';
// One module of words per language (/o/SLUG/field/labels.js, through the import map), shared by every page.
import labels from 'field-labels';

export { labels };
export const M = labels.messages;

/* The operation this page belongs to (DESIGN section 7), with its addresses as the server wrote them (url_for in
 * templates/field/layout.html): the field app lives under /o/SLUG/field/, and what the phone makes here is
 * only ever sent to /api/v1/operations/SLUG/. */
export const operation = JSON.parse(byId('operation').textContent);
/* api('/visits') -> '/api/v1/operations/katrina/visits' */
export const api = (path) => operation.api + path;
/* field('data.json') -> '/o/katrina/field/data.json' */
export const field = (path) => operation.field + path;

/* fmt('{n} visits', { n: 2 }) */
export function fmt(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

/* counted(M.people_count, 1) -> '1 person': the form of a counted phrase (field/phrases.py) for n. */
export function counted(phrase, n) {
  return fmt(n === 1 ? phrase.one : phrase.other, { n });
}

export function uuid4() {
  if (crypto.randomUUID) { return crypto.randomUUID(); }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/* The phone's local time with its offset, e.g. 2005-09-14T15:30:00-05:00. */
export function localIso(date) {
  const pad = (n) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${offset >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/* A time as the phone's clock shows it. */
export function clock(iso) {
  return new Date(iso).toLocaleTimeString(document.documentElement.lang || [], { hour: '2-digit', minute: '2-digit' });
}

/* When a gathering is, as the phone's clock shows it: "Tue, Dec 8, 17:30–19:30". */
export function gatheringWhen(gathering) {
  const day = new Date(gathering.starts_at).toLocaleDateString(document.documentElement.lang || [],
    { weekday: 'short', day: 'numeric', month: 'short' });
  return `${day}, ${clock(gathering.starts_at)}–${clock(gathering.ends_at)}`;
}

/* Times rendered by the server in UTC, shown in the phone's own time. */
export function localTimes() {
  document.querySelectorAll('time[datetime]').forEach((node) => { node.textContent = clock(node.dateTime); });
}

/* The operation's own service worker, for its own pages (each operation's caches are its own). One left from
 * before operations (scope /field/) is let go: those addresses now lead to an operation. */
export function registerServiceWorker() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(field('sw.js'), { scope: operation.field }).catch(() => {});
    const unscoped = new URL('/field/', window.location.href).href;
    navigator.serviceWorker.getRegistrations().then((workers) => workers
      .filter((worker) => worker.scope === unscoped).forEach((worker) => worker.unregister())).catch(() => {});
  }
}

/* The shell is cached in one language; when the person's language changes, fetch it again. */
export function refreshShellLanguage(lang) {
  if (lang && lang !== document.documentElement.lang && navigator.serviceWorker &&
      navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage('refresh-shell');
  }
}
