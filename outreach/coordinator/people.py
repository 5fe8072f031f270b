"""Volunteers, pairs and their assignments: the coordinator's pages."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import DomainError
from ..extensions import db
from ..models import Assignment, User
from ..services.fieldwork import assignment
from ..services.gatherings import practice
from ..services.people import accounts, teams, volunteers
from . import bp
from .forms import ActionForm, PairEditForm, PairForm, RosterForm, VolunteerForm

MAX_ROSTER_BYTES = 1024 * 1024


def get_volunteer(user_id: int) -> User:
    """The volunteer of this id, or a 404 page."""
    user = accounts.find_user(user_id)
    if user is None or user.role != "volunteer":
        abort(404, description=_("There is no volunteer with that id."))
    return user


def volunteer_fields(form: VolunteerForm) -> volunteers.VolunteerFields:
    """The form as service fields (languages parsed)."""
    return volunteers.VolunteerFields(
        name=form.name.data, email=form.email.data, trained_on=form.trained_on.data,
        languages=volunteers.parse_languages(form.languages.data), staff_contact=form.staff_contact.data,
        sms_phone=form.sms_phone.data)


def checked_password_hash(form: VolunteerForm) -> str | None:
    """A hash of the form's new password after the policy check, or None when none was given."""
    if not form.password.data:
        return None
    return accounts.new_password_hash(form.password.data, email=form.email.data, name=form.name.data)


def submitted(form, change) -> bool:
    """Validate, run `change()` and commit; on a refusal roll back and show it on the form."""
    if not form.validate_on_submit():
        return False
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return False
    db.session.commit()
    return True


def form_status(form) -> int:
    """422 for a form sent back with errors, else 200."""
    return 422 if form.errors or form.form_errors else 200


def show_error(form, error: DomainError) -> None:
    """Put a service's refusal on the form: beside its field when there is one."""
    for name in error.fields:
        if name in form:
            form[name].errors = list(form[name].errors) + [error.message]
            return
    form.form_errors.append(error.message)


@bp.get("/volunteers")
def volunteer_list():
    """All volunteers with training, languages and pair."""
    pairs = {user_id: pair.name for user_id, pair in teams.active_pair_of_users().items()}
    everyone = volunteers.list_volunteers()
    return render_template("coordinator/volunteers.html", volunteers=everyone, pairs=pairs,
                           action=ActionForm(), warn_days=current_app.config["TRAINING_VALID_DAYS"],
                           old=set(_old_training_ids()), due=practice.due_for_practice(everyone),
                           practised=practice.last_practised(volunteer.id for volunteer in everyone),
                           due_days=practice.PRACTICE_DUE_DAYS)


def _old_training_ids() -> list[int]:
    """Ids of volunteers whose training is past its validity."""
    return [u.id for u in volunteers.list_volunteers()
            if teams.training_warnings([u], current_app.config["TRAINING_VALID_DAYS"])]


@bp.route("/volunteers/new", methods=["GET", "POST"])
def volunteer_new():
    """Add a volunteer."""
    form = VolunteerForm()
    if submitted(form, lambda: volunteers.add_volunteer(current_user, volunteer_fields(form),
                                                        checked_password_hash(form))):
        flash(_("%(name)s was added.", name=form.name.data), "info")
        return redirect(url_for(".volunteer_list"))
    return render_template("coordinator/volunteer_form.html", form=form, volunteer=None), form_status(form)


@bp.route("/volunteers/<int:user_id>/edit", methods=["GET", "POST"])
def volunteer_edit(user_id: int):
    """Change a volunteer's details."""
    volunteer = get_volunteer(user_id)
    form = VolunteerForm(obj=volunteer)
    if request.method == "GET":
        form.languages.data = ", ".join(volunteer.languages or [])
    if submitted(form, lambda: volunteers.update_volunteer(current_user, volunteer, volunteer_fields(form),
                                                           checked_password_hash(form))):
        flash(_("Saved."), "info")
        return redirect(url_for(".volunteer_list"))
    return render_template("coordinator/volunteer_form.html", form=form, volunteer=volunteer), form_status(form)


@bp.post("/volunteers/<int:user_id>/active")
def volunteer_set_active(user_id: int):
    """Deactivate or reactivate a volunteer (form field `active` = 0 or 1)."""
    volunteer = get_volunteer(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        volunteers.set_active(current_user, volunteer, request.form.get("active") == "1")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("%(name)s is now %(state)s.", name=volunteer.name,
                state=_("active") if volunteer.active else _("deactivated")), "info")
    return redirect(url_for(".volunteer_list"))


@bp.route("/volunteers/import", methods=["GET", "POST"])
def volunteer_import():
    """Import a CSV roster: all rows or none, with each bad row explained."""
    form = RosterForm()
    report = None
    if form.validate_on_submit():
        data = form.roster.data.read(MAX_ROSTER_BYTES + 1)
        try:
            if len(data) > MAX_ROSTER_BYTES:
                raise DomainError(_("The roster is over 1 MB; split it into smaller files."))
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise DomainError(_("Save the roster as UTF-8 CSV and try again.")) from None
            report = volunteers.import_roster(current_user, text)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            if report.errors:
                db.session.rollback()
            else:
                db.session.commit()
                flash(_("%(count)d volunteers were added.", count=len(report.added)), "info")
                return redirect(url_for(".volunteer_list"))
    status = 422 if report and report.errors else form_status(form)
    return render_template("coordinator/roster.html", form=form, report=report), status


def staging_of(form) -> teams.Staging | None:
    """The staging point of a pair form, when both coordinates are given."""
    if form.staging_lat.data is None or form.staging_lon.data is None:
        return None
    return teams.Staging(form.staging_lat.data, form.staging_lon.data, form.staging_label.data)


@bp.get("/pairs")
def pair_list():
    """Active pairs with members, warnings and their blocks with expiry."""
    assignment.expire_due()
    db.session.commit()
    rows = assignment.active_assignment_rows()
    by_team: dict[int, list[Assignment]] = {}
    for row in rows:
        by_team.setdefault(row.team_id, []).append(row)
    valid_days = current_app.config["TRAINING_VALID_DAYS"]
    pairs = [(team, teams.pair_problems(team), teams.training_warnings(team.members, valid_days),
              by_team.get(team.id, [])) for team in teams.list_active_teams()]
    return render_template("coordinator/pairs.html", pairs=pairs, action=ActionForm())


def free_volunteer_choices() -> list[tuple[int, str]]:
    """Active trained volunteers in no active pair, as select options."""
    return [(u.id, f"{u.name} ({_('trained')} {u.trained_on.isoformat()})") for u in volunteers.free_volunteers()]


@bp.route("/pairs/new", methods=["GET", "POST"])
def pair_new():
    """Form a pair of two free, trained volunteers."""
    form = PairForm()
    choices = free_volunteer_choices()
    form.first.choices = form.second.choices = choices
    formed = []
    if submitted(form, lambda: formed.append(teams.create_team(
            current_user, name=form.name.data, member_ids=[form.first.data, form.second.data],
            staging=staging_of(form)))):
        team = formed[0]
        flash(_("Pair %(name)s is formed.", name=team.name), "info")
        for warning in teams.training_warnings(team.members, current_app.config["TRAINING_VALID_DAYS"]):
            flash(warning, "error")
        for warning in practice.practice_warnings(team.members):
            flash(warning, "error")
        return redirect(url_for(".pair_list"))
    return render_template("coordinator/pair_form.html", form=form, team=None, free=len(choices)), form_status(form)


@bp.route("/pairs/<int:team_id>/edit", methods=["GET", "POST"])
def pair_edit(team_id: int):
    """Rename a pair or move its staging point."""
    team = teams.get_team(team_id)
    form = PairEditForm(obj=team)
    if submitted(form, lambda: teams.update_team(current_user, team, name=form.name.data, staging=staging_of(form))):
        flash(_("Saved."), "info")
        return redirect(url_for(".pair_list"))
    return render_template("coordinator/pair_form.html", form=form, team=team, free=None), form_status(form)


@bp.post("/pairs/<int:team_id>/dissolve")
def pair_dissolve(team_id: int):
    """End a pair; its blocks are released."""
    team = teams.get_team(team_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    assignment.dissolve_pair(current_user, team)
    db.session.commit()
    flash(_("Pair %(name)s is dissolved; its blocks are free.", name=team.name), "info")
    return redirect(url_for(".pair_list"))


@bp.post("/assignments/<int:assignment_id>/<any(renew, release):action>")
def assignment_action(assignment_id: int, action: str):
    """Renew or release an assignment from a list (plain form, no JavaScript needed)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if action == "renew":
        assignment.renew(current_user, assignment_id, current_app.config["ASSIGNMENT_TTL_HOURS"])
    else:
        assignment.release(current_user, assignment_id)
    db.session.commit()
    flash(_("Renewed.") if action == "renew" else _("Released."), "info")
    target = request.form.get("next")
    return redirect(target if target and target.startswith(url_for(".home")) else url_for(".pair_list"))

