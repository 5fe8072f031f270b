// The phone's map of its pair's blocks: the basemap and streets under them, and the basemap tiles
// of those blocks kept on the phone for the day there is no signal. home.js announces its map and
// blocks with the events field:map and field:blocks.
const box = document.getElementById("map");
const options = JSON.parse(box.dataset.basemap);
// By its versioned URL, the one the service worker keeps with the shell, so it loads offline too.
const under = import(options.module);

document.addEventListener("field:map", async (event) => {
  const {map, bounds} = event.detail;
  const {addBasemap, addStreets} = await under;
  addBasemap(map, options);
  addStreets(map, options, bounds).catch(() => null);  // offline with nothing kept: the blocks still show
});

// Kept from the second load on (the service worker then controls the page), so the first load of a
// phone on 3G stays within its budget; opening the map online fetches the same tiles anyway.
const secondLoad = Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);

document.addEventListener("field:blocks", async (event) => {
  const features = event.detail.features;
  if (!secondLoad || !features.length || !navigator.onLine || !window.caches) { return; }
  const {keepRendererOffline, keepStreetsOffline, keepTilesOffline} = await under;
  const bounds = L.geoJSON({type: "FeatureCollection", features}).getBounds();
  keepStreetsOffline(options, bounds).catch(() => null);
  if (options.kind !== "pmtiles") { return; }
  keepRendererOffline(options).catch(() => null);
  keepTilesOffline(options, bounds).then((kept) => { box.dataset.tilesKept = JSON.stringify(kept); },
                                         () => { box.dataset.tilesKept = "failed"; });
});
