"""The coverage dashboard: care first (overdue, safety, debriefs), then coverage by neighborhood."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..models import utcnow
from ..services import coverage, shifts
from ..vocab import BLOCK_STATUSES
from . import bp
from .forms import ActionForm

CARE_ACTIONS = {
    "extend": (coverage.extend_overdue, _l("Marked: they are fine and expected back within the hour.")),
    "close": (coverage.close_overdue, _l("Shift checked out on their behalf.")),
    "debriefed": (coverage.mark_debriefed, _l("Debrief recorded. Thank you for looking after them.")),
    "safety": (coverage.resolve_safety, _l("Safety concern marked as handled.")),
}


@bp.get("/dashboard")
def dashboard():
    """Who needs a call now, then how far each neighborhood has come."""
    series = coverage.visits_per_day()
    return render_template(
        "coordinator/dashboard.html", now=utcnow(), overdue=shifts.overdue_shifts(),
        safety=coverage.safety_concerns(), debriefs=shifts.care_requests(),
        hoods=coverage.neighborhood_coverage(), statuses=BLOCK_STATUSES,
        bars=coverage.chart_bars(series), total_visits=sum(count for _, count in series), action=ActionForm())


@bp.post("/care/<any(extend, close, debriefed, safety):kind>/<int:item_id>")
def care_action(kind: str, item_id: int):
    """Mark an overdue shift, a debrief request or a safety concern as handled."""
    if not ActionForm().validate_on_submit():
        abort(400)
    handle, message = CARE_ACTIONS[kind]
    handle(current_user, item_id)
    db.session.commit()
    flash(str(message), "info")
    return redirect(url_for(".dashboard"))
