/* Geometry on the phone: which block am I in, how far is each block. Coordinates never leave the phone. */
(function () {
  'use strict';

  function rings(geometry) {
    if (geometry.type === 'Polygon') { return [geometry.coordinates]; }
    if (geometry.type === 'MultiPolygon') { return geometry.coordinates; }
    return [];
  }

  /* Ray casting over one ring of [lon, lat] points. */
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  /* Inside the outer ring and outside every hole, for any of the polygons. */
  function contains(geometry, lon, lat) {
    return rings(geometry).some(function (polygon) {
      return inRing(lon, lat, polygon[0]) && !polygon.slice(1).some(function (hole) { return inRing(lon, lat, hole); });
    });
  }

  function center(geometry) {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    rings(geometry).forEach(function (polygon) {
      polygon[0].forEach(function (p) {
        minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
      });
    });
    return [(minX + maxX) / 2, (minY + maxY) / 2];
  }

  /* Great-circle distance in km. */
  function distanceKm(lon1, lat1, lon2, lat2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(a));
  }

  /* Ask for one position; it is used here and forgotten. */
  function locate() {
    return new Promise(function (resolve, reject) {
      if (!navigator.geolocation) { reject(new Error('no geolocation')); return; }
      navigator.geolocation.getCurrentPosition(function (p) { resolve([p.coords.longitude, p.coords.latitude]); },
        reject, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  function blockAt(features, lon, lat) {
    for (var i = 0; i < features.length; i++) {
      if (contains(features[i].geometry, lon, lat)) { return features[i]; }
    }
    return null;
  }

  window.FieldGeo = { contains: contains, center: center, distanceKm: distanceKm, locate: locate, blockAt: blockAt };
})();
