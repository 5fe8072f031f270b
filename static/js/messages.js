/* Messages from the staging area ("storm cell coming, come back"): fetched at every sync and every 30 s
 * while online, shown as a banner until the pair says "Got it" (an acknowledgement through the outbox).
 * Message text is user text: it only ever goes in through textContent. */
import { request } from './api.js';
import { M, clock, fmt } from './core.js';
import { byId } from './dom.js';
import { queue, recall, remember, token, waiting } from './outbox.js';

const POLL_MS = 30000;
const ACK = /^\/api\/v1\/messages\/(\d+)\/acknowledge$/;

async function render() {
  const list = (await recall('messages')) || [];
  const acking = new Set((await waiting()).map((item) => item.path.match(ACK)).filter(Boolean).map((m) => Number(m[1])));
  const open = list.filter((message) => !message.acknowledged_at && !acking.has(message.id));
  const banner = byId('messages');
  banner.textContent = '';
  open.forEach((message) => {
    const row = byId('message-row').content.firstElementChild.cloneNode(true);
    row.querySelector('.message-text').textContent = message.text;
    row.querySelector('.message-when').textContent = fmt(M.message_sent_at, { time: clock(message.sent_at) });
    row.querySelector('.message-ack').addEventListener('click', async () => {
      await queue('message_ack', `/api/v1/messages/${message.id}/acknowledge`, {});
      render();
    });
    banner.append(row);
  });
  banner.hidden = open.length === 0;
}

async function fetchMessages() {
  const bearer = await token();
  if (!bearer || !navigator.onLine) { return; }
  try {
    const { body } = await request('/api/v1/messages', { auth: { token: bearer } });
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
  window.addEventListener('outbox:synced', fetchMessages);
}
