// What lies under the blocks on every map: the basemap chosen by configuration (an offline
// PMTiles archive served by the app tile by tile, online raster tiles, or none) and the
// imported streets with their names. Options come from outreach/maps.py basemap_options().
// Street names are put in the page as text nodes, never as HTML.

const LABEL_ZOOM = 16;      // names from this zoom in: below it they would cover the blocks
const MOST_LABELS = 150;    // names on screen at once; more is clutter and slow on a cheap phone
const REPEAT_CHARS = 40;    // a name and the gap before its next copy along a long street
const NAME_CHAR_PX = 6.5;   // about the width of a character of the 11px street names
const STREET_STYLE = {color: "#6b7280", weight: 2, opacity: 0.9, interactive: false};

/** One delta-encoded run [x0, y0, dx1, dy1, ...] in 1e-5 degrees (services/areas/map_layers.py) -> [[lon, lat], ...]. */
export function decodeRing(flat) {
  const ring = [];
  let x = 0, y = 0;
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i]; y += flat[i + 1];
    ring.push([x / 1e5, y / 1e5]);
  }
  return ring;
}

/** One delta-encoded line as Leaflet [lat, lng] pairs. */
export function decodeLine(flat) {
  return decodeRing(flat).map(([lon, lat]) => [lat, lon]);
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const found = document.querySelector(`script[src="${CSS.escape(src)}"]`);
    if (found && window.protomapsL) { resolve(); return; }
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("could not load " + src));
    document.head.appendChild(script);
  });
}

/**
 * Credit the sources of what lies under the blocks (options.credit: OpenStreetMap, when its data is drawn)
 * in the map's corner, adding the attribution control where the map has none (the phone's).
 */
export function addCredit(map, options) {
  if (!options.credit) { return; }
  if (!map.attributionControl) { map.attributionControl = L.control.attribution({prefix: false}).addTo(map); }
  map.attributionControl.addAttribution(options.credit);
}

/** Draw the configured basemap under everything else on `map`; resolves to its layer (or null). */
export async function addBasemap(map, options) {
  addCredit(map, options);
  if (options.kind === "pmtiles") {
    await loadScript(options.renderer);  // 38 KB gzipped: fetched only when a basemap is configured
    // Its credit is options.credit (the renderer's default would credit Protomaps, which did not make these tiles).
    const layer = window.protomapsL.leafletLayer({
      url: options.tiles, flavor: "light", lang: document.documentElement.lang || "en",
      maxDataZoom: options.max_zoom, pane: "tilePane", attribution: ""});
    layer.addTo(map);
    return layer;
  }
  if (options.kind === "raster") {
    return L.tileLayer(options.tiles, {attribution: options.attribution, maxZoom: 19}).addTo(map);
  }
  return null;
}

/** Draw encoded streets {name: [...], geom: [[line, ...], ...]} on canvas, names at street zoom. */
export function drawStreets(map, streets) {
  // Their own pane, above the basemap and below the blocks, and never in the way of a click.
  if (!map.getPane("streets")) {
    const pane = map.createPane("streets");
    pane.style.zIndex = 350;
    pane.style.pointerEvents = "none";
  }
  const renderer = L.canvas({padding: 0.3, pane: "streets"});
  const lines = L.layerGroup();
  const named = [];
  streets.geom.forEach((parts, i) => {
    parts.forEach((flat) => {
      const line = L.polyline(decodeLine(flat), {...STREET_STYLE, renderer}).addTo(lines);
      if (streets.name[i]) { named.push({line, name: streets.name[i]}); }
    });
  });
  const labels = L.layerGroup();
  // Along the lines where leaflet-textpath is loaded (the coordinator map), else one name in the middle.
  const alongLines = typeof L.Polyline.prototype.setText === "function";
  const svg = alongLines ? L.svg({pane: labelPane(map), padding: 0.1}) : null;
  function relabel() {
    labels.clearLayers();
    if (map.getZoom() < LABEL_ZOOM) { return; }
    const view = map.getBounds();
    const seen = new Set();
    const inView = alongLines ? named.filter(({line}) => view.intersects(line.getBounds()))
      : named.filter(({line, name}) => !seen.has(name) && view.intersects(line.getBounds()) && seen.add(name));
    inView.slice(0, MOST_LABELS).forEach(({line, name}) => {
      const label = alongLines ? nameAlong(map, line, name, svg) : nameInMiddle(line, name);
      if (label) { label.addTo(labels); }
    });
  }
  map.on("zoomend moveend", relabel);
  lines.addTo(map);
  labels.addTo(map);
  relabel();
  return lines;
}

/** The pane of street names along the lines: over the blocks, so the names read, and never clicked. */
function labelPane(map) {
  if (!map.getPane("streetNames")) {
    const pane = map.createPane("streetNames");
    pane.style.zIndex = 440;
    pane.style.pointerEvents = "none";
  }
  return "streetNames";
}

/**
 * A street's name written along its line so it reads upright (left to right, or bottom to top on a
 * north-south street), repeated every REPEAT_CHARS characters on a long line, once on a short one,
 * and left out where it does not fit. Null when left out.
 */
function nameAlong(map, line, name, renderer) {
  const points = line.getLatLngs().slice();
  const dx = points[points.length - 1].lng - points[0].lng, dy = points[points.length - 1].lat - points[0].lat;
  if (Math.abs(dx) >= Math.abs(dy) ? dx < 0 : dy < 0) { points.reverse(); }
  const pixels = points.map((p) => map.latLngToLayerPoint(p));
  const length = pixels.slice(1).reduce((sum, p, i) => sum + p.distanceTo(pixels[i]), 0);
  const once = name.length * NAME_CHAR_PX, pattern = Math.max(name.length + 14, REPEAT_CHARS);
  if (length < once) { return null; }
  const path = L.polyline(points, {renderer, stroke: false, fill: false, interactive: false});
  // leaflet-textpath turns spaces into no-break spaces and pads each copy to `repeat` characters.
  const repeat = length >= 2 * pattern * NAME_CHAR_PX ? pattern : false;
  return path.setText(name, {repeat, center: !repeat, offset: 4, attributes: {class: "street-name"}});
}

/** A street's name once, in the middle of its line. */
function nameInMiddle(line, name) {
  const tip = document.createElement("span");
  tip.textContent = name;
  return L.tooltip({permanent: true, direction: "center", className: "street-label", interactive: false})
    .setLatLng(middleOf(line.getLatLngs())).setContent(tip);
}

function middleOf(points) {
  return points[Math.floor(points.length / 2)];
}

/** The address of the streets around `bounds` (a Leaflet LatLngBounds). */
export function streetsUrl(options, bounds) {
  const box = bounds.pad(0.2);
  const bbox = [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()].map((n) => n.toFixed(5)).join(",");
  return options.streets + "?bbox=" + bbox;
}

/** Fetch the streets around `bounds` and draw them; resolves to their layer. */
export async function addStreets(map, options, bounds) {
  const response = await fetch(streetsUrl(options, bounds), {credentials: "same-origin"});
  if (!response.ok) { return null; }
  return drawStreets(map, await response.json());
}

/** The z/x/y tiles covering `bounds` at zoom z (Web Mercator). */
export function tilesCovering(bounds, z) {
  const n = 2 ** z;
  const col = (lng) => Math.min(n - 1, Math.max(0, Math.floor((lng + 180) / 360 * n)));
  const row = (lat) => {
    const r = lat * Math.PI / 180;
    return Math.min(n - 1, Math.max(0, Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)));
  };
  const tiles = [];
  for (let x = col(bounds.getWest()); x <= col(bounds.getEast()); x++) {
    for (let y = row(bounds.getNorth()); y <= row(bounds.getSouth()); y++) { tiles.push([z, x, y]); }
  }
  return tiles;
}

/** The Cache API cache the phone keeps its basemap tiles in (the service worker answers from it). */
export const TILE_CACHE = "outreach-tiles";  // not "field-…": the service worker drops old "field-" caches

/** Keep the streets around `bounds` in TILE_CACHE, for the map offline (the service worker looks there too). */
export async function keepStreetsOffline(options, bounds) {
  const cache = await caches.open(TILE_CACHE);
  await cache.add(streetsUrl(options, bounds));
}

/** Keep the basemap renderer in TILE_CACHE too: not with the shell, so a phone's first load stays light. */
export async function keepRendererOffline(options) {
  if (options.kind === "pmtiles") { await (await caches.open(TILE_CACHE)).add(options.renderer); }
}

/**
 * Keep the basemap tiles covering `bounds` in TILE_CACHE, coarse zooms first, within
 * `options.budget` bytes (tiles already kept count too). Resolves to {tiles, bytes, complete}.
 */
export async function keepTilesOffline(options, bounds) {
  const cache = await caches.open(TILE_CACHE);
  let bytes = 0, tiles = 0;
  const lowest = Math.max(0, options.max_zoom - 4);
  for (let z = lowest; z <= options.max_zoom; z++) {
    for (const [tz, x, y] of tilesCovering(bounds.pad(0.1), z)) {
      const url = options.tiles.replace("{z}", tz).replace("{x}", x).replace("{y}", y);
      const kept = await cache.match(url);
      const body = kept ? await kept.arrayBuffer() : await fetchTile(url);
      if (bytes + body.byteLength > options.budget) { return {tiles, bytes, complete: false}; }
      if (!kept) {
        await cache.put(url, new Response(body, {headers: {"Content-Type": "application/vnd.mapbox-vector-tile"}}));
      }
      bytes += body.byteLength; tiles += 1;
    }
  }
  return {tiles, bytes, complete: true};
}

async function fetchTile(url) {
  const response = await fetch(url, {credentials: "same-origin"});
  if (!response.ok) { throw new Error("tile " + url + ": " + response.status); }
  return response.arrayBuffer();
}
