"""Gatherings: the coordinator's list and planning form, conflicts shown (issue 27)."""
from datetime import UTC, datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_utc
from flask_login import current_user

from ..errors import DomainError
from ..extensions import db
from ..services.gatherings import gatherings, practice
from ..services.people import volunteers
from ..vocab import GatheringKind
from . import bp
from .forms import GatheringForm
from .people import form_status

# The API's field names and the form's: a refusal is shown beside the field it names.
FORM_FIELDS = {"facilitator_ids": "facilitators", "block_id": "block_code", "place_id": "place",
               "starts_at": "starts_at", "ends_at": "ends_at", "kind": "kind", "title": "title",
               "language": "language"}
SHOWN_SINCE = timedelta(days=2)  # recent gatherings stay listed a while, to see which are still to report


def gathering_form() -> GatheringForm:
    """The planning form with its choices; a practice circle for the volunteers due (?practice=1) prefilled."""
    form = GatheringForm()
    form.kind.choices = list(GatheringKind.labels().items())
    form.place.choices = [(0, "—")] + [(place.id, place.name) for place in gatherings.places()]
    active = volunteers.list_volunteers(include_inactive=False)
    form.facilitators.choices = [(volunteer.id, volunteer.name) for volunteer in active]
    if request.method == "GET" and request.args.get("practice") == "1":
        form.kind.data = "ecpr_practice"
        form.title.data = _("eCPR practice circle")
        form.facilitators.data = [volunteer.id for volunteer, _last in practice.due_for_practice(active)]
    if request.method == "GET" and request.args.get("kind") in GatheringKind:
        form.kind.data = request.args["kind"]
        if form.kind.data == "volunteer_debrief":
            form.title.data = _("Debrief for the volunteers")
    return form


def as_utc(local: datetime) -> str:
    """A time typed in the operation's zone, as ISO 8601 in UTC."""
    return to_utc(local).replace(tzinfo=UTC).isoformat()


def plan_from(form: GatheringForm) -> gatherings.Planned | None:
    """Plan the gathering the form describes; None (errors on the form) when it is refused."""
    if not form.validate_on_submit():
        return None
    try:
        block = gatherings.block_by_code(form.block_code.data) if form.block_code.data else None
        body = {"kind": form.kind.data, "title": form.title.data, "starts_at": as_utc(form.starts_at.data),
                "ends_at": as_utc(form.ends_at.data), "facilitator_ids": form.facilitators.data or [],
                "block_id": block.id if block else None, "place_id": form.place.data or None,
                "language": form.language.data.strip().lower() or None, "public": form.public.data}
        planned = gatherings.plan(current_user, body)
    except DomainError as error:
        db.session.rollback()
        show_errors(form, error)
        return None
    db.session.commit()
    return planned


def show_errors(form: GatheringForm, error: DomainError) -> None:
    """Each refused field's reason beside it on the form; the message on top when no field is named."""
    shown = False
    for name, reason in error.fields.items():
        field = FORM_FIELDS.get(name.split(".")[0].split("[")[0])
        if field:
            form[field].errors = list(form[field].errors) + [reason]
            shown = True
    if not shown:
        form.form_errors.append(error.message)


@bp.route("/gatherings", methods=["GET", "POST"])
def gatherings_page():
    """Upcoming and recent gatherings with their conflicts, and the form to plan one."""
    form = gathering_form()
    planned = plan_from(form) if request.method == "POST" else None
    if planned is not None:
        flash(_("%(title)s is planned.", title=planned.gathering.title), "info")
        for clash in gatherings.conflicts(planned.gathering):
            flash(clash_text(clash), "error")
        return redirect(url_for(".gatherings_page"))
    listed = gatherings.list_gatherings(since=datetime.now(UTC) - SHOWN_SINCE)
    rows = [(gathering, [clash_text(clash) for clash in gatherings.conflicts(gathering)]) for gathering in listed]
    return render_template("coordinator/gatherings.html", form=form, rows=rows,
                           status_of=gatherings.status_of, place_name=gatherings.place_name), form_status(form)


def clash_text(clash: gatherings.Clash) -> str:
    """A conflict in words: who is busy, and with what."""
    if clash.what == "shift":
        return _("%(name)s is on a shift at that time.", name=clash.user.name)
    return _("%(name)s is at another gathering then: %(title)s.", name=clash.user.name, title=clash.other.title)
