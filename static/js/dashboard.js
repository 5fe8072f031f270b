// The coordinator dashboard's live care board. It polls /coordinator/dashboard/care.json with the
// board's ETag (an unchanged board is a bodiless 304) and redraws the lists when the board changes.
// Every user string (names, notes, messages) goes into the page as text (textContent), never as HTML.
import {clock, stamp} from "./clock.js";
import {el} from "./dom.js";

/** A translated string with its %(name)s parts filled in. */
export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A POST form to `action` carrying the page's CSRF token, with a submit button and optional fields. */
function actionForm(action, csrf, label, fields = []) {
  const form = el("form");
  form.method = "post";
  form.action = action;
  const token = el("input");
  Object.assign(token, {type: "hidden", name: "csrf_token", value: csrf});
  const button = el("button", null, label);
  button.type = "submit";
  form.append(token, ...fields, button);
  return form;
}

function contactLine(person, T) {
  return person.contact ? `${person.name} (${T.reach}: ${person.contact})` : `${person.name} (${T.no_contact})`;
}

/** The call's last known block, linked to the map framed on its neighborhood. */
function blockLine(call, config, time) {
  const T = config.text, line = el("p", {className: "last-block"});
  if (!call.block) { line.append(T.no_block); return line; }
  const link = el("a", {className: "code"}, call.block);
  link.href = `${config.map_url}?neighborhood_id=${call.neighborhood_id}&block_id=${call.block_id}`;
  const source = call.block_from === "call" ? T.from_call : fill(T.from_visit, {time: time(call.block_seen_at)});
  line.append(T.last_block, " ", link, " ", el("span", {className: "muted"}, `(${source})`));
  return line;
}

/** Who answered the pair's earlier help calls, and when. */
function earlierLine(call, T, when) {
  const answers = call.earlier.map((earlier) => fill(T.answered, {name: earlier.by, time: when(earlier.at)}));
  return el("p", {className: "earlier"}, `${T.earlier} ${answers.join("; ")}`);
}

/** A help call texted from a number nobody registered: its last four digits and its words (scrubbed). */
function unmatchedCall(call, T, time, act, actions) {
  const item = el("li", {className: "help-call"});
  item.append(el("strong", null, `${T.help}: ${fill(T.unmatched, {digits: call.last_four})}`), " ");
  item.append(el("span", null, fill(T.at, {time: time(call.sent_at)})), " ", el("span", {className: "by-text"}, T.by_text));
  if (call.note) { item.append(el("p", {className: "sms-note"}, call.note)); }
  item.append(actions(act("sms", call.id, T.acknowledge)));
  return item;
}

/** How each list of the board is drawn: one function per list, each answering an <li>. */
function renderers(config) {
  const T = config.text, lang = config.lang;
  const time = (iso) => clock(iso, lang, config.time_zone);
  const act = (kind, id, label, fields) => actionForm(config.actions[kind] + id, config.csrf, label, fields);
  const actions = (...forms) => { const box = el("div", {className: "actions"}); box.append(...forms); return box; };
  return {
    help(call) {
      if (call.unmatched) { return unmatchedCall(call, T, time, act, actions); }
      const item = el("li", {className: "help-call"});
      item.dataset.alertId = call.id;
      item.append(el("strong", null, `${T.help}: ${call.team || T.no_pair}`), " ");
      item.append(el("span", null, fill(T.at, {time: time(call.sent_at)})), " · ");
      item.append(el("span", {className: "muted"}, fill(T.sent_by, {name: call.sender})));
      if (call.by_text) { item.append(" ", el("span", {className: "by-text"}, T.by_text)); }
      const people = el("ul", {className: "members"});
      for (const member of call.members) { people.append(el("li", null, contactLine(member, T))); }
      item.append(people, blockLine(call, config, time));
      if (call.earlier && call.earlier.length) {
        item.append(earlierLine(call, T, (iso) => stamp(iso, lang, config.time_zone)));
      }
      item.append(actions(act("alert", call.id, T.acknowledge)));
      return item;
    },
    overdue(shift) {
      const item = el("li");
      item.append(el("strong", null, shift.name), shift.team ? ` (${shift.team})` : "", " — ");
      item.append(el("span", null, fill(T[shift.reason], {time: time(shift.reason === "return" ? shift.due_at : shift.last_ok_at)})));
      if (shift.contact) { item.append(" · ", el("span", null, `${T.reach}: ${shift.contact}`)); }
      item.append(actions(act("extend", shift.id, T.extend), act("close", shift.id, T.close)));
      return item;
    },
    safety(visit) {
      const item = el("li");
      item.append(el("strong", null, visit.block), ` — ${time(visit.visited_at)}`, visit.team ? `, ${visit.team}` : "");
      item.append(actions(act("safety", visit.id, T.handled)));
      return item;
    },
    care(shift) {
      const item = el("li");
      item.append(el("strong", null, shift.name), shift.team ? ` (${shift.team})` : "");
      if (shift.self_care) { item.append(" — ", el("span", null, fill(T.said, {answer: config.self_care[shift.self_care] || shift.self_care}))); }
      if (shift.debrief_requested) { item.append(" · ", el("span", null, T.debrief_asked)); }
      item.append(actions(act("debriefed", shift.id, T.debriefed)));
      return item;
    },
    hazards(block) {
      const item = el("li");
      item.append(el("strong", null, block.code), ` (${block.neighborhood}): `, el("span", {className: "hazard-note"}, block.note));
      const note = el("input");
      Object.assign(note, {type: "text", name: "note", required: true, maxLength: 500, placeholder: T.resolve_note});
      note.setAttribute("aria-label", T.resolve_note);
      item.append(actions(act("hazard", block.id, T.resolve, [note])));
      return item;
    },
    messages(message) {
      const item = el("li", {className: message.unread.length ? "" : "all-read"});
      item.append(el("span", {className: "muted"}, time(message.sent_at)), " ", el("span", {className: "message-text"}, message.text));
      const reads = el("p", {className: "reads"}, fill(T.read_by, {read: message.read, total: message.total}));
      item.append(reads);
      if (message.unread.length) {
        const pairs = el("ul", {className: "acks"});
        for (const name of message.unread) { pairs.append(el("li", {className: "not-ack"}, name)); }
        item.append(el("span", {className: "muted"}, T.not_yet), pairs);
      }
      return item;
    },
  };
}

/** Draw every list of `board` into `root`, and show the waiting help calls in the tab's title. */
export function render(root, board, config, draw = renderers(config)) {
  for (const [key, renderItem] of Object.entries(draw)) {
    const items = board[key] || [];
    const list = root.querySelector(`[data-list="${key}"]`);
    list.replaceChildren(...(items.length ? items.map(renderItem) : [el("li", {className: "muted"}, config.text[`${key}_empty`])]));
    root.querySelector(`[data-count="${key}"]`).textContent = String(items.length);
    root.querySelector(`[data-box="${key}"]`).classList.toggle("alert", key !== "messages" && items.length > 0);
  }
  const calls = (board.help || []).length;
  document.title = (calls ? fill(config.text.title_help, {count: calls}) + " · " : "") + config.baseTitle;
}

/** Keep `root` in step with the server: poll every config.poll_ms, at once when the tab comes back. */
export function startCareBoard(root, config) {
  config.baseTitle = document.title;
  const status = root.querySelector("[data-part=status]");
  const draw = renderers(config);
  let etag = config.etag, timer = null;
  render(root, config.board, config, draw);
  const now = () => clock(new Date().toISOString(), config.lang, config.time_zone, true);
  status.textContent = fill(config.text.updated, {time: now()});

  async function poll() {
    clearTimeout(timer);
    try {
      const response = await fetch(config.url, {credentials: "same-origin", cache: "no-store",
                                                headers: {"Accept": "application/json", "If-None-Match": etag}});
      if (response.status === 200) {
        etag = response.headers.get("ETag") || etag;
        render(root, await response.json(), config, draw);
      } else if (response.status !== 304) {
        throw new Error(String(response.status));
      }
      status.textContent = fill(config.text.updated, {time: now()});
      status.classList.remove("warn");
    } catch (error) {
      status.textContent = config.text.offline;
      status.classList.add("warn");
    }
    timer = setTimeout(poll, config.poll_ms);
  }

  document.addEventListener("visibilitychange", () => { if (!document.hidden) { poll(); } });
  timer = setTimeout(poll, config.poll_ms);
  return {poll};
}

const root = document.getElementById("care-board");
if (root) { startCareBoard(root, JSON.parse(document.getElementById("care-config").textContent)); }
