// The context layers of the coordinator map: neighborhood outlines, staging points, needs, legend.
// Colour is never the only cue (issue 23): done blocks are outlined, unsafe ones hatched, urgent needs
// carry "!", and the legend shows each cue as the map draws it.
import {stamp} from "../clock.js";
import {el} from "../dom.js";
import {vocabColour} from "./dom.js";
import {decodeGeometry} from "./geometry.js";

/** Neighborhood outlines, drawn over the blocks and never in the way of a click. */
export function outlineLayer(ctx, hoods) {
  return L.geoJSON({type: "FeatureCollection", features: hoods.map((h) => (
    {type: "Feature", geometry: decodeGeometry(h.geom), properties: {name: h.name}}))},
  {renderer: ctx.renderer, interactive: false, style: {color: "#111827", weight: 2, fill: false}});
}

// A black dot in a white ring: no status colour, as on the printed packet.
const STAGING_STYLE = {radius: 7, color: "#fff", weight: 3, fillColor: "#000", fillOpacity: 1};

/** Each active pair's staging point, named in a tooltip. */
export function stagingLayer(ctx, teams) {
  const staging = L.layerGroup();
  teams.forEach((t) => {
    if (t.lat === null || t.lon === null) { return; }
    const tip = el("span", null, t.name + (t.label ? " — " + t.label : ""));
    L.circleMarker([t.lat, t.lon], {renderer: ctx.renderer, ...STAGING_STYLE}).bindTooltip(tip).addTo(staging);
  });
  return staging;
}

/**
 * Gatherings (issue 27): a diamond in the kind's colour with the kind's initial, so colour is not the only
 * cue; the tooltip says kind, title, time, place and status. Built from DOM nodes: every text is escaped.
 */
export function gatheringsLayer(ctx, gatherings) {
  const {T, options} = ctx;
  const layer = L.layerGroup();
  (gatherings || []).forEach((g) => {
    const kind = T.gathering_kinds[g.kind] || g.kind;
    const mark = el("span", {className: "gathering-marker gathering-" + g.kind},
                    [el("span", null, kind.charAt(0).toUpperCase())]);
    const icon = L.divIcon({html: mark, className: "gathering-icon", iconSize: [28, 28]});
    const tip = el("span");
    tip.append(el("strong", null, kind), el("br"), g.title, el("br"),
               stamp(g.starts_at, options.lang, options.time_zone) + " · " + g.where, el("br"),
               T.gathering_statuses[g.status] || g.status);
    L.marker([g.lat, g.lon], {icon, keyboard: true, title: kind + ": " + g.title}).bindTooltip(tip).addTo(layer);
  });
  return layer;
}

/** The marker style of a block's needs: urgent ("!"), unsafe (hatched), or open needs (a small dot). */
function needStyle(p) {
  if (p.urgent > 0) {
    return {radius: 8, color: "#000", weight: 1.5, fillColor: vocabColour("need_urgency", "immediate"),
            fillOpacity: 1, glyph: "!"};
  }
  if (p.status === "unsafe") {
    return {radius: 7, color: "#000", weight: 1.5, fillColor: vocabColour("block_status", "unsafe"),
            fillOpacity: 1, hatch: true};
  }
  return {radius: 4, color: "#000", weight: 1.5, fillColor: "#fff", fillOpacity: 1};
}

/** Markers for blocks with open needs, urgent flags or a hazard; refresh() redraws them. */
export function needsLayer(ctx, blocks) {
  const {T, renderer} = ctx;
  const needs = L.layerGroup();
  needs.refresh = () => {
    needs.clearLayers();
    blocks.eachLayer((layer) => {
      const p = layer.feature.properties;
      if (!p.open_needs && !p.urgent && p.status !== "unsafe") { return; }
      const text = p.urgent > 0 ? p.urgent + " " + T.urgent
        : (p.status === "unsafe" ? T.statuses.unsafe : p.open_needs + " " + T.open_needs);
      L.circleMarker(layer.getBounds().getCenter(), {renderer, interactive: true, ...needStyle(p)})
        .bindTooltip(el("span", null, p.code + ": " + text)).addTo(needs);
    });
  };
  needs.refresh();
  return needs;
}

/** One legend line: a swatch (or marker) drawn as on the map, and its words. */
function legendItem(swatchClass, colour, glyph, words) {
  const swatch = el("span", {className: swatchClass}, glyph);
  swatch.setAttribute("aria-hidden", "true");
  if (colour) { swatch.style.backgroundColor = colour; }
  return el("li", null, [swatch, el("span", null, words)]);
}

/** The compact legend: status colours with their second cues, the markers, and what dashed means. */
export function legendControl(ctx, statuses, colourOf) {
  const {T} = ctx;
  const legend = L.control({position: "bottomright"});
  legend.onAdd = () => {
    // Folded on a phone-sized map, where it would cover a third of it; one tap opens it.
    const box = el("details", {className: "map-legend", open: ctx.map.getSize().x >= 600});
    const cue = {done: "swatch outlined", unsafe: "swatch hatched"};
    box.append(el("summary", null, T.legend), el("ul", {className: "legend-statuses"},
      statuses.map((s) => legendItem(cue[s] || "swatch", colourOf(s), null, T.statuses[s] || s))));
    box.appendChild(el("ul", {className: "legend-marks"}, [
      legendItem("mark urgent", vocabColour("need_urgency", "immediate"), "!", T.legend_urgent),
      legendItem("mark needs", null, null, T.legend_needs),
      legendItem("mark staging", null, null, T.staging_point),
      legendItem("swatch dashed", null, null, T.expiring_soon),
    ]));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return legend;
}
