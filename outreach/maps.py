"""What every map reads besides its blocks: the operation's offline basemap (whole, or tile by tile) and streets."""
import json

from flask import Blueprint, Response, abort, current_app, request, send_file, url_for
from flask_babel import gettext as _

from . import scope
from .auth import require_role
from .errors import Invalid, json_error
from .services.areas import basemap, map_layers, osm_basemap

bp = Blueprint("maps", __name__, url_prefix="/maps")
bp.before_request(require_role("coordinator", "volunteer", "aid"))

MAX_BBOX_DEGREES = 1.0  # a city; the field and aid maps ask for their own few blocks
_archives: dict = {}  # path -> (file version, the archive checked at that version)


def basemap_path():
    """The operation's basemap file (its own, else the instance's), or None."""
    return basemap.configured_path(current_app.config, current_app.instance_path, scope.current().slug)


def current_archive() -> basemap.Archive:
    """The operation's basemap, checked once per file version; a 404 when there is none."""
    path = basemap_path()
    if path is None or not path.exists():
        abort(404, description=_("No offline basemap is configured."))
    stat = path.stat()
    version = (stat.st_size, stat.st_mtime_ns)
    cached = _archives.get(str(path))
    if cached is None or cached[0] != version:
        cached = _archives[str(path)] = (version, basemap.check(path))
    return cached[1]


def basemap_options() -> dict:
    """What a page's map needs to draw the configured basemap and the streets (see static/js/map/basemap.js).

    An offline PMTiles basemap wins over online raster tiles; with neither, kind is None
    and the renderer is never loaded, so the phone's first load stays small.
    """
    options = {"kind": None, "streets": url_for("maps.streets_json"),
               "module": url_for("static", filename="js/map/basemap.js")}
    path = basemap_path()
    if path is not None and path.exists():
        found = current_archive()
        template = url_for("maps.tile", z=0, x=0, y=0, v=found.etag).replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")
        options.update(kind="pmtiles", tiles=template, max_zoom=found.max_zoom, bounds=found.bounds,
                       renderer=url_for("static", filename="vendor/protomaps-leaflet/protomaps-leaflet.js"),
                       budget=int(current_app.config["BASEMAP_OFFLINE_BUDGET_BYTES"]))
    elif current_app.config.get("TILE_URL"):
        options.update(kind="raster", tiles=current_app.config["TILE_URL"],
                       attribution=current_app.config.get("TILE_ATTRIBUTION") or "")
    if options["kind"] == "pmtiles" or osm_basemap.openstreetmap_imported():
        options["credit"] = osm_credit()
    return options


def osm_credit() -> str:
    """The credit OpenStreetMap's licence (ODbL) asks of a map that draws its data, as the map's HTML."""
    link = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    return _("© %(openstreetmap)s contributors", openstreetmap=link)


def is_one_byte_range(asked) -> bool:
    """Whether a parsed Range header asks for a single range of bytes (what PMTiles readers send)."""
    return asked is not None and asked.units == "bytes" and len(asked.ranges) == 1


@bp.get("/basemap.pmtiles")
def archive():
    """The whole archive, with HTTP range requests (206, 416), ETag and If-Range, for PMTiles readers."""
    found = current_archive()
    if "HTTP_RANGE" in request.environ and not is_one_byte_range(request.range):
        # Several ranges, another unit or an unreadable header: RFC 9110 (14.2) lets a server ignore a
        # Range it does not serve and answer 200 with the whole file, which every reader can use;
        # Werkzeug would answer 416, which tells a reader its request could never be met.
        del request.environ["HTTP_RANGE"]
    response = send_file(found.path, mimetype="application/vnd.pmtiles", conditional=True, etag=found.etag,
                         max_age=3600)
    response.headers["Accept-Ranges"] = "bytes"
    return response


@bp.get("/tiles/<int:z>/<int:x>/<int:y>.mvt")
def tile(z: int, x: int, y: int):
    """One vector tile out of the archive; 204 where the archive has none (sea, or outside its extract)."""
    found = current_archive()
    data = basemap.tile(found, z, x, y)
    if data is None:
        response = Response(status=204)
    else:
        response = Response(data, mimetype="application/vnd.mapbox-vector-tile")
        if found.encoding:
            response.headers["Content-Encoding"] = found.encoding
    # The URL carries the archive's version (?v=), so a tile never changes under its URL.
    fresh = request.args.get("v") == found.etag
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable" if fresh else "no-cache"
    return response


@bp.get("/streets.json")
def streets_json():
    """The imported streets in `bbox=west,south,east,north`, encoded like the coordinator map's data."""
    try:
        bounds = parse_bbox(request.args.get("bbox", ""))
    except Invalid as error:  # a script's question, so a JSON answer, though not under /api
        return json_error(error.status, error.code, error.message, error.fields)
    body = json.dumps(map_layers.encode_streets(bounds), separators=(",", ":"), ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={"Cache-Control": "private, no-cache"})


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """`west,south,east,north` in degrees, ordered and at most MAX_BBOX_DEGREES wide; Invalid otherwise."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise Invalid(_("bbox must be four numbers: west,south,east,north."), {"bbox": "format"}) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise Invalid(_("bbox must be west,south,east,north in degrees, west before east and south before north."),
                      {"bbox": "order"})
    if east - west > MAX_BBOX_DEGREES or north - south > MAX_BBOX_DEGREES:
        raise Invalid(_("bbox may span at most %(n)s degree.", n=MAX_BBOX_DEGREES), {"bbox": "too_large"})
    return west, south, east, north
