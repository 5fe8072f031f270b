/* A gathering on the facilitator's phone (issue 27): check in and out as for a shift, and the report, each
 * through the outbox so that it works without signal and is stored once. Filled from data.json; every word
 * from the server goes in as text. */
import { M, api, fmt, gatheringWhen, labels, localIso } from './core.js';
import { byId, el, say } from './dom.js';
import { loadData, queue, waiting } from './outbox.js';

const gatheringId = Number(window.location.pathname.split('/').pop());
const mine = new Map();  // client_id -> what to say once it is sent
const form = byId('gathering-report');

function tellAtTop(text) {
  say('gathering-saved', text);
  byId('gathering-saved').focus({ preventScroll: true });
  document.querySelector('main h1').scrollIntoView({ block: 'start' });
}

async function send(kind, path, body, saidNow, saidSent) {
  const clientId = await queue(kind, path, body);
  mine.set(clientId, saidSent);
  tellAtTop(`${saidNow} ${M.saved_not_sent}`);
}

/* Whether this phone checked in (the server said so, or a check-in waits in the outbox after any check-out). */
async function checkedIn(g) {
  let on = g.checked_in;
  (await waiting()).forEach((item) => {
    if (item.kind === 'gathering_check_in' && item.path === api(`/gatherings/${g.id}/check-in`)) { on = true; }
    if (item.kind === 'gathering_check_out' && item.path === api(`/gatherings/${g.id}/check-out`)) { on = false; }
  });
  return on;
}

async function showShift(g) {
  const on = await checkedIn(g);
  byId('gathering-check-in').hidden = on || g.status !== 'planned';
  byId('gathering-check-out').hidden = !on;
}

async function reported(g) {
  return g.status !== 'planned' || (await waiting()).some((item) => item.kind === 'gathering_report' &&
    item.path === api(`/gatherings/${g.id}/report`));
}

const number = (name) => {
  const value = form.elements[name].value.trim();
  return value === '' ? null : Number(value);
};

/* The report as the API takes it (services/gatherings/reports.py ReportIn): counts, slugs, ids, no names. */
function reportBody() {
  const held = form.querySelector('input[name=held]:checked').value === '1';
  const referrals = {};
  Object.keys(labels.referral).forEach((slug) => {
    const n = number(`referral-${slug}`);
    if (n) { referrals[slug] = n; }
  });
  const needs = [...form.querySelectorAll('input[name=need]:checked')].map((box) => {
    const details = form.querySelector(`[data-need="${box.value}"]`);
    return { category: box.value, urgency: details.querySelector('.need-urgency').value,
      people: Number(details.querySelector('.need-people').value) || 1 };
  });
  const checked = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((box) => box.value);
  const body = { held, attendance: number('attendance') || 0, topics: checked('topics'), referrals, needs,
    practised_user_ids: checked('practised').map(Number) };
  ['under_18', 'over_64', 'minutes'].forEach((name) => { if (number(name) !== null) { body[name] = number(name); } });
  const text = form.elements.would_do_differently.value.trim();
  if (text) { body.would_do_differently = text; }
  return body;
}

/* A held gathering needs its (estimated) attendance; the server checks the rest and names what to fix. */
function checkCounts(body) {
  const problem = body.held && form.elements.attendance.value.trim() === '' ? M.need_attendance : '';
  say('attendance-error', problem);
  return !problem;
}

function practisedChoices(g) {
  if (g.kind !== 'ecpr_practice') { return; }
  byId('practised-box').hidden = false;
  byId('practised').replaceChildren(...(g.volunteers || []).map((v) => el('label', { className: 'chip' }, [
    el('input', { type: 'checkbox', name: 'practised', value: String(v.id) }), el('span', {}, v.name)])));
}

async function show(g) {
  byId('gathering-page').hidden = false;
  document.title = `${g.title} · Outreach`;
  byId('gathering-title').textContent = g.title;
  const kind = byId('gathering-kind');
  kind.textContent = labels.gathering_kind[g.kind] || g.kind;
  kind.className = `status gathering-${g.kind}`;
  byId('gathering-when').textContent = gatheringWhen(g);
  byId('gathering-where').textContent = g.where;
  byId('gathering-with').textContent = g.with.length ? fmt(M.gathering_with, { names: g.with.join(', ') }) : '';
  practisedChoices(g);
  const debrief = g.kind === 'volunteer_debrief';  // its report counts people only (reports.py)
  form.querySelectorAll('[data-not-for-debrief]').forEach((part) => { part.hidden = debrief; });
  byId('debrief-note').hidden = !debrief;
  await showShift(g);
  if (await reported(g)) {
    form.hidden = true;
    say('gathering-saved', g.status !== 'planned' ? M.gathering_already_reported
      : `${M.gathering_reported} ${M.saved_not_sent}`);
  }
}

function start(data) {
  const g = (data.gatherings || []).find((found) => found.id === gatheringId);
  if (!g) { say('gathering-missing', M.gathering_missing); return; }
  show(g);
  byId('gathering-check-in').addEventListener('click', async () => {
    await send('gathering_check_in', api(`/gatherings/${g.id}/check-in`), { at: localIso(new Date()) },
      M.gathering_checked_in, M.checked_in_sent);
    showShift(g);
  });
  byId('gathering-check-out').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = event.target;
    const selfCare = out.querySelector('input[name=self_care]:checked');
    say('gathering-self-care-error', selfCare ? '' : M.pick_one);
    if (!selfCare) { return; }
    const debrief = out.elements.debrief.checked;
    await send('gathering_check_out', api(`/gatherings/${g.id}/check-out`),
      { self_care: selfCare.value, debrief, at: localIso(new Date()) },
      debrief ? `${M.checked_out} ${M.debrief_coming}` : M.checked_out, M.checked_out_sent);
    showShift(g);
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'need') {
      form.querySelector(`[data-need="${event.target.value}"]`).hidden = !event.target.checked;
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = reportBody();
    if (!checkCounts(body)) { return; }
    form.hidden = true;
    await send('gathering_report', api(`/gatherings/${g.id}/report`), body, M.gathering_reported,
      M.gathering_report_sent);
  });
}

window.addEventListener('outbox:sent', (event) => {
  const said = mine.get(event.detail.item.client_id);
  if (said) { say('gathering-saved', said); }
});
window.addEventListener('outbox:refused', (event) => {
  if (!mine.has(event.detail.item.client_id)) { return; }
  say('gathering-saved', event.detail.error.message);
  if (event.detail.item.kind === 'gathering_report') { form.hidden = false; }  // to correct and send again
});

loadData().then(start, () => say('gathering-missing', M.sign_in_again));
