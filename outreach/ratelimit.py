"""Rate limits (Flask-Limiter) with counters that every app process shares.

The `limits` library stores counters in memory (one process only), Redis,
Memcached, MongoDB or etcd. Outreach runs as several gunicorn workers on one
machine with SQLite, or several app servers on one PostgreSQL, with no other
service; so the default storage here, `database://`, keeps fixed-window
counters in the app's own database (table rate_limit_counter), with one atomic
upsert per hit. `RATELIMIT_STORAGE_URI` may name any `limits` storage instead
(`redis://host:6379`, `memcached://host:11211`) when one is at hand.
"""
import time
from functools import wraps

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import RateLimitCounter


class DatabaseStorage(Storage):
    """Fixed-window counters in the app's database: shared by every worker and server using it."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the key's window, starting a new window when the old one expired."""
        now = time.time()
        table = RateLimitCounter.__table__
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        fresh = table.c.expires_at <= now
        statement = dialect.insert(table).values(key=key, count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"count": case((fresh, amount), else_=table.c.count + amount),
                  "expires_at": case((fresh, now + expiry), else_=table.c.expires_at)},
        ).returning(table.c.count)
        # Its own transaction: a hit counts even when the request's own work is rolled back.
        with db.engine.begin() as connection:
            return connection.execute(statement).scalar_one()

    def _row(self, key: str):
        with db.engine.connect() as connection:
            return connection.execute(
                select(RateLimitCounter.count, RateLimitCounter.expires_at).where(
                    RateLimitCounter.key == key, RateLimitCounter.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


def purge_expired() -> int:
    """Delete counters whose window has passed (run from `purge`); returns how many went."""
    return db.session.execute(delete(RateLimitCounter).where(RateLimitCounter.expires_at < time.time())).rowcount


limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def limits_off() -> bool:
    """Limits can be switched off per app (tests): Flask-Limiter's own switch is global to the process."""
    return not current_app.config["RATE_LIMITS_ON"]


def init_app(app) -> None:
    """Bind the limiter, with counters in the app's database unless a storage URI is configured."""
    # RATELIMIT_ENABLED=False in one app would disable the shared limiter for every app in the
    # process (several apps live in one test run), so it becomes our per-app switch instead.
    app.config["RATE_LIMITS_ON"] = bool(app.config.get("RATELIMIT_ENABLED", True))
    app.config["RATELIMIT_ENABLED"] = True
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    hooks = app.before_request_funcs[None]
    position = hooks.index(limiter._check_request_limit)  # the check Flask-Limiter runs before every request
    hooks[position] = pages_only(hooks[position])


def pages_only(check):
    """Run Flask-Limiter's per-request check for pages only.

    The API has no limits (sign-in and sign-in codes do, on pages): its bearer tokens are 256
    random bits, and a phone's sync must never be refused for being busy. Yet the check, finding
    nothing to count, was 5% of a visit post; a limit decorated on an API view would still apply.
    """
    @wraps(check)
    def check_pages():
        if not request.path.startswith("/api/"):
            check()

    return check_pages


def failed_sign_in(response) -> bool:
    """Only failed sign-ins count against the limits, so a staging area full of volunteers can sign in."""
    return response.status_code == 401


def account_key() -> str:
    """The per-account key: the email tried, lower-cased."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def account_address_key() -> str:
    """The per-account-and-address key (the address as the trusted proxy set-up sees it)."""
    return f"{get_remote_address()}|{account_key()}"


def login_limits(view):
    """Limit failed sign-ins per account and address, per address, and (slowly) per account."""
    limits = [("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", account_address_key, "login-account-address"),
              ("LOGIN_LIMIT_PER_ADDRESS", get_remote_address, "login-address"),
              ("LOGIN_LIMIT_PER_ACCOUNT", account_key, "login-account")]
    for setting, key, scope in limits:
        view = limiter.limit(lambda setting=setting: current_app.config[setting], methods=["POST"],
                             key_func=key, deduct_when=failed_sign_in, scope=scope)(view)
    return view


def refused_code(response) -> bool:
    """Only refused sign-in codes count: guessing is hopeless, but each refusal writes an audit row."""
    return response.status_code in (403, 404, 410)


def signin_code_limits(view):
    """Limit refused sign-in codes per address, as failed sign-ins are (LOGIN_LIMIT_PER_ADDRESS)."""
    return limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], deduct_when=refused_code,
                         scope="signin-code-address")(view)
