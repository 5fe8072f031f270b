"""Folium's CDN links are replaced by our static files."""
import folium
import pytest
from folium.plugins import Draw, MarkerCluster

from outreach.services.areas.maps import UnknownAsset, use_local_assets

CDN_HOSTS = ("cdn.jsdelivr", "cdnjs.cloudflare", "code.jquery", "bootstrapcdn", "unpkg")


def static_url(path):
    return f"/static/{path}"


def test_map_with_plugins_links_no_cdn():
    fmap = folium.Map(location=[29.96, -90.01], tiles=None)
    Draw().add_to(fmap)
    MarkerCluster().add_to(fmap)
    use_local_assets(fmap, static_url)
    html = fmap.get_root().render()
    assert not any(host in html for host in CDN_HOSTS)
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet-draw/leaflet.draw.js" in html


def test_unknown_plugin_asset_fails_loudly():
    fmap = folium.Map(tiles=None)
    fmap.default_js = [("some_new_plugin", "https://cdn.example/x.js")]
    with pytest.raises(UnknownAsset):
        use_local_assets(fmap, static_url)
