/* Block page: filled from data.json, so each of the pair's blocks opens without signal. Confirming or
 * reopening a need, marking the block done and flagging a hazard go through the outbox, and each says
 * whether it is only on the phone or already sent. Every word from the server goes in as text. */
import { M, api, counted, field, fmt, labels } from './core.js';
import { byId, el, say } from './dom.js';
import { loadData, queue, waiting } from './outbox.js';

const blockId = Number(window.location.pathname.split('/').pop());
const notes = new Map();  // client_id -> where to tell what became of it, and in which words
const NEED_WORDS = { confirm: M.need_confirmed, reopen: M.need_reopened };

function tell(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

async function act(kind, path, body, node, words) {
  const clientId = await queue(kind, path, body);
  notes.set(clientId, { node, words });
  tell(node, `${words} ${M.saved_not_sent}`);
}

function needItem(need) {
  const item = byId('need-item').content.firstElementChild.cloneNode(true);
  item.dataset.need = need.id;
  item.querySelector('.need-name').textContent = labels.need_category[need.category];
  item.querySelector('.need-urgency').textContent = labels.need_urgency[need.urgency];
  item.querySelector('.need-people').textContent = counted(M.people_count, need.people);
  item.querySelector('.need-status').textContent = labels.need_status[need.status];
  item.querySelector('.need-actions').hidden = need.status !== 'fulfilled';  // only a met need is confirmed
  return item;
}

function show(page) {
  byId('block-page').hidden = false;
  document.title = `${fmt(M.block_code, { code: page.code })} · Outreach`;
  byId('block-title').textContent = fmt(M.block_code, { code: page.code });
  const status = byId('block-status');
  status.textContent = labels.block_status[page.status] || page.status;
  status.className = `status status-${page.status}`;
  byId('block-visits').textContent = counted(M.earlier_visits, page.visits);
  byId('block-visited').hidden = page.mine;
  // Every warning still standing, newest first: one pair's never replaces another's.
  const warnings = page.hazards || [];
  byId('block-hazard').hidden = warnings.length === 0;
  byId('block-hazard-notes').replaceChildren(...warnings.map((hazard) => el('li', {}, hazard.note)));
  byId('block-visit').href = field(`visit?block=${blockId}`);
  byId('mark-done').hidden = !page.mine;
  const list = byId('block-needs');
  list.textContent = '';
  page.needs.forEach((need) => list.append(needItem(need)));
  if (page.needs.length === 0) { list.append(el('li', {}, M.no_needs)); }
}

// A need confirmed or reopened in this operation (a slug is [a-z0-9-]: nothing to escape).
const NEED_ACTION = new RegExp(`^${api('/needs/')}(\\d+)/(confirm|reopen)$`);

/* Needs confirmed or reopened on this phone but not sent yet. */
async function showWaiting() {
  (await waiting()).forEach((item) => {
    const need = item.path.match(NEED_ACTION);
    const node = need && document.querySelector(`li[data-need="${need[1]}"]`);
    if (!node) { return; }
    node.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    notes.set(item.client_id, { node: node.querySelector('.need-note'), words: NEED_WORDS[need[2]] });
    tell(node.querySelector('.need-note'), `${NEED_WORDS[need[2]]} ${M.saved_not_sent}`);
  });
}

byId('block-needs').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) { return; }
  const item = button.closest('li[data-need]');
  const action = button.dataset.action;
  item.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  act(`need_${action}`, api(`/needs/${item.dataset.need}/${action}`), {}, item.querySelector('.need-note'),
    NEED_WORDS[action]);
});

byId('mark-done').addEventListener('click', () => {
  byId('mark-done').disabled = true;
  act('block_done', api(`/blocks/${blockId}/done`), {}, byId('done-note'), M.block_done);
});

byId('hazard-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const note = form.elements.note.value.trim();
  if (!note) { tell(byId('hazard-note'), M.hazard_required); return; }
  act('hazard', api(`/blocks/${blockId}/hazard`), { note }, byId('hazard-note'), M.hazard_flagged);
  form.reset();
});

window.addEventListener('outbox:sent', ({ detail }) => {
  const mine = notes.get(detail.item.client_id);
  if (!mine) { return; }
  let said = `${mine.words} ${M.sent_now}`;
  if (detail.item.kind === 'block_done' && detail.answer.status !== 'done') { said = M.block_stays; }
  if (detail.item.kind.startsWith('need_')) {
    mine.node.closest('li').querySelector('.need-status').textContent = labels.need_status[detail.answer.status];
  }
  tell(mine.node, said);
});

window.addEventListener('outbox:refused', ({ detail }) => {
  const mine = notes.get(detail.item.client_id);
  if (mine) { tell(mine.node, fmt(M.refused, { why: detail.error.message })); }
});

loadData().then((data) => {
  const page = data.block_pages[blockId];
  if (!page) { byId('block-missing').hidden = false; return; }
  show(page);
  showWaiting();
}, () => say('block-missing', M.sign_in_again));
