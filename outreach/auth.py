"""Sign-in for pages (sessions), bearer tokens for the API, and role guards."""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from .extensions import db, login_manager
from .models import ApiToken, User, utcnow
from .ratelimit import login_limits
from .services import audit

bp = Blueprint("auth", __name__)

HOMES = {"coordinator": "coordinator.home", "volunteer": "field.home", "aid": "aid.home"}

# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's default, memory-hard)."""
    return generate_password_hash(password, method="scrypt")


def find_user_by_email(email: str) -> User | None:
    """The account with this email, compared case-insensitively."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = find_user_by_email(email)
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def home_url(user: User) -> str:
    """Where a role lands after sign-in."""
    return url_for(HOMES[user.role])


def is_local_url(target: str | None) -> bool:
    """Only same-site paths are followed after login (no open redirects)."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's session loader."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    """Sign in, then land on the role's home page (or a local `next`)."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            audit.record(None, "sign_in_failed", detail={"email": form.email.data.strip().lower()[:254]})
            db.session.commit()
            flash(_("That email and password do not match an active account."), "error")
            return render_template("auth/login.html", form=form), 401
        session.permanent = True  # the cookie ends after PERMANENT_SESSION_LIFETIME, not never
        login_user(user)
        audit.record(user, "sign_in")
        db.session.commit()
        target = request.args.get("next")
        return redirect(target if is_local_url(target) else home_url(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    """Sign out and return to the sign-in page."""
    logout_user()
    flash(_("You are signed out. Thank you for today."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/")
def index():
    """The root sends people to their home, or to sign in."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    return redirect(url_for("auth.login"))


def require_role(*roles: str):
    """A before_request guard for a blueprint: signed in, and one of `roles`."""

    def guard():
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return guard


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are random, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str = "cli") -> str:
    """Create an API token for `user` and return it; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    audit.record(user, "token_issued", detail={"label": label})
    return token


def user_for_token(token: str) -> User | None:
    """The active user behind an unrevoked token, noting when it was last used."""
    row = db.session.scalar(select(ApiToken).options(joinedload(ApiToken.user))  # one query, not two
                            .where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if row.label.startswith("device") and row.created_at < device_token_cutoff():
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
        db.session.commit()
    return row.user


def device_token_cutoff() -> datetime:
    """Device tokens older than this have expired (a lost phone stops working by itself)."""
    return datetime.now(timezone.utc) - timedelta(days=current_app.config["DEVICE_TOKEN_DAYS"])


def bearer_token() -> str | None:
    """The token in `Authorization: Bearer ...`, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_roles(*roles: str):
    """Decorate an API view: the caller (in g.user) must have one of `roles`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if g.user.role not in roles:
                abort(403, description=f"This needs the role {' or '.join(roles)}.")
            return view(*args, **kwargs)

        return wrapper

    return decorate
