"""Areas and maps: neighborhoods, blocks, streets, geometry, the gazetteer, the offline basemap and the folium maps."""
