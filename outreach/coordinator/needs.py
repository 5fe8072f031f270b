"""The coordinator's needs triage: every need with its visit's scrubbed notes; close and merge."""
from datetime import timedelta

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..errors import DomainError
from ..extensions import db
from ..forms import Form
from ..models import utcnow
from ..services.areas import areas
from ..services.mutual_aid import needs
from ..vocab import (
    CLOSE_REASONS,
    NEED_CATEGORIES,
    NEED_STATUSES,
    NEED_URGENCIES,
    UNCONFIRMED_NEED_STATUSES,
    CloseReason,
)
from . import bp

TRIAGE_LIMIT = 500
# A need reported within a shift is "new": the coordinator has likely not seen it yet.
NEW_HOURS = 12


class CloseForm(Form):
    """Close a need as withdrawn, or as a duplicate of another need."""

    reason = SelectField(choices=[SelectChoice(r, CloseReason.label(r)) for r in CLOSE_REASONS])
    duplicate_of = IntegerField(validators=[Optional()])


@bp.get("/needs")
def needs_triage():
    """Needs with their visit's notes: unhandled first, most urgent, newest first."""
    return render_triage(needs.NeedFilter.from_args(request.args, default_statuses=UNCONFIRMED_NEED_STATUSES))


def render_triage(wanted, error: str | None = None, status: int = 200):
    """The triage page, optionally with an error from the last action."""
    rows = needs.triage_rows(wanted, limit=TRIAGE_LIMIT)
    new_since = utcnow() - timedelta(hours=NEW_HOURS)
    return render_template(
        "coordinator/needs.html", rows=rows, duplicates=needs.duplicate_candidates(rows), wanted=wanted,
        form=CloseForm(formdata=None), error=error, limit=TRIAGE_LIMIT,
        categories=NEED_CATEGORIES, urgencies=NEED_URGENCIES, statuses=NEED_STATUSES,
        neighborhoods=areas.neighborhood_names(), new_since=new_since, new_hours=NEW_HOURS,
        new_count=sum(1 for need, *_rest in rows if need.status == "open" and need.created_at >= new_since),
    ), status


@bp.post("/needs/<int:need_id>/close")
def close_need_page(need_id: int):
    """Close a need as withdrawn or merge it into the need it repeats."""
    form = CloseForm()
    wanted = needs.NeedFilter(statuses=UNCONFIRMED_NEED_STATUSES)
    if not form.validate_on_submit():
        return render_triage(wanted, _("Choose withdrawn or duplicate."), 422)
    try:
        need = needs.get_need(need_id)
        target = needs.get_need(form.duplicate_of.data) if form.duplicate_of.data else None
        needs.close(need, current_user, form.reason.data, target)
    except DomainError as error:
        db.session.rollback()
        return render_triage(wanted, error.message, error.status)
    db.session.commit()
    return redirect(url_for("coordinator.needs_triage", **request.args))
