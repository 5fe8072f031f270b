/* What the server stored in place of what was typed (DESIGN section 2 rule 3): after a sync, each text that
 * lost personal details is shown as typed beside the text as stored, its placeholders in it ("[name] said
 * the roof leaks"), so volunteers see what is taken out and learn to leave names out. Text only, never HTML. */
import { M } from './core.js';
import { byId, el } from './dom.js';

/* The typed text of one field of an outbox item: "notes" or "needs[0].consented_hint". */
function typedText(body, name) {
  const need = /^needs\[(\d+)\]\.(\w+)$/.exec(name);
  if (need) { return ((body.needs || [])[Number(need[1])] || {})[need[2]] || ''; }
  return body[name] || '';
}

/* One pair of lines: what was typed, and what was stored. */
function comparison(typed, stored) {
  return el('div', { className: 'redaction' }, [
    el('p', { className: 'typed' }, [el('strong', {}, `${M.you_typed} `), typed]),
    el('p', { className: 'stored' }, [el('strong', {}, `${M.stored_as} `), stored]),
  ]);
}

/* Show, for the items just sent, every text the server stored with redactions (answers name their client_id:
 * help calls go first and a set-aside item is not answered, so answers need not follow the items' order). */
export function showStored(items, answers) {
  const box = byId('outbox-redacted');
  if (!box) { return; }
  const sent = new Map(items.map((item) => [item.client_id, item]));
  const shown = [];
  answers.forEach((answer) => {
    const item = answer && answer.stored && sent.get(answer.client_id);
    if (!item) { return; }
    Object.entries(answer.stored).forEach(([name, stored]) => {
      shown.push(comparison(typedText(item.body || {}, name), stored || ''));
    });
  });
  if (shown.length) {
    box.replaceChildren(...shown);
    box.hidden = false;
  }
}
