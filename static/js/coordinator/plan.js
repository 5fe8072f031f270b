// Suggested plans: shown as coloured outlines; the coordinator accepts all, some or none.
import {el} from "../dom.js";

const PLAN_COLORS = ["#7c3aed", "#db2777", "#0891b2", "#65a30d", "#ea580c", "#4f46e5", "#be123c", "#0d9488"];

/** Wire the panel's "suggest" button to the suggestions API and the plan it answers. */
export function enablePlans(ctx) {
  const {panel, state, T, options, call} = ctx;

  function clearPlan() { state.plan = null; ctx.restyleAll(); }

  function planList(entries) {
    const list = el("ul", {className: "plan-list"});
    entries.forEach((entry, i) => {
      const color = PLAN_COLORS[i % PLAN_COLORS.length];
      entry.block_ids.forEach((id) => { state.plan.byBlock[id] = {color, team: entry.team_id}; });
      const item = el("li"), label = el("label"), check = el("input"), swatch = el("span", {className: "swatch"});
      check.type = "checkbox"; check.checked = true; check.value = entry.team_id;
      swatch.style.background = color;
      const far = Math.max(...entry.distance_m, 0);
      label.append(check, swatch, el("span", null, T.plan_row.replace("{pair}", ctx.teamName(entry.team_id))
        .replace("{n}", entry.block_ids.length).replace("{m}", Math.round(far))));
      item.appendChild(label);
      list.appendChild(item);
    });
    return list;
  }

  function showPlan(entries, box) {
    clearPlan();
    box.textContent = "";
    if (!entries.length) { box.appendChild(el("p", null, T.plan_empty)); return; }
    state.plan = {entries, byBlock: {}};
    const list = planList(entries);
    ctx.restyleAll();
    const accept = el("button", {className: "primary"}, T.accept), dismiss = el("button", null, T.dismiss);
    accept.type = dismiss.type = "button";
    const message = el("p", {className: "panel-message"});
    message.setAttribute("role", "status");
    accept.addEventListener("click", () => {
      const chosen = Array.from(list.querySelectorAll("input")).filter((c) => c.checked)
        .map((c) => parseInt(c.value, 10));
      const items = entries.filter((e) => chosen.includes(e.team_id))
        .map((e) => ({team_id: e.team_id, block_ids: e.block_ids}));
      if (!items.length) { clearPlan(); box.textContent = ""; return; }
      call("POST", options.api + "/suggestions/accept", {plan: items}).then((json) => {
        clearPlan();
        ctx.applyAssignments(json.assignments);
        box.textContent = "";
        box.appendChild(el("p", {className: "panel-message"}, T.assigned_n.replace("{n}", json.assignments.length)));
      }, (error) => { message.textContent = error.message; });
    });
    dismiss.addEventListener("click", () => { clearPlan(); box.textContent = ""; });
    box.append(list, accept, dismiss, message);
  }

  panel.querySelector("[data-action=suggest]").addEventListener("click", () => {
    const box = panel.querySelector("[data-part=plan]");
    box.textContent = T.loading;
    const query = options.neighborhood_id ? "?neighborhood_id=" + options.neighborhood_id : "";
    call("GET", options.api + "/suggestions" + query)
      .then((json) => showPlan(json.plan, box), (error) => { box.textContent = error.message; });
  });
}
