"""Phones join by QR code: a one-time sign-in link opened on the volunteer's phone, into the code's operation."""
from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from flask_wtf import FlaskForm

from . import routing, scope
from .auth import SESSION_KEY
from .extensions import db
from .models import Operation
from .ratelimit import signin_code_limits
from .services.people import sessions, signin_codes

bp = Blueprint("signin", __name__)


@bp.route("/signin/<code>", methods=["GET", "POST"])
@signin_code_limits
def with_code(code: str):
    """GET asks to confirm (so link previewers cannot spend the code); POST signs this phone in."""
    form = FlaskForm()
    try:
        if not form.validate_on_submit():
            found = signin_codes.check(code)
            return render_template("auth/signin_code.html", form=form, name=found.user.name,
                                   operation=db.session.get(Operation, found.operation_id),
                                   days=current_app.config["DEVICE_TOKEN_DAYS"])
        user = signin_codes.redeem(code)
    except signin_codes.CodeRefused as refused:
        db.session.commit()  # keep the refusal's audit row
        return render_template("auth/signin_code_refused.html", reason=refused.reason), refused.status
    session.permanent = True  # like a password sign-in: the cookie ends after PERMANENT_SESSION_LIFETIME
    session[SESSION_KEY] = sessions.start(user)  # a server-side session: logout and revocation end it
    login_user(user)
    session[routing.SESSION_KEY] = scope.current().slug  # the code's: the phone works (and gets its token) there
    db.session.commit()
    flash(_("Welcome, %(name)s. This phone is signed in, and it keeps your visits safe even without a signal.",
            name=user.name), "info")
    return redirect(url_for("field.home"))
