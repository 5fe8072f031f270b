#!/bin/sh
# Copy the front-end packages installed by npm into static/vendor, where the app serves them.
set -eu
rm -rf static/vendor
mkdir -p static/vendor
copy() { mkdir -p "static/vendor/$2" && cp -R "node_modules/$1/." "static/vendor/$2/"; }
copy leaflet/dist leaflet
copy leaflet.markercluster/dist leaflet.markercluster
copy leaflet-draw/dist leaflet-draw
copy @fortawesome/fontawesome-free/css fontawesome/css
copy @fortawesome/fontawesome-free/webfonts fontawesome/webfonts
copy leaflet.awesome-markers/dist leaflet.awesome-markers
# leaflet-textpath (MIT): street names along the lines on the coordinator map; Leaflet has no text on a path.
mkdir -p static/vendor/leaflet-textpath
cp node_modules/leaflet-textpath/leaflet.textpath.js node_modules/leaflet-textpath/LICENSE static/vendor/leaflet-textpath/
# protomaps-leaflet (BSD-3-Clause): only its one-file browser build, 38 KB gzipped, loaded only with a basemap.
mkdir -p static/vendor/protomaps-leaflet
cp node_modules/protomaps-leaflet/dist/protomaps-leaflet.js node_modules/protomaps-leaflet/LICENSE static/vendor/protomaps-leaflet/
