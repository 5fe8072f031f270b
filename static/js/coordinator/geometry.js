// The map data document (services/areas/map_layers.py) decoded back into GeoJSON, and point-in-ring tests.
import {decodeRing} from "../map/basemap.js";

/** Encoded polygons -> a GeoJSON Polygon or MultiPolygon. */
export function decodeGeometry(polygons) {
  const coords = polygons.map((rings) => rings.map(decodeRing));
  return coords.length === 1 ? {type: "Polygon", coordinates: coords[0]} : {type: "MultiPolygon", coordinates: coords};
}

/** The blocks of the document (stored column by column) as a GeoJSON FeatureCollection. */
export function featuresOf(data) {
  const b = data.blocks, features = [];
  for (let i = 0; i < b.id.length; i++) {
    features.push({type: "Feature", geometry: decodeGeometry(b.geom[i]), properties: {
      id: b.id[i], code: b.code[i], neighborhood_id: b.hood[i], status: data.statuses[b.status[i]],
      team_id: b.team[i] || null, assignment_id: b.assignment[i] || null, expires: b.expires[i] || null,
      visits: b.visits[i], open_needs: b.needs[i], urgent: b.urgent[i],
      hazards: (data.hazards || {})[b.id[i]] || []}});
  }
  return {type: "FeatureCollection", features};
}

/** Ray casting on lat/lng: exact enough for city blocks. */
export function insideRing(point, ring) {
  let inside = false;
  const x = point.lng, y = point.lat;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i].lng, yi = ring[i].lat, xj = ring[j].lng, yj = ring[j].lat;
    if (((yi > y) !== (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) { inside = !inside; }
  }
  return inside;
}
