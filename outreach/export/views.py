"""Each export is audited before its first byte is sent, then streamed."""
import json

from flask import Response, current_app, render_template, request, stream_with_context
from flask_login import current_user

from .. import scope
from ..extensions import db
from ..models import utcnow
from ..services.areas.blocks import blocks_feature_collection
from ..services.gatherings import encounter_log
from ..services.operation import exports
from ..vocab import REFERRALS, RISKS
from . import bp


def audited(what: str, **detail) -> None:
    """Record and commit who exported what (before streaming, which outlives the request's session work)."""
    exports.record_export(current_user, what, **detail)
    db.session.commit()


def download(chunks, filename: str, mimetype: str) -> Response:
    """A streamed attachment, its file named after the operation (and EXERCISE first, for a drill's)."""
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{operation_file_name(filename)}"'
    return response


def operation_file_name(filename: str) -> str:
    """`needs.csv` -> `katrina-needs.csv`, or `EXERCISE-drill-needs.csv`: a drill's file never passes for real."""
    operation = scope.current()
    return f"{'EXERCISE-' if operation.exercise else ''}{operation.slug}-{filename}"


def stamp() -> str:
    """Today's date for file names."""
    return utcnow().date().isoformat()


def requested_week() -> exports.Week:
    """?week=YYYY-Www in the operation's time zone, Flask-Babel's (this week when missing)."""
    return exports.parse_week(request.args.get("week"), current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))


@bp.get("/")
def index():
    """The exports, with a week picker for the tally and the report."""
    return render_template("export/index.html", week=requested_week())


@bp.get("/needs.csv")
def needs_csv():
    """Every need at block level (no notes, no hints)."""
    audited("needs.csv")
    return download(exports.needs_csv(), f"needs-{stamp()}.csv", "text/csv")


@bp.get("/needs.hxl.csv")
def needs_hxl_csv():
    """The needs with the HXL hashtag row, for humanitarian partners."""
    audited("needs.hxl.csv")
    return download(exports.needs_csv(hxl=True), f"needs-{stamp()}.hxl.csv", "text/csv")


@bp.get("/blocks.geojson")
def blocks_geojson():
    """Blocks with status and counts (no notes)."""
    audited("blocks.geojson")
    body = json.dumps(blocks_feature_collection(), separators=(",", ":"))
    return download(iter([body]), f"blocks-{stamp()}.geojson", "application/geo+json")


@bp.get("/gatherings.csv")
def gatherings_csv():
    """One row per held gathering, in the shape of a group encounter log (bands and counts, no names)."""
    audited("gatherings.csv")
    return download(exports.csv_lines(encounter_log.rows()), f"gatherings-{stamp()}.csv", "text/csv")


@bp.get("/tally.csv")
def tally_csv():
    """Counts per day of one ISO week, after the crisis-counseling weekly tally."""
    week = requested_week()
    audited("tally.csv", week=week.label)
    rows = exports.tally_rows(exports.weekly_tally(week))
    return download(exports.csv_lines(rows), f"tally-{week.label}.csv", "text/csv")


@bp.get("/weekly")
def weekly_report():
    """A printable report of one week: the tally by day and the needs' flow by category."""
    week = requested_week()
    audited("weekly_report", week=week.label)
    days = exports.weekly_tally(week)
    flow = exports.need_flow(week)
    return render_template("export/weekly.html", week=week, days=days, flow=flow,
                           categories=exports.flow_categories(flow), statuses=exports.need_status_counts(),
                           referrals=REFERRALS, risks=RISKS, total=sum(days.values(), exports.Counter()))
