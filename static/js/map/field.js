// The phone's map of its pair's blocks: the basemap and streets under them, and the basemap tiles
// of those blocks kept on the phone for the day there is no signal. home.js announces its map and
// blocks with the events field:map and field:blocks.
import {addBasemap, addStreets, keepTilesOffline} from "./basemap.js";

const box = document.getElementById("map");
const options = JSON.parse(box.dataset.basemap);

document.addEventListener("field:map", (event) => {
  const {map, bounds} = event.detail;
  addBasemap(map, options);
  addStreets(map, options, bounds).catch(() => null);  // offline with nothing kept: the blocks still show
});

document.addEventListener("field:blocks", (event) => {
  const features = event.detail.features;
  if (options.kind !== "pmtiles" || !features.length || !navigator.onLine || !window.caches) { return; }
  const bounds = L.geoJSON({type: "FeatureCollection", features}).getBounds();
  keepTilesOffline(options, bounds).then((kept) => { box.dataset.tilesKept = JSON.stringify(kept); },
                                         () => { box.dataset.tilesKept = "failed"; });
});
