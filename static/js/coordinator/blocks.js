// Every block of the coordinator map on one canvas (issue 31: a metro area is 100,000 blocks).
// The shapes come once as a binary (services/areas/map_layers.py build_shapes) and stay in typed
// arrays; each block is a small object with the parts of a Leaflet layer the map's other modules use
// (feature.properties, getBounds, setStyle, fire), so popups, selection, search, plans and labels work
// on it as on a GeoJSON layer. A draw fills the blocks in view status by status (one path each), with
// outlines only where blocks are wide enough for an outline not to cover their colour.

const OUTLINE_MIN_PX = 8;   // narrower blocks are drawn without outline: at city zoom the colour is the message
const DOT_PX = 2;           // narrower still, a block is drawn as its bounding box (per-zoom simplification)
const CELL = 0.002;         // hit-test grid cell, in world units at zoom 0 (256 across the earth): about 300 m

/** The zigzag varints after `offset` of `bytes`, `count` at a time, as a reader. */
function varintReader(bytes, offset) {
  let at = offset;
  return function read(count) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      let value = 0, shift = 1, byte;
      do { byte = bytes[at++]; value += (byte & 0x7f) * shift; shift *= 128; } while (byte & 0x80);
      out[i] = value % 2 ? -(value + 1) / 2 : value / 2;
    }
    return out;
  };
}

/** Codes from runs [prefix, first number, digits, count] (map_layers.code_runs). */
function codesOf(runs) {
  const codes = [];
  for (const [prefix, first, digits, count] of runs) {
    for (let k = 0; k < count; k++) {
      codes.push(digits ? prefix + String(first + k).padStart(digits, "0") : prefix);
    }
  }
  return codes;
}

/** The shapes binary -> its header (outlines, streets) and the blocks in typed arrays, in world units. */
export function decodeShapes(buffer) {
  const bytes = new Uint8Array(buffer), view = new DataView(buffer);
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const read = varintReader(bytes, 8 + headerLength), n = header.blocks;
  const ids = read(n), hoods = read(n), ringsPer = read(n), pointsPer = read(header.rings);
  const deltas = read(2 * header.points);
  for (let i = 1; i < n; i++) { ids[i] += ids[i - 1]; hoods[i] += hoods[i - 1]; }
  const ringStart = new Uint32Array(n + 1), pointStart = new Uint32Array(header.rings + 1);
  for (let i = 0; i < n; i++) { ringStart[i + 1] = ringStart[i] + ringsPer[i]; }
  for (let r = 0; r < header.rings; r++) { pointStart[r + 1] = pointStart[r] + pointsPer[r]; }
  const wx = new Float64Array(header.points), wy = new Float64Array(header.points);
  const lonLat = new Float64Array(4 * n), world = new Float64Array(4 * n);
  let x = 0, y = 0;
  for (let p = 0; p < header.points; p++) {
    x += deltas[2 * p]; y += deltas[2 * p + 1];
    const lat = y / 1e5 * Math.PI / 180;
    wx[p] = 256 * ((x / 1e5) + 180) / 360;
    wy[p] = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI));
  }
  for (let i = 0; i < n; i++) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let p = pointStart[ringStart[i]]; p < pointStart[ringStart[i + 1]]; p++) {
      minX = Math.min(minX, wx[p]); maxX = Math.max(maxX, wx[p]); minY = Math.min(minY, wy[p]); maxY = Math.max(maxY, wy[p]);
    }
    world.set([minX, minY, maxX, maxY], 4 * i);
    lonLat.set([minX * 360 / 256 - 180, latOf(maxY), maxX * 360 / 256 - 180, latOf(minY)], 4 * i);
  }
  return {header, n, ids, hoods, codes: codesOf(header.codes), ringStart, pointStart, wx, wy, lonLat, world};
}

/** Latitude of a world y (zoom 0, 256 units). */
function latOf(wy) {
  return Math.atan(Math.sinh(Math.PI * (1 - wy / 128))) * 180 / Math.PI;
}

/** One block as the map's modules see it: a Leaflet-layer-like view on the shared arrays. */
class BlockView {
  constructor(layer, index, properties) {
    this._layer = layer;
    this._index = index;
    this.feature = {type: "Feature", properties};
    this.options = {};
  }

  getBounds() {
    const b = this._layer.shapes.lonLat, i = 4 * this._index;
    return L.latLngBounds([b[i + 1], b[i]], [b[i + 3], b[i + 2]]);
  }

  setStyle(style) {
    this.options = style;
    this._layer.redrawSoon();
    return this;
  }

  fire(type, data) {
    this._layer.fire(type, {...data, layer: this});
    return this;
  }
}

/** Add the path of block `i`'s rings (or its box when tiny) to `ctx`, in layer points. */
function tracePath(ctx, s, i, scale, ox, oy) {
  const w = s.world, k = 4 * i;
  if ((w[k + 2] - w[k]) * scale < DOT_PX && (w[k + 3] - w[k + 1]) * scale < DOT_PX) {
    ctx.rect(w[k] * scale - ox, w[k + 1] * scale - oy, Math.max((w[k + 2] - w[k]) * scale, 1),
             Math.max((w[k + 3] - w[k + 1]) * scale, 1));
    return;
  }
  for (let r = s.ringStart[i]; r < s.ringStart[i + 1]; r++) {
    const first = s.pointStart[r], last = s.pointStart[r + 1];
    if (last - first < 2) { continue; }
    // Whole pixels, as Leaflet's own paths: a thin outline then spreads over two pixels, light, never a dark one.
    const x0 = Math.round(s.wx[first] * scale - ox), y0 = Math.round(s.wy[first] * scale - oy);
    ctx.moveTo(x0, y0);
    for (let p = first + 1; p < last; p++) { ctx.lineTo(Math.round(s.wx[p] * scale - ox), Math.round(s.wy[p] * scale - oy)); }
    // Back to the first point rather than closePath(): in Chromium each closePath() in a path of thousands of
    // rings costs time in proportion to the path so far (20,000 rings: 6 s against 45 ms).
    ctx.lineTo(x0, y0);
  }
}

/** Even-odd point-in-block test in world units. */
function contains(s, i, x, y) {
  let inside = false;
  for (let r = s.ringStart[i]; r < s.ringStart[i + 1]; r++) {
    const first = s.pointStart[r], last = s.pointStart[r + 1];
    for (let p = first, q = last - 1; p < last; q = p++) {
      if ((s.wy[p] > y) !== (s.wy[q] > y)
          && x < (s.wx[q] - s.wx[p]) * (y - s.wy[p]) / (s.wy[q] - s.wy[p]) + s.wx[p]) { inside = !inside; }
    }
  }
  return inside;
}

/**
 * The block layer: a Leaflet canvas renderer that draws the blocks itself. Options: `shapes` (decodeShapes),
 * `properties` (one object per block), `fillOf(p)` (the status colour), `ownStyle(p)` (true for blocks with a
 * style of their own: done, unsafe, expiring, picked, planned) and `styleOf(view)` (that style), `hatch(ctx)`.
 */
export const BlockLayer = L.Canvas.extend({
  initialize(options) {
    L.Canvas.prototype.initialize.call(this, options);
    this.shapes = options.shapes;
    this.views = options.properties.map((p, i) => new BlockView(this, i, p));
  },

  getEvents() {
    return {...L.Canvas.prototype.getEvents.call(this), click: this._onMapClick};
  },

  eachLayer(fn) { this.views.forEach(fn); return this; },
  getLayers() { return this.views; },

  getBounds() {
    const b = this.shapes.lonLat;
    let south = 90, west = 180, north = -90, east = -180;
    for (let k = 0; k < b.length; k += 4) {
      west = Math.min(west, b[k]); south = Math.min(south, b[k + 1]);
      east = Math.max(east, b[k + 2]); north = Math.max(north, b[k + 3]);
    }
    return L.latLngBounds([south, west], [north, east]);
  },

  /** Restyle every block: `style` is ignored, the draw asks the map's style of each block. */
  setStyle() { this.redrawSoon(); return this; },

  redrawSoon() {
    if (this._map && !this._redrawRequest) { this._redrawRequest = L.Util.requestAnimFrame(this._redraw, this); }
  },

  _updatePaths() {
    if (!this._postponeUpdatePaths) { this._redraw(); }
  },

  _draw() {
    if (!this._map || !this._bounds) { return; }
    const s = this.shapes, o = this.options, ctx = this._ctx;
    const scale = Math.pow(2, this._map.getZoom()), origin = this._map.getPixelOrigin();
    const ox = origin.x, oy = origin.y, min = this._bounds.min, max = this._bounds.max;
    const left = (min.x + ox) / scale, right = (max.x + ox) / scale, top = (min.y + oy) / scale;
    const bottom = (max.y + oy) / scale;
    const byColour = new Map(), own = [], outlined = [];
    for (let i = 0; i < s.n; i++) {
      const k = 4 * i, w = s.world;
      if (w[k + 2] < left || w[k] > right || w[k + 3] < top || w[k + 1] > bottom) { continue; }
      const p = this.views[i].feature.properties, colour = o.fillOf(p);
      if (!byColour.has(colour)) { byColour.set(colour, []); }
      byColour.get(colour).push(i);
      if (o.ownStyle(p)) { own.push(i); }
      else if ((w[k + 2] - w[k]) * scale >= OUTLINE_MIN_PX) { outlined.push(i); }
    }
    ctx.save();
    ctx.globalAlpha = 0.6;
    for (const [colour, blocks] of byColour) {
      ctx.beginPath();
      blocks.forEach((i) => tracePath(ctx, s, i, scale, ox, oy));
      ctx.fillStyle = colour;
      ctx.fill("evenodd");
    }
    ctx.globalAlpha = 1;
    ctx.beginPath();
    outlined.forEach((i) => tracePath(ctx, s, i, scale, ox, oy));
    ctx.strokeStyle = "#1f2937";
    ctx.lineWidth = 0.6;
    ctx.stroke();
    own.forEach((i) => this._drawOwn(ctx, i, scale, ox, oy));
    ctx.restore();
  },

  /** A block with a style of its own: hatched, outlined, dashed, as styleOf says; outlines thin with the block. */
  _drawOwn(ctx, i, scale, ox, oy) {
    const s = this.shapes, style = this.options.styleOf(this.views[i]), k = 4 * i;
    const widthPx = Math.min((s.world[k + 2] - s.world[k]) * scale, (s.world[k + 3] - s.world[k + 1]) * scale);
    ctx.beginPath();
    tracePath(ctx, s, i, scale, ox, oy);
    if (style.hatch) {
      ctx.fillStyle = this._hatch = this._hatch || this.options.hatch(ctx);
      ctx.fill("evenodd");
    }
    if (widthPx < OUTLINE_MIN_PX && style.weight < 3) { return; }  // done or dashed: the colour is enough
    ctx.setLineDash(style.dashArray && widthPx >= OUTLINE_MIN_PX ? style.dashArray.split(" ").map(Number) : []);
    ctx.lineWidth = Math.min(style.weight, Math.max(1, widthPx / 3));
    ctx.strokeStyle = style.color;
    ctx.stroke();
    ctx.setLineDash([]);
  },

  /** The block under a map click, if any, fires "click" with its view as `layer`. */
  _onMapClick(e) {
    const found = this.blockAt(e.latlng);
    if (found) { this.fire("click", {latlng: e.latlng, layer: found, originalEvent: e.originalEvent}); }
  },

  /** The view of the block at `latlng`, or null. */
  blockAt(latlng) {
    const s = this.shapes, grid = this._grid || (this._grid = this._buildGrid());
    const lat = latlng.lat * Math.PI / 180;
    const x = 256 * (latlng.lng + 180) / 360, y = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI));
    const candidates = grid.get(Math.floor(x / CELL) + ":" + Math.floor(y / CELL)) || [];
    for (let c = candidates.length - 1; c >= 0; c--) {
      const i = candidates[c], k = 4 * i;
      if (x >= s.world[k] && x <= s.world[k + 2] && y >= s.world[k + 1] && y <= s.world[k + 3] && contains(s, i, x, y)) {
        return this.views[i];
      }
    }
    return null;
  },

  /** Blocks by grid cell, made at the first click. */
  _buildGrid() {
    const s = this.shapes, grid = new Map();
    for (let i = 0; i < s.n; i++) {
      const k = 4 * i;
      for (let cx = Math.floor(s.world[k] / CELL); cx <= Math.floor(s.world[k + 2] / CELL); cx++) {
        for (let cy = Math.floor(s.world[k + 1] / CELL); cy <= Math.floor(s.world[k + 3] / CELL); cy++) {
          const key = cx + ":" + cy;
          if (!grid.has(key)) { grid.set(key, []); }
          grid.get(key).push(i);
        }
      }
    }
    return grid;
  },
});
