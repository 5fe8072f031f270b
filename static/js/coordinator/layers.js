// The context layers of the coordinator map: neighborhood outlines, staging points, needs, legend.
import {el} from "../dom.js";
import {decodeGeometry} from "./geometry.js";

/** Neighborhood outlines, drawn over the blocks and never in the way of a click. */
export function outlineLayer(ctx, hoods) {
  return L.geoJSON({type: "FeatureCollection", features: hoods.map((h) => (
    {type: "Feature", geometry: decodeGeometry(h.geom), properties: {name: h.name}}))},
  {renderer: ctx.renderer, interactive: false, style: {color: "#111827", weight: 2, fill: false}});
}

/** Each active pair's staging point, named in a tooltip. */
export function stagingLayer(ctx, teams) {
  const staging = L.layerGroup();
  teams.forEach((t) => {
    if (t.lat === null || t.lon === null) { return; }
    const tip = el("span", null, t.name + (t.label ? " — " + t.label : ""));
    L.circleMarker([t.lat, t.lon], {renderer: ctx.renderer, radius: 7, color: "#111827", weight: 2,
                                    fillColor: "#facc15", fillOpacity: 1})
      .bindTooltip(tip).addTo(staging);
  });
  return staging;
}

/** Markers for blocks with open needs, urgent flags or a hazard; refresh() redraws them. */
export function needsLayer(ctx, blocks) {
  const {T, renderer} = ctx;
  const needs = L.layerGroup();
  needs.refresh = () => {
    needs.clearLayers();
    blocks.eachLayer((layer) => {
      const p = layer.feature.properties;
      const flagged = p.urgent > 0 || p.status === "unsafe";
      if (!p.open_needs && !flagged) { return; }
      const text = flagged ? (p.status === "unsafe" ? T.statuses.unsafe : p.urgent + " " + T.urgent)
                           : p.open_needs + " " + T.open_needs;
      L.circleMarker(layer.getBounds().getCenter(), {renderer, radius: flagged ? 7 : 4,
        color: flagged ? "#7f1d1d" : "#9a3412", weight: 1, fillColor: flagged ? "#dc2626" : "#fb923c",
        fillOpacity: 0.95, interactive: true}).bindTooltip(el("span", null, p.code + ": " + text)).addTo(needs);
    });
  };
  needs.refresh();
  return needs;
}

/** The legend of block status colours. */
export function legendControl(ctx, statuses, colourOf) {
  const legend = L.control({position: "bottomright"});
  legend.onAdd = () => {
    const box = el("div", {className: "map-legend"});
    box.appendChild(el("strong", null, ctx.T.legend));
    statuses.forEach((s) => {
      const line = el("div"), swatch = el("span", {className: "swatch"});
      swatch.style.background = colourOf(s);
      line.append(swatch, el("span", null, ctx.T.statuses[s] || s));
      box.appendChild(line);
    });
    box.appendChild(el("div", {className: "legend-dashed"}, ctx.T.expiring_soon));
    return box;
  };
  return legend;
}
