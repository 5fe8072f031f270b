// Pick a pair's staging point: click the map (neighborhood outlines for context) or search the gazetteer.
(function () {
  "use strict";
  var lat = document.getElementById("staging_lat"), lon = document.getElementById("staging_lon");
  var label = document.getElementById("staging_label");
  var map = L.map("staging-map", {preferCanvas: true}).setView([29.96, -90.05], 12);
  var marker = null;

  function place(latlng, name) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (name && !label.value) { label.value = name; }
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
  }

  fetch("/api/v1/neighborhoods", {credentials: "same-origin"}).then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.features || !data.features.length) { return; }
      var layer = L.geoJSON(data, {style: {color: "#0b5394", weight: 1, fillOpacity: 0.05}}).addTo(map);
      if (!lat.value) { map.fitBounds(layer.getBounds()); }
    });
  if (lat.value && lon.value) {
    var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    place(start);
    map.setView(start, 15);
  }
  map.on("click", function (e) { place(e.latlng); });

  var results = document.getElementById("staging-results");
  function search() {
    var q = document.getElementById("staging-search").value.trim();
    results.textContent = "";
    if (!q) { return; }
    fetch("/api/v1/geocode?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (found) {
        if (!found.length) { results.textContent = results.dataset.none; }
        found.slice(0, 8).forEach(function (hit) {
          var li = document.createElement("li"), button = document.createElement("button");
          button.type = "button";
          button.textContent = hit.name + (hit.kind ? " (" + hit.kind + ")" : "");
          button.addEventListener("click", function () {
            var latlng = L.latLng(hit.lat, hit.lon);
            place(latlng, hit.name);
            map.setView(latlng, 16);
          });
          li.appendChild(button);
          results.appendChild(li);
        });
      })
      .catch(function () { results.textContent = results.dataset.unavailable; });
  }
  document.getElementById("staging-search-go").addEventListener("click", search);
  document.getElementById("staging-search").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); search(); }
  });
}());
