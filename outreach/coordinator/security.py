"""Coordinator pages for safety of the data: the audit trail and the API tokens of phones."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from ..extensions import db
from ..models import User
from ..services.operation import audit
from ..services.people import sessions, tokens
from ..vocab import label
from . import bp


def _date_arg(name: str) -> date | None:
    """A YYYY-MM-DD query argument, or None when missing or malformed (the filter then ignores it)."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


# What an event is about, by the model name audit.record keeps (not a DESIGN vocabulary: the tables' names).
SUBJECTS = {"user": _l("Person"), "apitoken": _l("Token"), "signincode": _l("Sign-in code"), "team": _l("Pair"),
            "assignment": _l("Assignment"), "shift": _l("Shift"), "alert": _l("Help call"), "message": _l("Message"),
            "visit": _l("Visit"), "need": _l("Need"), "block": _l("Block"), "neighborhood": _l("Neighborhood"),
            "aidgroup": _l("Aid group"), "operation": _l("Operation")}
# Details that hold a vocabulary's slug, and which vocabulary, so the log reads in words.
DETAIL_VOCABULARIES = {"from": "need_status", "to": "need_status", "kind": "alert_kind", "self_care": "self_care",
                       "status": "block_status", "reason": "close_reason", "role": "role"}


# The details' names as a coordinator reads them; a key not listed shows as stored.
DETAIL_NAMES = {"from": _l("from"), "to": _l("to"), "kind": _l("kind"), "self_care": _l("said"),
                "debrief": _l("debrief asked"), "hours": _l("hours"), "user_id": _l("person #"),
                "team_id": _l("pair #"), "group_id": _l("group #"), "block_id": _l("block #"), "what": _l("what"),
                "label": _l("device"), "level": _l("level"), "created": _l("new"), "updated": _l("updated"),
                "reason": _l("reason"), "email": _l("email typed"), "status": _l("status"), "count": _l("how many"),
                "need_ids": _l("needs #"), "closed_at": _l("closed at")}


def subject_label(event) -> str:
    """"Need 12", "Pair 3": what the event is about, in words."""
    if not event.subject_type:
        return ""
    return f"{SUBJECTS.get(event.subject_type, event.subject_type)} {event.subject_id or ''}".strip()


def detail_value(key: str, value):
    """A detail's value in words: a vocabulary's label for its slug, yes or no for a flag."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in DETAIL_VOCABULARIES and isinstance(value, str):
        return label(value, DETAIL_VOCABULARIES[key])
    return value


def detail_items(event) -> list[tuple[object, object]]:
    """An event's details as (name, value) in words."""
    return [(DETAIL_NAMES.get(key, key), detail_value(key, value)) for key, value in (event.detail or {}).items()]


@bp.get("/audit")
def audit_log():
    """Who did what and when, filtered by action, person and dates."""
    wanted = audit.AuditFilter(action=request.args.get("action") or None,
                               actor=(request.args.get("actor") or "").strip()[:100] or None,
                               since=_date_arg("since"), until=_date_arg("until"))
    page = request.args.get("page", 1, type=int)
    page = page if page and 0 < page < 100_000 else 1
    events, more = audit.search(wanted, page=page, zone=get_timezone())
    return render_template("coordinator/audit.html", events=events, wanted=wanted, page=page, more=more,
                           actions=audit.actions(), subject_label=subject_label, detail_items=detail_items)


def device_name(token_label: str) -> str:
    """What a token's label says to a coordinator: the phone's browser and system, or what kind of token."""
    kinds = {tokens.DEVICE_LABEL: _("Phone (browser not recorded)"), "cli": _("Command line or script")}
    return kinds.get(token_label, token_label.removeprefix(tokens.DEVICE_PREFIX))


def by_person(live: list) -> list[tuple]:
    """Tokens grouped by their holder, people by name; within a person, the most recently used first."""
    people: dict[int, tuple] = {}
    for token in live:
        people.setdefault(token.user_id, (token.user, []))[1].append(token)
    return sorted(people.values(), key=lambda entry: (entry[0].name.casefold(), entry[0].id))


@bp.get("/tokens")
def token_list():
    """Every live API token, grouped by person: which device, created and last used; revoke a lost phone's."""
    return render_template("coordinator/tokens.html", people=by_person(tokens.list_tokens()), form=FlaskForm(),
                           device_name=device_name)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    """Revoke one token; the phone must sign in again."""
    form = FlaskForm()
    if form.validate_on_submit():
        token = tokens.revoke(token_id, current_user)
        db.session.commit()
        flash(_("Revoked the token “%(label)s” of %(name)s.", label=token.label, name=token.user.name), "info")
    return redirect(url_for("coordinator.token_list"))


@bp.post("/tokens/user/<int:user_id>/revoke")
def revoke_user_tokens(user_id: int):
    """Sign one person out everywhere: every browser session and every token (a lost or stolen phone)."""
    form = FlaskForm()
    if form.validate_on_submit():
        person = db.session.get(User, user_id)
        if person is None or person.role is None:  # someone of another operation is not found here
            abort(404)
        count = sessions.end_all(person, current_user)
        db.session.commit()
        flash(_("Signed %(name)s out everywhere (%(count)d sessions).", name=person.name, count=count), "info")
    return redirect(url_for("coordinator.token_list"))
