// The coordinator map: one GeoJSON layer of blocks on canvas, built from the compact data
// document of services/areas/map_layers.py, with the basemap and streets under it. Every user string is
// put in the page as text (textContent, text nodes), never as HTML, so a name like <script> is only
// ever shown. services/areas/maps.py loads this module and calls start() once folium has made the map.
import {addBasemap, drawStreets} from "./map/basemap.js";
import {apiClient, vocabColour} from "./coordinator/dom.js";
import {cueCanvas} from "./coordinator/canvas.js";
import {featuresOf} from "./coordinator/geometry.js";
import {blockCodeLayer} from "./coordinator/labels.js";
import {gatheringsLayer, legendControl, needsLayer, outlineLayer, stagingLayer} from "./coordinator/layers.js";
import {enablePlans} from "./coordinator/plan.js";
import {bindPopup, showBlock} from "./coordinator/popup.js";
import {addSearch} from "./coordinator/search.js";
import {enableSelection} from "./coordinator/selection.js";

// Status colours have one source, the vocabulary's styles in the page head (outreach/vocab.py).
export const colourOf = (status) => vocabColour("block_status", status);
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
  const picked = state.selection.includes(p.id), done = p.status === "done";
  return {renderer: ctx.renderer, color: planned ? planned.color : (picked || done ? "#000" : "#1f2937"),
          weight: planned || picked ? 3 : (done ? 2.5 : 0.6), hatch: p.status === "unsafe",
          dashArray: soon ? "4 3" : null, fillColor: colourOf(p.status), fillOpacity: 0.6};
}

/** The shared context the map's parts work on. */
function makeContext(map, drawn, options, data) {
  const state = {teams: {}, hoods: {}, layers: {}, selection: [], plan: null, map};
  data.hoods.forEach((h) => { state.hoods[h.id] = h.name; });
  data.teams.forEach((t) => { state.teams[t.id] = t; });
  const ctx = {map, drawn, options, data, state, T: options.labels, renderer: cueCanvas({padding: 0.3}),
               panel: document.getElementById(options.panel_id),
               call: apiClient(options.csrf_token, options.labels.failed)};
  ctx.teamName = (id) => state.teams[id] ? state.teams[id].name : (id ? "#" + id : "—");
  ctx.restyle = (id) => { const layer = state.layers[id]; if (layer) { layer.setStyle(styleOf(ctx, layer.feature)); } };
  ctx.restyleAll = () => state.blocks.setStyle((feature) => styleOf(ctx, feature));
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

/** Draw every layer and control of the map from its data document. */
function draw(ctx) {
  const {map, data, state, T} = ctx;
  const blocks = L.geoJSON(featuresOf(data), {
    renderer: ctx.renderer, style: (feature) => styleOf(ctx, feature),
    onEachFeature: (feature, layer) => { state.layers[feature.properties.id] = layer; }});
  bindPopup(ctx, blocks);
  blocks.addTo(map);
  state.blocks = blocks;
  state.streets = drawStreets(map, data.streets);
  const outlines = outlineLayer(ctx, data.hoods).addTo(map);
  const staging = stagingLayer(ctx, data.teams).addTo(map);
  state.needs = needsLayer(ctx, blocks).addTo(map);
  state.codes = blockCodeLayer(ctx);
  state.gatherings = gatheringsLayer(ctx, data.gatherings).addTo(map);
  addSearch(ctx);
  // Collapsed: a 44 px button that opens on hover or tap, so the map keeps its corner.
  const layers = L.control.layers(null, {[T.blocks]: blocks, [T.neighborhoods]: outlines, [T.staging]: staging,
    [T.needs_layer]: state.needs, [T.block_codes]: state.codes, [T.gatherings]: state.gatherings},
    {collapsed: true}).addTo(map);
  layers.getContainer().querySelector(".leaflet-control-layers-toggle").title = T.layers;  // Leaflet's is English
  legendControl(ctx, data.statuses, colourOf).addTo(map);
  if (data.blocks.id.length) { map.fitBounds(blocks.getBounds(), {animate: false}); }
  else if (data.hoods.length) { map.fitBounds(outlines.getBounds(), {animate: false}); }
  enableSelection(ctx);
  enablePlans(ctx);
  // A help call's link (?block_id=) opens on the pair's last known block, its popup open.
  const asked = ctx.options.block_id && state.layers[ctx.options.block_id];
  if (asked) { showBlock(ctx, asked); }
}

/**
 * Fetch the data document and draw the map; the page's <html> gets data-map-ready, then
 * data-under-ready once the basemap is added. Answers the state, which tests and the
 * benchmark read through `handle` (window.OutreachMap, the map's one deliberate global).
 */
export async function start(map, drawn, options) {
  const response = await fetch(options.data_url, {credentials: "same-origin"});
  const ctx = makeContext(map, drawn, options, await response.json());
  draw(ctx);
  window.OutreachMap = handle(ctx.state);
  document.documentElement.setAttribute("data-map-ready", "1");
  await addBasemap(map, options.basemap);
  document.documentElement.setAttribute("data-under-ready", "1");
  return ctx.state;
}

/** For tests and the benchmark: the state, where a block is on screen, and its current fill colour. */
function handle(state) {
  return {
    current: state, drawnAt: performance.now(), colourOf,
    pointOf: (id) => state.map.latLngToContainerPoint(state.layers[id].getBounds().getCenter()),
    fillOf: (id) => state.layers[id].options.fillColor,
  };
}
