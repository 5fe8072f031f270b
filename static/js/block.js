/* Block page: confirm or reopen a need, mark the block done, flag a hazard; each through the outbox,
 * so they work without signal, and each says whether it is only on the phone or already sent. */
import { M, fmt, labels } from './core.js';
import { byId } from './dom.js';
import { queue, waiting } from './outbox.js';

const blockId = Number(byId('hazard-form').dataset.block);
const notes = new Map();  // client_id -> the element that tells what became of it

function tell(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

async function act(kind, path, body, node, words) {
  const clientId = await queue(kind, path, body);
  notes.set(clientId, { node, words });
  tell(node, `${words} ${M.saved_not_sent}`);
  return clientId;
}

function needNote(item) { return item.querySelector('.need-note'); }

byId('block-needs').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) { return; }
  const item = button.closest('li[data-need]');
  const action = button.dataset.action;
  item.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  act(`need_${action}`, `/api/v1/needs/${item.dataset.need}/${action}`, {}, needNote(item),
    action === 'confirm' ? M.need_confirmed : M.need_reopened);
});

const done = byId('mark-done');
if (done) {
  done.addEventListener('click', () => {
    done.disabled = true;
    act('block_done', `/api/v1/blocks/${blockId}/done`, {}, byId('done-note'), M.block_done);
  });
}

byId('hazard-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const note = form.elements.note.value.trim();
  if (!note) { tell(byId('hazard-note'), M.hazard_required); return; }
  act('hazard', `/api/v1/blocks/${blockId}/hazard`, { note }, byId('hazard-note'), M.hazard_flagged);
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

/* This page may be a copy saved earlier: show what still waits on the phone for this block. */
waiting().then((items) => items.forEach((item) => {
  const need = item.path.match(/^\/api\/v1\/needs\/(\d+)\/(confirm|reopen)$/);
  const node = need ? document.querySelector(`li[data-need="${need[1]}"]`) : null;
  if (node) {
    node.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    notes.set(item.client_id, { node: needNote(node), words: need[2] === 'confirm' ? M.need_confirmed : M.need_reopened });
    tell(needNote(node), `${notes.get(item.client_id).words} ${M.saved_not_sent}`);
  }
}));
