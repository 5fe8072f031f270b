"""Maps with folium, the one place folium is used. Every asset comes from static/vendor.

Folium links Leaflet and its plugins from CDNs by default; on a staging-area laptop
with no internet that is a blank map, so each element's links are rewritten here.
"""
import html

from folium import Element

# Folium's asset names -> our static files (None: not needed by our maps, left out).
LOCAL_ASSETS = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "jquery": "vendor/jquery/jquery.min.js",
    "bootstrap": "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap_css": "vendor/bootstrap/css/bootstrap.min.css",
    "glyphicons_css": None,
    "awesome_markers": "vendor/leaflet.awesome-markers/leaflet.awesome-markers.min.js",
    "awesome_markers_css": "vendor/leaflet.awesome-markers/leaflet.awesome-markers.css",
    "awesome_markers_font_css": "vendor/fontawesome/css/all.min.css",
    "awesome_rotate_css": None,
    "leaflet_draw_js": "vendor/leaflet-draw/leaflet.draw.js",
    "leaflet_draw_css": "vendor/leaflet-draw/leaflet.draw.css",
    "markerclusterjs": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
}


class UnknownAsset(LookupError):
    """A folium element wants an asset we do not serve: add it to package.json and LOCAL_ASSETS."""


def localise(links: list[tuple[str, str]], static_url) -> list[tuple[str, str]]:
    """Rewrite (name, url) pairs to our static files, dropping those we leave out."""
    local = []
    for name, _url in links:
        if name not in LOCAL_ASSETS:
            raise UnknownAsset(name)
        if LOCAL_ASSETS[name] is not None:
            local.append((name, static_url(LOCAL_ASSETS[name])))
    return local


def use_local_assets(element: Element, static_url) -> None:
    """Point `element` and all its children at static/vendor instead of CDNs."""
    for name in ("default_js", "default_css"):
        if hasattr(element, name):
            setattr(element, name, localise(getattr(element, name), static_url))
    for child in element._children.values():
        use_local_assets(child, static_url)


def escape_for_map(value) -> str:
    """Escape user text for folium popups and tooltips.

    Folium pastes them raw into HTML and into JavaScript template literals, so
    besides HTML we neutralise backticks, `${` and backslashes.
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")
