// The coordinator map's one canvas renderer, with the cues that do not rest on colour alone
// (issue 23): a hatch over a shape with `hatch: true` (unsafe blocks) and a glyph in the middle of
// a circle marker with `glyph: "!"` (urgent needs). Thousands of blocks stay one canvas.

const HATCH_SPACING = 7;  // px between stripes: visible at city zoom, the colour still shows through

/** A tile of diagonal dark stripes, as a canvas pattern for `ctx`. */
export function hatchPattern(ctx) {
  const tile = document.createElement("canvas");
  tile.width = tile.height = HATCH_SPACING;
  const t = tile.getContext("2d");
  t.strokeStyle = "rgba(0, 0, 0, 0.75)";
  t.lineWidth = 1.5;
  t.beginPath();
  // Two strokes so the stripe runs on across tile edges without a gap.
  t.moveTo(0, HATCH_SPACING); t.lineTo(HATCH_SPACING, 0);
  t.moveTo(-1, 1); t.lineTo(1, -1);
  t.moveTo(HATCH_SPACING - 1, HATCH_SPACING + 1); t.lineTo(HATCH_SPACING + 1, HATCH_SPACING - 1);
  t.stroke();
  return ctx.createPattern(tile, "repeat");
}

const CueCanvas = L.Canvas.extend({
  _fillStroke(ctx, layer) {
    const options = layer.options;
    if (options.hatch && options.fill) {
      ctx.globalAlpha = options.fillOpacity;
      ctx.fillStyle = options.fillColor || options.color;
      ctx.fill(options.fillRule || "evenodd");
      this._hatch = this._hatch || hatchPattern(ctx);
      ctx.globalAlpha = 1;
      ctx.fillStyle = this._hatch;
      ctx.fill(options.fillRule || "evenodd");
      L.Canvas.prototype._fillStroke.call(this, ctx, {options: {...options, fill: false}});  // the outline
      return;
    }
    L.Canvas.prototype._fillStroke.call(this, ctx, layer);
  },

  _updateCircle(layer) {
    L.Canvas.prototype._updateCircle.call(this, layer);
    if (!this._drawing || layer._empty() || !layer.options.glyph) { return; }
    const ctx = this._ctx, p = layer._point;
    ctx.globalAlpha = 1;
    ctx.fillStyle = layer.options.glyphColor || "#000";
    ctx.font = `700 ${Math.round(layer._radius * 1.6)}px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(layer.options.glyph, p.x, p.y + 1);
  },
});

/** A canvas renderer that draws hatches and glyphs (options as for L.canvas). */
export function cueCanvas(options) {
  return new CueCanvas(options);
}
