"""Maps with folium, the one place folium is used. Every asset comes from static/vendor.

Folium links Leaflet and its plugins from CDNs by default; on a staging-area laptop
with no internet that is a blank map, so each element's links are rewritten here.
"""
import html
import json
import re
from dataclasses import dataclass

import folium
from folium import Element, MacroElement
from folium.plugins import Draw, FastMarkerCluster
from folium.template import Template
from markupsafe import Markup
from shapely.geometry import mapping, shape

from ...vocab import NeedUrgency, readable_ink

# Folium's asset names -> our static files (None: not needed by our maps, left out).
LOCAL_ASSETS = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    # Folium's page framework: our maps need neither, and every page is styled by app.css alone.
    "jquery": None,
    "bootstrap": None,
    "bootstrap_css": None,
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


# --- the aid groups' needs map (issue 6) --------------------------------------

OUTLINE_TOLERANCE_DEG = 0.0001
OUTLINE_STYLE = {"color": "#555", "weight": 2, "fill": True, "fillColor": "#f4f1ea", "fillOpacity": 0.6}
URGENCY_COLOURS = NeedUrgency.colours()  # most urgent first, as outreach.vocab declares them
# Folium's Map header forbids pinch-zoom on phones; people with poor sight need it.
NO_ZOOM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*user-scalable=no[^>]*>')
# Built in the browser from a data array: thousands of needs without one folium object each.
# A need for now is marked "!" besides its colour (issue 23: colour is never the only cue), drawn 28 px wide
# inside a 48 px target, as a cluster is (a thumb on a phone).
NEED_MARKER_JS = """function (row) {
    var marker = row[5] ? L.marker([row[0], row[1]], {icon: L.divIcon({className: "", iconSize: [48, 48],
            html: '<span style="display:flex;align-items:center;justify-content:center;width:48px;height:48px">'
                + '<span style="display:flex;align-items:center;justify-content:center;width:28px;height:28px;'
                + 'box-sizing:border-box;border-radius:50%;border:2px solid #111;font:700 16px/1 system-ui,sans-serif;'
                + 'background:' + row[2] + ';color:' + row[6] + '">!</span></span>'})})
        : L.circleMarker([row[0], row[1]], {radius: 9, color: "#111", weight: 1, fillColor: row[2], fillOpacity: 0.9});
    marker.options.fillColor = row[2];  // the cluster reads it to rank by urgency
    return marker.bindPopup(row[3]).bindTooltip(row[4]);
}"""


URGENCY_RANK = {colour: rank for rank, colour in enumerate(URGENCY_COLOURS.values())}
# Its count in near-black or white, whichever reads on the colour (the palette has yellow and vermillion).
URGENCY_INK = {colour: readable_ink(colour) for colour in URGENCY_COLOURS.values()}
# A cluster takes the colour of the most urgent need inside it, so "now" never hides in a crowd.
NEED_CLUSTER_JS = """function (cluster) {
    var rank = %s, ink = %s, best = null;
    cluster.getAllChildMarkers().forEach(function (marker) {
        var colour = marker.options.fillColor;
        if (best === null || rank[colour] < rank[best]) { best = colour; }
    });
    return L.divIcon({className: "marker-cluster need-cluster", iconSize: L.point(48, 48),
        html: '<div style="background:' + best + ';color:' + ink[best] + '"><span>' + (rank[best] === 0 ? "!" : "")
            + cluster.getChildCount() + '</span></div>'});
}"""


@dataclass
class MapParts:
    """What a page template needs to show a folium map: head links, the map element, its script."""

    header: Markup
    html: Markup
    script: Markup


def map_parts(fmap: folium.Map, static_url) -> MapParts:
    """Render `fmap` with local assets into pieces for our own page layout."""
    use_local_assets(fmap, static_url)
    root = fmap.get_root()
    root.render()
    header = NO_ZOOM_VIEWPORT.sub("", root.header.render())
    return MapParts(Markup(header), Markup(root.html.render()), Markup(root.script.render()))


def need_popup(need: dict, labels: dict) -> str:
    """A need's popup HTML; every value is escaped because folium and Leaflet insert it raw."""
    lines = [
        f"<strong>{escape_for_map(need['category_label'])}</strong>",
        f"{escape_for_map(need['urgency_label'])} · {escape_for_map(labels['people'])}: {int(need['people'])}",
        f"{escape_for_map(labels['block'])} {escape_for_map(need['block_code'])}, "
        f"{escape_for_map(need['neighborhood'])}",
        escape_for_map(need["status_label"]),
    ]
    if need.get("claimed_by"):
        lines.append(f"{escape_for_map(labels['claimed_by'])}: {escape_for_map(need['claimed_by']['name'])}")
    lines.append(f'<a href="#need-{int(need["id"])}">{escape_for_map(labels["see"])}</a>')
    return "<br>".join(lines)


def outline_layer(geometries: list[dict]) -> folium.GeoJson:
    """Neighborhood outlines, simplified to about 10 m: the map's only background (no tile server)."""
    features = [{"type": "Feature", "properties": {},
                 "geometry": mapping(shape(g).simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True))}
                for g in geometries]
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name="neighborhoods",
                          style_function=lambda _: OUTLINE_STYLE, interactive=False)


class UnderLayers(MacroElement):
    """The basemap and the streets under a folium map, drawn by the ES module static/js/map/basemap.js.

    A module script runs after folium's (classic) script has made the map, whose name is a global.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
            <script type="module">
                import {addBasemap, addStreets} from {{ this.options.module|tojson }};
                const map = window[{{ this._parent.get_name()|tojson }}];
                const options = {{ this.options|tojson }};
                addStreets(map, options, map.getBounds()).then(() => addBasemap(map, options))
                    .then(() => document.documentElement.setAttribute("data-under-ready", "1"));
            </script>
        {% endmacro %}
    """)

    def __init__(self, options: dict):
        super().__init__()
        self._name = "UnderLayers"
        self.options = options


def render_needs_map(needs: list[dict], centroids: dict[int, tuple[float, float]], outlines: list[dict],
                     bounds: tuple[float, float, float, float] | None, static_url, labels: dict,
                     basemap: dict) -> MapParts:
    """Needs at their block's centroid, clustered and coloured by urgency, over neighborhood outlines.

    Under them, the basemap `basemap` configures (outreach.maps.basemap_options) and the streets.
    `bounds` frames the map when there is no need to show.
    """
    # maxZoom as a map option: without a tile layer, MarkerCluster has no other way to know it.
    fmap = folium.Map(tiles=None, zoom_start=14, control_scale=True, height="100%", maxZoom=19)
    if outlines:
        outline_layer(outlines).add_to(fmap)
    rows = [[*centroids[n["block_id"]], URGENCY_COLOURS.get(n["urgency"], "#555"), need_popup(n, labels),
             escape_for_map(f"{n['category_label']} · {n['block_code']}"), n["urgency"] == NeedUrgency.immediate.slug,
             URGENCY_INK.get(URGENCY_COLOURS.get(n["urgency"]), "#fff")] for n in needs]
    cluster_icon = NEED_CLUSTER_JS % (json.dumps(URGENCY_RANK), json.dumps(URGENCY_INK))
    FastMarkerCluster(rows, callback=NEED_MARKER_JS, name="needs", icon_create_function=cluster_icon).add_to(fmap)
    points = [row[:2] for row in rows]
    if points:
        fmap.fit_bounds([[min(p[0] for p in points), min(p[1] for p in points)],
                         [max(p[0] for p in points), max(p[1] for p in points)]], max_zoom=16)
    elif bounds:
        west, south, east, north = bounds
        fmap.fit_bounds([[south, west], [north, east]])
    UnderLayers(basemap).add_to(fmap)
    return map_parts(fmap, static_url)


# The coordinator map (issue 4) -------------------------------------------------

# New Orleans, for a map with no blocks yet; with blocks the browser fits their bounds.
DEFAULT_CENTRE = (29.96, -90.05)


class CoordinatorLayers(MacroElement):
    """Blocks, outlines, streets, basemap, staging points, needs, legend, search, selection and plans.

    The layers are drawn in the browser by the ES module static/js/coordinator_map.js from the
    shapes binary and the status document of services.areas.map_layers: every block on one canvas
    (static/js/coordinator/blocks.js), with popups built from block properties as DOM text, never
    as HTML. A module script runs after folium's classic script, which makes the map and the
    drawn-items group as globals.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
            <script type="module">
                import {start} from {{ this.options.module|tojson }};
                start(window[{{ this._parent.get_name()|tojson }}],
                      window[{{ ("drawnItems_" ~ this.draw.get_name())|tojson }}], {{ this.options|tojson }});
            </script>
        {% endmacro %}
    """)

    def __init__(self, draw: Draw, options: dict):
        super().__init__()
        self._name = "CoordinatorLayers"
        self.draw = draw
        self.options = options


def render_coordinator_map(*, options: dict, static_url) -> "MapParts":
    """The coordinator map's page pieces (folium with local assets, drawn on canvas)."""
    # No fade: a popup is readable the moment it opens (a fading popup is faint text for 0.2 s, and a
    # screenshot or a slow phone catches it there).
    fmap = folium.Map(location=DEFAULT_CENTRE, zoom_start=13, tiles=None, prefer_canvas=True,
                      control_scale=True, width="100%", height="100%", fadeAnimation=False)
    # Only Leaflet itself: our layers use no Bootstrap, jQuery or icon fonts, and every byte counts.
    fmap.default_js = [(name, url) for name, url in fmap.default_js if name == "leaflet"]
    fmap.default_css = [(name, url) for name, url in fmap.default_css if name == "leaflet_css"]
    draw = Draw(show_geometry_on_click=False, position="topleft",
                draw_options={"polyline": False, "circle": False, "marker": False, "circlemarker": False},
                edit_options={"edit": False, "remove": False})
    draw.add_to(fmap)
    # Options reach the browser through tojson (which escapes <, > and &); the script shows them as text.
    CoordinatorLayers(draw, options).add_to(fmap)
    return map_parts(fmap, static_url)

