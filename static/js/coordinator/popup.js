// The one popup of the block layer: a block's facts and its assign / renew / release buttons.
import {stamp} from "../clock.js";
import {el} from "../dom.js";
import {teamSelect} from "./dom.js";

function row(box, label, value) {
  const line = el("div", {className: "popup-row"});
  line.appendChild(el("span", {className: "popup-label"}, label + ": "));
  line.appendChild(el("span", null, value));
  box.appendChild(line);
}

/** Minutes since the epoch (the data document's unit) as a date and time in the operation's zone, labelled. */
function formatMinutes(minutes, options) {
  return stamp(new Date(minutes * 60000).toISOString(), options.lang, options.time_zone);
}

/** The popup's content for one block layer, built as DOM text. */
export function blockPopup(ctx, layer) {
  const {T, state, options, call} = ctx;
  const p = layer.feature.properties, box = el("div", {className: "block-popup"});
  box.appendChild(el("strong", {className: "popup-code"}, p.code));
  row(box, T.neighborhood, state.hoods[p.neighborhood_id] || "");
  row(box, T.status, T.statuses[p.status] || p.status);
  row(box, T.pair, p.team_id ? ctx.teamName(p.team_id) : "—");
  row(box, T.visits, p.visits);
  row(box, T.legend_needs, p.open_needs + (p.urgent ? " (" + p.urgent + " " + T.urgent + ")" : ""));
  if (p.expires) { row(box, T.expires, formatMinutes(p.expires, options)); }
  for (const note of p.hazards || []) { row(box, T.hazard, note); }  // every open warning, newest first
  const message = el("p", {className: "popup-message"});
  message.setAttribute("role", "status");
  const actions = el("div", {className: "popup-actions"});
  const done = (json) => {
    ctx.applyAssignments(json.assignments || [json]);
    if (state.popupLayer === layer) { ctx.popup.setContent(blockPopup(ctx, layer)); }
  };
  const fail = (error) => { message.textContent = error.message; };
  if (p.assignment_id) {
    const renew = el("button", null, T.renew), release = el("button", null, T.release);
    renew.type = release.type = "button";
    renew.addEventListener("click", () => {
      call("POST", options.api + "/assignments/" + p.assignment_id + "/renew").then(done, fail);
    });
    release.addEventListener("click", () => {
      call("DELETE", options.api + "/assignments/" + p.assignment_id).then(done, fail);
    });
    actions.append(renew, release);
  } else if (Object.keys(state.teams).length) {
    const select = teamSelect(state.teams, T.pair), assign = el("button", {className: "primary"}, T.assign);
    assign.type = "button";
    assign.addEventListener("click", () => {
      call("POST", options.api + "/assignments", {team_id: parseInt(select.value, 10), block_ids: [p.id]})
        .then(done, fail);
    });
    actions.append(select, assign);
  } else {
    actions.appendChild(el("span", null, T.no_pairs));
  }
  box.append(actions, message);
  return box;
}

const GAP = 8;  // px between a panned popup and a control

/** How far (px) the controls in one corner reach into the map from its `side` ("top", "left", "bottom"). */
function reach(map, corner, side) {
  const frame = map.getContainer().getBoundingClientRect();
  let most = 0;
  map.getContainer().querySelectorAll(`.leaflet-control-container .${corner} .leaflet-control`).forEach((c) => {
    const box = c.getBoundingClientRect();
    if (!box.width) { return; }
    most = Math.max(most, {top: box.bottom - frame.top, left: box.right - frame.left,
                           bottom: frame.bottom - box.top}[side]);
  });
  return most;
}

/**
 * Auto-pan padding that keeps an opened popup clear of every control: below the search and layer
 * controls (top right), right of the zoom and draw buttons (top left), above the legend and scale.
 */
function paddingClearOfControls(map) {
  const top = reach(map, "leaflet-top.leaflet-right", "top");
  const left = reach(map, "leaflet-top.leaflet-left", "left");
  const bottom = Math.max(reach(map, "leaflet-bottom.leaflet-right", "bottom"),
                          reach(map, "leaflet-bottom.leaflet-left", "bottom"));
  return {autoPanPaddingTopLeft: L.point(left + GAP, top + GAP), autoPanPaddingBottomRight: L.point(GAP, bottom + GAP)};
}

/** Frame a block at a zoom where its code is drawn (16-17) and open its popup, as a click would. */
export function showBlock(ctx, layer) {
  ctx.map.fitBounds(layer.getBounds(), {maxZoom: 17, animate: false});
  layer.fire("click", {latlng: layer.getBounds().getCenter()}, true);
}

/** One popup for the whole block layer, filled when a block is clicked (not 20,000 bound popups). */
export function bindPopup(ctx, blocks) {
  ctx.popup = L.popup({maxWidth: 320});
  blocks.on("click", (e) => {
    L.DomEvent.stop(e);
    ctx.state.popupLayer = e.layer;
    L.setOptions(ctx.popup, paddingClearOfControls(ctx.map));
    ctx.popup.setLatLng(e.latlng).setContent(blockPopup(ctx, e.layer)).openOn(ctx.map);
  });
}
