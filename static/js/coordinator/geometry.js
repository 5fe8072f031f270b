// Neighborhood outlines of the map's shapes header decoded into GeoJSON, and point-in-ring tests.
import {decodeRing} from "../map/basemap.js";

/** Encoded polygons -> a GeoJSON Polygon or MultiPolygon. */
export function decodeGeometry(polygons) {
  const coords = polygons.map((rings) => rings.map(decodeRing));
  return coords.length === 1 ? {type: "Polygon", coordinates: coords[0]} : {type: "MultiPolygon", coordinates: coords};
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
