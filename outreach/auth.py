"""Sign-in for pages (server-known sessions), bearer tokens for the API, and role guards: the thin blueprint."""
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask.ctx import _AppCtxGlobals
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from .extensions import db, login_manager
from .forms import Form
from .models import User
from .parsers import bearer_token
from .ratelimit import login_limits
from .services.people import accounts, sessions, tokens

bp = Blueprint("auth", __name__)

HOMES = {"coordinator": "coordinator.home", "volunteer": "field.home", "aid": "aid.home"}
SESSION_KEY = "login_session"  # the id of this browser's LoginSession row, in the signed cookie


class LoginForm(Form):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


class EmptyForm(Form):
    """A POST-only button with its CSRF token (sign out)."""


def home_url(user: User) -> str:
    """Where a person lands after sign-in: their role's home in their current operation, or the picker."""
    from .routing import home_url as operation_home
    return operation_home(user)


def is_local_url(target: str | None) -> bool:
    """Only same-site paths are followed after login (no open redirects)."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's session loader: the cookie counts only while its server-side session is live."""
    return sessions.user_of(int(user_id), session.get(SESSION_KEY)) if user_id.isdigit() else None


def current_session_id() -> str | None:
    """This browser's server-side session id (a phone's device token is tied to it)."""
    return session.get(SESSION_KEY)


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    """Sign in, then land on the role's home page (or a local `next`)."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, current_app.config["SECRET_KEY"])
        if user is None:
            db.session.commit()  # the failed attempt's audit row
            flash(_("That email and password do not match an active account."), "error")
            return render_template("auth/login.html", form=form), 401
        session.permanent = True  # the cookie ends after PERMANENT_SESSION_LIFETIME, not never
        session[SESSION_KEY] = sessions.start_signed_in(user)
        login_user(user)
        db.session.commit()
        target = request.args.get("next")
        return redirect(target if is_local_url(target) else home_url(user))
    return render_template("auth/login.html", form=form)


@bp.get("/logout")
@login_required
def logout_page():
    """Signing out is a POST (a link on another site cannot sign anyone out): this page asks."""
    return render_template("auth/logout.html", form=EmptyForm())


@bp.post("/logout")
@login_required
def logout():
    """Sign out here (or on every device), end the session on the server, and return to the sign-in page."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if request.form.get("everywhere"):
        sessions.end_all(user, user)
    else:
        sessions.end(current_session_id(), user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out. Thank you for today."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/")
def index():
    """The root sends people to their home, or to sign in."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    return redirect(url_for("auth.login"))


@bp.get("/operations")
@login_required
def choose_operation():
    """The picker: the operations a person works in (archived ones are not offered), each to its home."""
    from .routing import SESSION_KEY
    from .services.operation import operations
    choices = operations.memberships(current_user.id, include_archived=False)
    slug = request.args.get("operation")
    if slug and any(operation.slug == slug for operation, _role in choices):
        session[SESSION_KEY] = slug
        target = request.args.get("next")
        return redirect(target if is_local_url(target) else home_url(current_user))
    return render_template("auth/operations.html", choices=choices, homes=HOMES, next=request.args.get("next"))


@bp.app_context_processor
def operation_in_header() -> dict:
    """What every page's header says of its operation: the one being worked in (None on pages outside one), and
    whether its person works in others (then its name links to the picker)."""
    return {"current_operation": g.get("operation"), "can_switch_operation": can_switch_operation,
            "operation_api_root": operation_api_root}


def operation_api_root() -> str:
    """The API of the operation being worked in, /api/v1/operations/SLUG: where a phone sends what it made here."""
    return url_for("api.openapi").rpartition("/")[0]


def can_switch_operation() -> bool:
    """Whether the signed-in person has another operation to go to (archived ones are not offered)."""
    from .services.operation import operations
    return current_user.is_authenticated and len(operations.memberships(current_user.id, include_archived=False)) > 1


def require_role(*roles: str):
    """A before_request guard for a blueprint: signed in, and one of `roles`."""

    def guard():
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return guard


def live_bearer_caller(slug: str | None = None) -> tokens.Caller | None:
    """Who this request's bearer token speaks for, if the token is live: in operation `slug`, else the token's."""
    token = bearer_token()
    return tokens.live_caller(token, current_app.config["DEVICE_TOKEN_DAYS"], slug) if token else None


class RequestGlobals(_AppCtxGlobals):
    """flask.g, where an API request's `user` (the whole account) is loaded only when a view first asks.

    The API knows its caller (g.caller: id and role) from the token lookup alone; most of
    a phone's posts need nothing more, and loading the account was a good part of their cost.
    """

    @property
    def user(self) -> User:
        caller, user = self.__dict__.get("caller"), self.__dict__.get("_user")
        if caller is None:
            if user is None:
                raise AttributeError("user")  # as for any attribute g does not have (getattr defaults work)
            return user
        if user is None or user.id != caller.id:  # g can outlive a request (an app context held open)
            user = self.__dict__["_user"] = db.session.get(User, caller.id)
        return user

    @user.setter
    def user(self, value: User) -> None:
        self.__dict__["_user"] = value


def api_roles(*roles: str):
    """Decorate an API view: the caller (g.caller) must have one of `roles`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if g.caller.role not in roles:
                abort(403, description=f"This needs the role {' or '.join(roles)}.")
            return view(*args, **kwargs)

        return wrapper

    return decorate
