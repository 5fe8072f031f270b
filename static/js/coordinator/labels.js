// Block codes written inside the blocks from street zoom on, where they fit: DOM text (never HTML)
// in a pane over the blocks, made only for the blocks in view, so the city view stays one canvas.
import {el} from "../dom.js";

export const CODE_ZOOM = 16;
const MOST_CODES = 600;      // a 75 m city at zoom 16 on a large screen; more is clutter and slow
const CHAR_PX = 7.5;         // width of a character of the label's 12px monospace font, padding included

/** A layer that keeps a code label on each block in view that is big enough to hold it. */
export function blockCodeLayer(ctx) {
  const {map, state} = ctx;
  const pane = map.createPane("blockCodes");
  pane.style.zIndex = 450;        // over the blocks (400), under markers, tooltips and popups
  pane.style.pointerEvents = "none";
  const codes = L.layerGroup();

  function fits(layer, code) {
    const bounds = layer.getBounds();
    const a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
    // Above the middle, where the needs marker sits: half the block's height holds the label.
    return Math.abs(b.x - a.x) >= code.length * CHAR_PX + 4 && Math.abs(b.y - a.y) >= 36;
  }

  function relabel() {
    codes.clearLayers();
    if (map.getZoom() < CODE_ZOOM || !map.hasLayer(state.blocks)) { return; }
    const view = map.getBounds();
    let shown = 0;
    state.blocks.eachLayer((layer) => {
      const code = layer.feature.properties.code;
      if (shown >= MOST_CODES || !view.contains(layer.getBounds().getCenter()) || !fits(layer, code)) { return; }
      const icon = L.divIcon({className: "block-code", html: el("span", null, code), iconSize: null});
      L.marker(layer.getBounds().getCenter(), {icon, pane: "blockCodes", interactive: false, keyboard: false})
        .addTo(codes);
      shown += 1;
    });
  }

  map.on("zoomend moveend overlayadd overlayremove", relabel);
  codes.addTo(map);
  relabel();
  return codes;
}
