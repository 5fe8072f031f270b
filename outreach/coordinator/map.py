"""The coordinator map page and its two data documents: the blocks' shapes (cached per operation and its
areas version) and their status (per map data version; an open map asks for what changed since its own)."""
import json

from flask import Response, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from ..auth import operation_api_root
from ..extensions import db
from ..i18n import zone_name
from ..maps import basemap_options
from ..security import with_nonce
from ..services.areas import areas, map_layers, maps
from ..services.areas.areas import AREAS_VERSION
from ..services.areas.blocks import current_version
from ..services.fieldwork import assignment
from ..vocab import BlockStatus, GatheringKind, GatheringStatus
from . import bp


def whole_number_arg(name: str) -> int | None:
    """`?name=N` as an int, or None when absent; a 400 for anything but a whole number."""
    value = request.args.get(name, "")
    if value == "":
        return None
    if not value.isdigit():
        abort(400, description=_("%(name)s must be a whole number.", name=name))
    return int(value)


def neighborhood_filter() -> int | None:
    """`?neighborhood_id=N`, or None for the whole city; a 400 or 404 for anything else."""
    hood_id = whole_number_arg("neighborhood_id")
    if hood_id is not None and not areas.neighborhood_exists(hood_id):
        abort(404, description=_("There is no such neighborhood."))
    return hood_id


def block_to_open() -> int | None:
    """`?block_id=N`: the block whose popup the map opens on (a help call's link), or None; 400 or 404 if bad."""
    block_id = whole_number_arg("block_id")
    if block_id is not None and not areas.block_exists(block_id):
        abort(404, description=_("There is no such block."))
    return block_id


def fresh_version() -> int:
    """Release expired assignments first (lazy expiry), then read the shared data version."""
    if assignment.expire_due():
        db.session.commit()
    return current_version()


def map_labels() -> dict:
    """The words the map's script shows, in the coordinator's language."""
    return {
        "statuses": BlockStatus.labels(), "neighborhood": _("Neighborhood"), "status": _("Status"), "pair": _("Pair"),
        "visits": _("Visits"), "open_needs": _("open needs"), "urgent": _("urgent"), "expires": _("Expires"),
        "hazard": _("Hazard"),
        "renew": _("Renew"), "release": _("Release"), "assign": _("Assign"), "no_pairs": _("No active pairs yet."),
        "blocks": _("Blocks"), "neighborhoods": _("Neighborhood outlines"), "staging": _("Staging points"),
        "needs_layer": _("Open needs and urgent flags"), "block_codes": _("Block codes"), "layers": _("Map layers"),
        "legend": _("Block status"),
        "expiring_soon": _("Assignment ends within 12 hours"), "legend_urgent": _("Urgent need"),
        "legend_needs": _("Open needs"), "staging_point": _("Staging point"),
        "selected": _("{n} blocks selected, {free} of them free."), "assign_selected": _("Assign free blocks to"),
        "cancel": _("Cancel"), "assigned_n": _("{n} blocks assigned."), "loading": _("Working out a plan…"),
        "plan_empty": _("Nothing to suggest: no free blocks or no pair with room."),
        "plan_row": _("{pair}: {n} blocks, farthest {m} m from staging"), "accept": _("Accept checked pairs"),
        "dismiss": _("Dismiss plan"), "search": _("Search a place or block"), "no_match": _("No match."),
        "search_unavailable": _("Search is not available yet."), "failed": _("That did not work"),
        "gatherings": _("Gatherings"), "gathering_kinds": GatheringKind.labels(),
        "gathering_statuses": GatheringStatus.labels(),
    }


# An open map asks for changes this often: a new assignment, visit or hazard shows within the dashboard's
# 10 seconds (DESIGN section 5), and an unchanged map costs one version read.
POLL_MS = 5000


@bp.get("/map")
def map_page():
    """The coordinator map: blocks by status, pairs, needs; assign by click, by drawing, or by plan."""
    neighborhood_id = neighborhood_filter()
    version = fresh_version()
    options = {
        "shapes_url": url_for(".map_shapes", v=current_version(AREAS_VERSION), neighborhood_id=neighborhood_id),
        "data_url": url_for(".map_status", v=version, neighborhood_id=neighborhood_id),
        "status_url": url_for(".map_status", neighborhood_id=neighborhood_id), "poll_ms": POLL_MS,
        "api": operation_api_root(), "csrf_token": generate_csrf(),
        "neighborhood_id": neighborhood_id, "block_id": block_to_open(), "panel_id": "map-panel",
        "labels": map_labels(), "lang": str(get_locale() or "en"), "time_zone": zone_name(),
        "basemap": basemap_options(), "module": url_for("static", filename="js/coordinator_map.js"),
    }
    pieces = maps.render_coordinator_map(options=options, static_url=lambda path: url_for("static", filename=path))
    neighborhoods = areas.neighborhood_names()
    return render_template("coordinator/map.html", map_header=with_nonce(pieces.header),
                           map_html=with_nonce(pieces.html), map_script=pieces.script,
                           neighborhoods=neighborhoods, neighborhood_id=neighborhood_id, locale=str(get_locale()),
                           preload=[options["shapes_url"], options["data_url"]])


@bp.get("/map/shapes.bin")
def map_shapes():
    """The blocks' shapes, outlines and streets: one binary built once per areas version, stored for every server."""
    neighborhood_id = neighborhood_filter()
    version = current_version(AREAS_VERSION)
    document = map_layers.shapes.get(neighborhood_id, version)
    db.session.commit()  # shapes built here (a neighborhood's, or after an upgrade) are kept for every app server
    return send_document(document.raw, document.gzipped, "application/octet-stream", fresh=is_current(version))


@bp.get("/map/status.json")
def map_status():
    """The blocks' status, pairs and warnings; with `since=V`, only what changed since version V when known."""
    neighborhood_id = neighborhood_filter()
    since = whole_number_arg("since")
    version = fresh_version()
    document = map_layers.statuses.get(neighborhood_id, version)
    if since == version:
        return live(Response(json.dumps({"version": version, "since": since, "rows": []}), mimetype="application/json"))
    before = None if since is None else map_layers.statuses.kept(neighborhood_id, since)
    if before is not None:
        return live(Response(map_layers.status_changes(before, document), mimetype="application/json"))
    return send_document(document.raw, document.gzipped, "application/json", fresh=is_current(version))


def live(response: Response) -> Response:
    """An answer about now, asked again every few seconds: never taken from a cache."""
    response.headers["Cache-Control"] = "no-cache"
    return response


def is_current(version: int) -> bool:
    """Whether the request's `v` names `version`: an old URL may not be cached as if it were the current one."""
    return request.args.get("v") == str(version)


def send_document(raw: bytes, gzipped: bytes, mimetype: str, *, fresh: bool) -> Response:
    """A cached document, gzipped when the browser can take it; kept for a year under its versioned URL."""
    compressed = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(gzipped if compressed else raw, mimetype=mimetype)
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable" if fresh else "no-cache"
    return response
