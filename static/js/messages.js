/* Messages from the staging area ("storm cell coming, come back"): fetched at every sync, every POLL_MS while
 * the page is in view, and when it comes back into view; shown as a banner at the top of every field page
 * until the pair says "Got it" (an acknowledgement through the outbox). No navigator.onLine check: a phone
 * with bars and no data says it is online, and one that says offline may be wrong too; a failed fetch is cheap.
 * Message text is user text: it only ever goes in through textContent. */
import { request } from './api.js';
import { M, api, clock, fmt } from './core.js';
import { byId } from './dom.js';
import { queue, recall, remember, token, waiting } from './outbox.js';

// Issue 23: a message reaches the phone within 10 s (30 s rounds took 26 s on average). A hidden page
// (a phone in a pocket) does not ask; it asks again the moment it is looked at.
const POLL_MS = 7000;
const ACK = new RegExp(`^${api('/messages/')}(\\d+)/acknowledge$`);  // this operation's (a slug is [a-z0-9-])

let shown = null;  // the ids on show: a poll that brings nothing new leaves the banner (and a finger on it) be

async function render() {
  const list = (await recall('messages')) || [];
  const acking = new Set((await waiting()).map((item) => item.path.match(ACK)).filter(Boolean).map((m) => Number(m[1])));
  const open = list.filter((message) => !message.acknowledged_at && !acking.has(message.id));
  const ids = open.map((message) => message.id).join(',');
  if (ids === shown) { return; }
  shown = ids;
  const banner = byId('messages');
  banner.textContent = '';
  open.forEach((message) => {
    const row = byId('message-row').content.firstElementChild.cloneNode(true);
    row.querySelector('.message-text').textContent = message.text;
    row.querySelector('.message-when').textContent = fmt(M.message_sent_at, { time: clock(message.sent_at) });
    row.querySelector('.message-ack').addEventListener('click', async () => {
      await queue('message_ack', api(`/messages/${message.id}/acknowledge`), {});
      render();
    });
    banner.append(row);
  });
  banner.hidden = open.length === 0;
}

async function fetchMessages() {
  const bearer = await token();
  if (!bearer || document.visibilityState === 'hidden') { return; }
  try {
    const { body } = await request(api('/messages'), { auth: { token: bearer } });
    await remember('messages', body);
    await render();
  } catch (notNow) {
    // No signal, or not in a pair: the saved messages stay on show.
  }
}

export function startMessages() {
  render();
  fetchMessages();
  setInterval(fetchMessages, POLL_MS);
  document.addEventListener('visibilitychange', fetchMessages);
  window.addEventListener('outbox:synced', fetchMessages);
}
