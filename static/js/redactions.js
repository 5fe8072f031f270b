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

/* Show, for the items just sent (answers in the same order), every text the server stored with redactions. */
export function showStored(items, answers) {
  const box = byId('outbox-redacted');
  if (!box) { return; }
  const shown = [];
  answers.forEach((answer, index) => {
    if (!answer || !answer.stored || !items[index]) { return; }
    Object.entries(answer.stored).forEach(([name, stored]) => {
      shown.push(comparison(typedText(items[index].body || {}, name), stored || ''));
    });
  });
  if (shown.length) {
    box.replaceChildren(...shown);
    box.hidden = false;
  }
}
