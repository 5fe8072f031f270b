"""Coordinator pages for safety of the data: the audit trail and the API tokens of phones."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ..extensions import db
from ..models import User
from ..services import audit, sessions, tokens
from . import bp


def _date_arg(name: str) -> date | None:
    """A YYYY-MM-DD query argument, or None when missing or malformed (the filter then ignores it)."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


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
                           actions=audit.actions())


@bp.get("/tokens")
def token_list():
    """Every live API token: whose, which device, created and last used; revoke a lost phone's."""
    return render_template("coordinator/tokens.html", tokens=tokens.list_tokens(), form=FlaskForm())


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
        person = db.get_or_404(User, user_id)
        count = sessions.end_all(person, current_user)
        db.session.commit()
        flash(_("Signed %(name)s out everywhere (%(count)d sessions).", name=person.name, count=count), "info")
    return redirect(url_for("coordinator.token_list"))
