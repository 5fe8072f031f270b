// Drawing a rectangle or polygon selects the blocks whose middle lies inside; assign the free ones.
import {el} from "../dom.js";
import {teamSelect} from "./dom.js";
import {insideRing} from "./geometry.js";

/** Wire the draw tool to block selection and the panel that assigns the selection. */
export function enableSelection(ctx) {
  const {map, drawn, panel, state, T, options, call} = ctx;
  const box = () => panel.querySelector("[data-part=selection]");

  function setSelection(ids) {
    const before = state.selection;
    state.selection = ids;
    before.concat(ids).forEach((id) => ctx.restyle(id));
  }

  function clearSelection() {
    setSelection([]);
    drawn.clearLayers();
    box().textContent = "";
  }

  function showSelection() {
    const part = box();
    part.textContent = "";
    const free = state.selection.filter((id) => !state.layers[id].feature.properties.assignment_id);
    part.appendChild(el("p", null, T.selected.replace("{n}", state.selection.length).replace("{free}", free.length)));
    const message = el("p", {className: "panel-message"});
    message.setAttribute("role", "status");
    const select = teamSelect(state.teams, T.pair), assign = el("button", {className: "primary"}, T.assign_selected);
    const cancel = el("button", null, T.cancel);
    assign.type = cancel.type = "button";
    assign.disabled = !free.length || !Object.keys(state.teams).length;
    assign.addEventListener("click", () => {
      call("POST", options.api + "/assignments", {team_id: parseInt(select.value, 10), block_ids: free})
        .then((json) => {
          ctx.applyAssignments(json.assignments);
          clearSelection();
          part.appendChild(el("p", {className: "panel-message"}, T.assigned_n.replace("{n}", json.assignments.length)));
        }, (error) => { message.textContent = error.message; });
    });
    cancel.addEventListener("click", clearSelection);
    part.append(select, assign, cancel, message);
  }

  map.on(L.Draw.Event.CREATED, (e) => {
    const ring = e.layer.getLatLngs()[0], picked = [];
    state.blocks.eachLayer((layer) => {
      if (insideRing(layer.getBounds().getCenter(), ring)) { picked.push(layer.feature.properties.id); }
    });
    setSelection(picked);
    showSelection();
  });
}
