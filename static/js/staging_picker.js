// Pick a pair's staging point: click the map (neighborhood outlines for context) or search for a place.
import {request} from "./api.js";
import {byId} from "./dom.js";
import {showPlaces} from "./geocode.js";

const lat = byId("staging_lat"), lon = byId("staging_lon"), label = byId("staging_label");
const results = byId("staging-results");
// This operation's API (the page's, from url_for): its neighborhoods and places, whatever another tab chose.
const API = byId("staging-map").dataset.api;
const map = L.map("staging-map", {preferCanvas: true}).setView([29.96, -90.05], 12);
let marker = null;

/** Put the staging point here (and name it after the place picked, unless a name is set). */
function place(latlng, name) {
  lat.value = latlng.lat.toFixed(6);
  lon.value = latlng.lng.toFixed(6);
  if (name && !label.value) { label.value = name; }
  if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
}

/** The neighborhoods' outlines, for context. */
async function drawNeighborhoods() {
  const data = (await request(`${API}/neighborhoods`)).body;
  if (!data.features || !data.features.length) { return; }
  const layer = L.geoJSON(data, {style: {color: "#0b5394", weight: 1, fillOpacity: 0.05}}).addTo(map);
  if (!lat.value) { map.fitBounds(layer.getBounds()); }
}

function search() {
  showPlaces(results, byId("staging-search").value.trim(), (hit) => {
    const latlng = L.latLng(hit.lat, hit.lon);
    place(latlng, hit.name);
    map.setView(latlng, 16);
  }, {none: results.dataset.none, unavailable: results.dataset.unavailable}, API);
}

drawNeighborhoods().catch(() => {});
if (lat.value && lon.value) {
  const start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
  place(start);
  map.setView(start, 15);
}
map.on("click", (e) => place(e.latlng));
byId("staging-search-go").addEventListener("click", search);
byId("staging-search").addEventListener("keydown", (e) => {
  if (e.key === "Enter") { e.preventDefault(); search(); }
});
