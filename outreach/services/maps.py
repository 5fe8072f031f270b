"""Maps with folium, the one place folium is used. Every asset comes from static/vendor.

Folium links Leaflet and its plugins from CDNs by default; on a staging-area laptop
with no internet that is a blank map, so each element's links are rewritten here.
"""
import html

import folium
from folium import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Draw
from folium.template import Template

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
    "outreach_coordinator_map": "js/coordinator_map.js",
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


# The coordinator map (issue 4) -------------------------------------------------

# New Orleans, for a map with no blocks yet; with blocks the browser fits their bounds.
DEFAULT_CENTRE = (29.96, -90.05)


class CoordinatorLayers(JSCSSMixin, MacroElement):
    """Blocks, outlines, staging points, needs, legend, search, selection and plans.

    The layers are drawn in the browser by static/js/coordinator_map.js from one
    compact data document (services.map_layers): one GeoJSON layer on canvas, with
    popups built from feature properties as DOM text, never as HTML.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            OutreachMap.start({{ this._parent.get_name() }}, drawnItems_{{ this.draw.get_name() }},
                              {{ this.options|tojson }});
        {% endmacro %}
    """)
    default_js = [("outreach_coordinator_map", "/static/js/coordinator_map.js")]

    def __init__(self, draw: Draw, options: dict):
        super().__init__()
        self._name = "CoordinatorLayers"
        self.draw = draw
        self.options = options


def render_coordinator_map(*, options: dict, static_url) -> dict:
    """The coordinator map's page pieces {"header", "html", "script"} (folium, local assets, canvas)."""
    fmap = folium.Map(location=DEFAULT_CENTRE, zoom_start=13, tiles=None, prefer_canvas=True,
                      control_scale=True, width="100%", height="100%")
    # Only Leaflet itself: our layers use no Bootstrap, jQuery or icon fonts, and every byte counts.
    fmap.default_js = [(name, url) for name, url in fmap.default_js if name == "leaflet"]
    fmap.default_css = [(name, url) for name, url in fmap.default_css if name == "leaflet_css"]
    draw = Draw(show_geometry_on_click=False, position="topleft",
                draw_options={"polyline": False, "circle": False, "marker": False, "circlemarker": False},
                edit_options={"edit": False, "remove": False})
    draw.add_to(fmap)
    # Options reach the browser through tojson (which escapes <, > and &); the script shows them as text.
    CoordinatorLayers(draw, options).add_to(fmap)
    use_local_assets(fmap, static_url)
    root = fmap.get_root()
    root.render()
    return {"header": root.header.render(), "html": root.html.render(), "script": root.script.render()}

