// The coordinator map: every block on one canvas (coordinator/blocks.js), from the shapes binary and the
// status document of services/areas/map_layers.py, with the basemap and streets under it; an open map asks
// for what changed every few seconds, so a new assignment, visit or hazard shows without a reload. Every
// user string is put in the page as text (textContent, text nodes), never as HTML, so a name like <script>
// is only ever shown. services/areas/maps.py loads this module and calls start() once folium has made the map.
import {addBasemap, drawStreets} from "./map/basemap.js";
import {BlockLayer, decodeShapes} from "./coordinator/blocks.js";
import {apiClient, vocabColour} from "./coordinator/dom.js";
import {cueCanvas, hatchPattern} from "./coordinator/canvas.js";
import {blockCodeLayer} from "./coordinator/labels.js";
import {gatheringsLayer, legendControl, needsLayer, outlineLayer, stagingLayer} from "./coordinator/layers.js";
import {enablePlans} from "./coordinator/plan.js";
import {bindPopup, blockPopup, showBlock} from "./coordinator/popup.js";
import {addSearch} from "./coordinator/search.js";
import {enableSelection} from "./coordinator/selection.js";

// Status colours have one source, the vocabulary's styles in the page head (outreach/vocab.py).
const COLOURS = {};
export const colourOf = (status) => COLOURS[status] || (COLOURS[status] = vocabColour("block_status", status));
const SOON_MINUTES = 12 * 60;

/**
 * How a block looks: its status colour, and a cue besides colour for the statuses that matter most
 * (done: a heavy outline; unsafe: hatched); dashed when its assignment expires soon; a wide outline
 * in the plan's colour when planned, or black when picked.
 */
function styleOf(ctx, feature) {
  const {state} = ctx, p = feature.properties;
  const soon = p.expires && (p.expires - Date.now() / 60000) < SOON_MINUTES;
  const planned = state.plan && state.plan.byBlock[p.id];
  const picked = ctx.isPicked(p.id), done = p.status === "done";
  return {color: planned ? planned.color : (picked || done ? "#000" : "#1f2937"),
          weight: planned || picked ? 3 : (done ? 2.5 : 0.6), hatch: p.status === "unsafe",
          dashArray: soon ? "4 3" : null, fillColor: colourOf(p.status), fillOpacity: 0.6};
}

/** Whether a block is drawn with a style of its own (styleOf) rather than in its status colour only. */
function hasOwnStyle(ctx, p) {
  return p.status === "done" || p.status === "unsafe" || Boolean(p.expires) || ctx.isPicked(p.id)
    || Boolean(ctx.state.plan && ctx.state.plan.byBlock[p.id]);
}

/** A block's properties before the status document: plain, as most of a city's blocks are. */
function plainBlocks(shapes) {
  return shapes.codes.map((code, i) => ({
    id: shapes.ids[i], code, neighborhood_id: shapes.hoods[i], status: "unassigned", team_id: null,
    assignment_id: null, expires: null, visits: 0, open_needs: 0, urgent: 0, hazards: []}));
}

/**
 * Put a status document (whole, or the changes `since` a version) into the blocks' properties; answers
 * the ids of the blocks it touched. Rows are [id, status, pair, assignment, expires, visits, needs, urgent].
 */
function applyStatus(ctx, doc) {
  const {state} = ctx, touched = new Set();
  const set = (row) => {
    const layer = state.layers[row[0]];
    if (!layer) { return; }
    const p = layer.feature.properties;
    [p.status, p.team_id, p.assignment_id, p.expires] = [doc.statuses[row[1]], row[2] || null, row[3] || null, row[4] || null];
    [p.visits, p.open_needs, p.urgent] = [row[5], row[6], row[7]];
    if (row.slice(1).some(Boolean)) { state.nonPlain.add(row[0]); } else { state.nonPlain.delete(row[0]); }
    touched.add(row[0]);
  };
  if (doc.since === undefined) { [...state.nonPlain].forEach((id) => set([id, 0, 0, 0, 0, 0, 0, 0])); }
  doc.rows.forEach(set);
  state.hazardIds.forEach((id) => { if (state.layers[id]) { state.layers[id].feature.properties.hazards = []; } });
  state.hazardIds = Object.keys(doc.hazards).map(Number);
  state.hazardIds.forEach((id) => {
    if (state.layers[id]) { state.layers[id].feature.properties.hazards = doc.hazards[id]; touched.add(id); }
  });
  state.teams = {};
  doc.teams.forEach((t) => { state.teams[t.id] = t; });
  state.version = doc.version;
  return touched;
}

/** The shared context the map's parts work on. */
function makeContext(map, drawn, options, shapes, status) {
  const state = {teams: {}, hoods: {}, layers: {}, selection: [], plan: null, map, nonPlain: new Set(), hazardIds: []};
  shapes.header.hoods.forEach((h) => { state.hoods[h.id] = h.name; });
  const ctx = {map, drawn, options, shapes, status, state, T: options.labels, renderer: cueCanvas({padding: 0.3}),
               panel: document.getElementById(options.panel_id),
               call: apiClient(options.csrf_token, options.labels.failed)};
  let pickedFrom = null, picked = new Set();
  ctx.isPicked = (id) => {
    if (pickedFrom !== state.selection) { pickedFrom = state.selection; picked = new Set(state.selection); }
    return picked.has(id);
  };
  ctx.teamName = (id) => state.teams[id] ? state.teams[id].name : (id ? "#" + id : "—");
  ctx.restyle = (id) => { const layer = state.layers[id]; if (layer) { layer.setStyle(styleOf(ctx, layer.feature)); } };
  ctx.restyleAll = () => state.blocks.setStyle();
  ctx.applyAssignments = (assignments) => {
    assignments.forEach((a) => {
      const layer = state.layers[a.block_id];
      if (!layer) { return; }
      const p = layer.feature.properties;
      p.status = a.block_status;
      p.team_id = a.released_at ? null : a.team_id;
      p.assignment_id = a.released_at ? null : a.id;
      p.expires = a.released_at ? null : Math.floor(Date.parse(a.expires_at) / 60000);
      ctx.restyle(a.block_id);
    });
    state.needs.refresh();
  };
  return ctx;
}

/** Draw every layer and control of the map from its shapes and status. */
function draw(ctx) {
  const {map, shapes, state, T} = ctx;
  // Over the streets (350), under the outlines, markers and labels of the overlay pane (400).
  map.createPane("blocks").style.zIndex = 390;
  const blocks = new BlockLayer({
    pane: "blocks", padding: 0.3, shapes, properties: plainBlocks(shapes), hatch: hatchPattern,
    fillOf: (p) => colourOf(p.status), ownStyle: (p) => hasOwnStyle(ctx, p), styleOf: (view) => styleOf(ctx, view.feature)});
  blocks.views.forEach((view) => { state.layers[view.feature.properties.id] = view; });
  applyStatus(ctx, ctx.status);
  bindPopup(ctx, blocks);
  // Framed before the blocks are added, so the first view is drawn once, not once here and again there.
  if (shapes.n) { map.fitBounds(blocks.getBounds(), {animate: false}); }
  blocks.addTo(map);
  state.blocks = blocks;
  state.streets = drawStreets(map, shapes.header.streets);
  const outlines = outlineLayer(ctx, shapes.header.hoods).addTo(map);
  const staging = stagingLayer(ctx, ctx.status.teams).addTo(map);
  state.needs = needsLayer(ctx, blocks).addTo(map);
  state.codes = blockCodeLayer(ctx);
  state.gatherings = gatheringsLayer(ctx, ctx.status.gatherings).addTo(map);
  addSearch(ctx);
  // Collapsed: a 44 px button that opens on hover or tap, so the map keeps its corner.
  const layers = L.control.layers(null, {[T.blocks]: blocks, [T.neighborhoods]: outlines, [T.staging]: staging,
    [T.needs_layer]: state.needs, [T.block_codes]: state.codes, [T.gatherings]: state.gatherings},
    {collapsed: true}).addTo(map);
  layers.getContainer().querySelector(".leaflet-control-layers-toggle").title = T.layers;  // Leaflet's is English
  legendControl(ctx, ctx.status.statuses, colourOf).addTo(map);
  if (!shapes.n && shapes.header.hoods.length) { map.fitBounds(outlines.getBounds(), {animate: false}); }
  enableSelection(ctx);
  enablePlans(ctx);
  // A help call's link (?block_id=) opens on the pair's last known block, its popup open.
  const asked = ctx.options.block_id && state.layers[ctx.options.block_id];
  if (asked) { showBlock(ctx, asked); }
}

/** Ask every few seconds what changed since the map's version, and show it: colours, markers, an open popup. */
function followChanges(ctx) {
  const {options, state} = ctx;
  const joiner = options.status_url.includes("?") ? "&" : "?";
  async function tick() {
    try {
      const response = await fetch(`${options.status_url}${joiner}since=${state.version}`, {credentials: "same-origin"});
      const doc = response.ok ? await response.json() : null;
      if (doc && doc.version !== state.version) { showChanges(ctx, applyStatus(ctx, doc)); }
    } catch {
      // Offline for a moment: the next tick asks again.
    }
    setTimeout(tick, options.poll_ms);
  }
  setTimeout(tick, options.poll_ms);
}

/** Redraw the blocks `touched` by a status document, the needs markers, and the open popup if it is one of them. */
function showChanges(ctx, touched) {
  const {state} = ctx;
  touched.forEach((id) => ctx.restyle(id));
  state.needs.refresh();
  const open = state.popupLayer;
  if (open && ctx.popup.isOpen() && touched.has(open.feature.properties.id)) { ctx.popup.setContent(blockPopup(ctx, open)); }
}

/**
 * Fetch the shapes and the status and draw the map; the page's <html> gets data-map-ready, then
 * data-under-ready once the basemap is added, and the User Timing mark "outreach:map-drawn" once the
 * blocks in view are painted (DESIGN section 6). Answers the state, which tests and the benchmark read
 * through `handle` (window.OutreachMap, the map's one deliberate global).
 */
export async function start(map, drawn, options) {
  const get = (url) => fetch(url, {credentials: "same-origin"});
  const [shapes, status] = await Promise.all([
    get(options.shapes_url).then((r) => r.arrayBuffer()), get(options.data_url).then((r) => r.json())]);
  const ctx = makeContext(map, drawn, options, decodeShapes(shapes), status);
  draw(ctx);
  window.OutreachMap = handle(ctx.state);
  document.documentElement.setAttribute("data-map-ready", "1");
  // The canvas is drawn; the frame that shows it comes next.
  requestAnimationFrame(() => setTimeout(() => performance.mark("outreach:map-drawn")));
  followChanges(ctx);
  await addBasemap(map, options.basemap);
  document.documentElement.setAttribute("data-under-ready", "1");
  return ctx.state;
}

/** For tests and the benchmark: the state, where a block is on screen, and its current fill colour. */
function handle(state) {
  return {
    current: state, drawnAt: performance.now(), colourOf,
    pointOf: (id) => state.map.latLngToContainerPoint(state.layers[id].getBounds().getCenter()),
    fillOf: (id) => state.blocks.options.fillOf(state.layers[id].feature.properties),  // what the canvas paints
  };
}
