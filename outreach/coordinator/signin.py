"""Sign-in QR codes for volunteers' phones: make, show or print, and revoke them."""
from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import SigninCode, User
from ..services.people import signin_codes, teams
from ..services.people.qr import qr_svg
from . import bp
from .forms import ActionForm
from .paper import render_packet
from .people import get_volunteer


@dataclass
class ShownCode:
    """A code just made, as the coordinator shows or prints it (the code itself is never stored)."""

    user: User
    row: SigninCode
    url: str
    svg: str


def signin_url(code: str) -> str:
    """The link in the QR code: PUBLIC_URL when set (`make lan` sets it), else this request's own address."""
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("signin.with_code", code=code)
    return base.rstrip("/") + path if base else url_for("signin.with_code", code=code, _external=True)


def make_code(user: User) -> ShownCode:
    """Issue a code for `user` and draw it."""
    row, code = signin_codes.issue(user, current_user, current_app.config["SIGNIN_CODE_HOURS"])
    url = signin_url(code)
    return ShownCode(user, row, url, qr_svg(url, title=_("Sign-in code for %(name)s", name=user.name)))


def checked_form() -> None:
    """POST buttons carry a CSRF token; a stale page gets a 400."""
    if not ActionForm().validate_on_submit():
        abort(400)


def codes_page(volunteer: User, shown: ShownCode | None = None):
    """The volunteer's sign-in page: the live codes, and the new one when it was just made."""
    return render_template("coordinator/signin_codes.html", volunteer=volunteer, shown=shown, form=ActionForm(),
                           codes=signin_codes.live_codes(volunteer.id),
                           hours=current_app.config["SIGNIN_CODE_HOURS"])


@bp.get("/volunteers/<int:user_id>/signin")
def signin_codes_page(user_id: int):
    """A volunteer's live sign-in codes, with buttons to make a new one or revoke them."""
    return codes_page(get_volunteer(user_id))


@bp.post("/volunteers/<int:user_id>/signin")
def signin_code_new(user_id: int):
    """Make a sign-in code and show its QR once (only its hash is kept, so it cannot be shown again)."""
    volunteer = get_volunteer(user_id)
    checked_form()
    shown = make_code(volunteer)
    db.session.commit()
    return codes_page(volunteer, shown)


@bp.post("/signin-codes/<int:code_id>/revoke")
def signin_code_revoke(code_id: int):
    """Revoke one sign-in code."""
    checked_form()
    row = signin_codes.revoke(code_id, current_user)
    db.session.commit()
    flash(_("That sign-in code no longer works."), "info")
    return redirect(url_for(".signin_codes_page", user_id=row.user_id))


@bp.post("/volunteers/<int:user_id>/signin/revoke")
def signin_codes_revoke_all(user_id: int):
    """Revoke every live sign-in code of one volunteer (a packet went missing)."""
    volunteer = get_volunteer(user_id)
    checked_form()
    count = signin_codes.revoke_all_of(volunteer.id, current_user)
    db.session.commit()
    flash(_("Revoked %(count)d sign-in codes of %(name)s.", count=count, name=volunteer.name), "info")
    return redirect(url_for(".signin_codes_page", user_id=volunteer.id))


@bp.post("/teams/<int:team_id>/packet")
def packet_with_codes(team_id: int):
    """The pair's packet with a fresh sign-in QR code for each member, to print now."""
    team = teams.get_team(team_id)
    checked_form()
    shown = [make_code(member) for member in team.members]
    db.session.commit()
    return render_packet(team.id, signin=shown)
