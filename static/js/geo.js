/* Geometry on the phone: which block am I in, how far is each block. Coordinates never leave the phone. */

function rings(geometry) {
  if (geometry.type === 'Polygon') { return [geometry.coordinates]; }
  if (geometry.type === 'MultiPolygon') { return geometry.coordinates; }
  return [];
}

/* Ray casting over one ring of [lon, lat] points. */
function inRing(lon, lat, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
  }
  return inside;
}

/* Inside the outer ring and outside every hole, for any of the polygons. */
export function contains(geometry, lon, lat) {
  return rings(geometry).some((polygon) => inRing(lon, lat, polygon[0]) &&
    !polygon.slice(1).some((hole) => inRing(lon, lat, hole)));
}

export function center(geometry) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  rings(geometry).forEach((polygon) => {
    polygon[0].forEach(([x, y]) => {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    });
  });
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

/* Great-circle distance in km. */
export function distanceKm(lon1, lat1, lon2, lat2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

/* A position at most this old: a pair walks a block in a minute, so an older fix may name the last block. */
const FRESH_MS = 5000;

/* Ask for one fresh position, [lon, lat, accuracy in metres]; it is used here and forgotten. */
export function locate() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) { reject(new Error('no geolocation')); return; }
    navigator.geolocation.getCurrentPosition((p) => resolve([p.coords.longitude, p.coords.latitude, p.coords.accuracy]),
      reject, { enableHighAccuracy: true, timeout: 15000, maximumAge: FRESH_MS });
  });
}

export function blockAt(features, lon, lat) {
  return features.find((feature) => contains(feature.geometry, lon, lat)) || null;
}
