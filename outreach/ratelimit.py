"""Rate limits (Flask-Limiter) with counters that every app process shares.

The `limits` library stores counters in memory (one process only), Redis,
Memcached, MongoDB or etcd. Outreach runs as several gunicorn workers on one
machine with SQLite, or several app servers on one PostgreSQL, with no other
service; so the default storage here, `database://`, keeps fixed-window
counters in the app's own database (table rate_limit_counter), with one atomic
upsert per hit. `RATELIMIT_STORAGE_URI` may name any `limits` storage instead
(`redis://host:6379`, `memcached://host:11211`) when one is at hand.

Sign-ins and sign-in codes are limited by reserve_attempts: an attempt is
counted before it is tried and refunded when it turns out not to count, so
attempts sent all at once cannot slip between a check and a count.
"""
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, make_response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import TooManyRequests

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
        statement = dialect.insert(table).values(key=key, count=max(amount, 0), expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            # A refund (a negative amount) of a window that ran out leaves the new window at zero.
        set_={"count": case((fresh, max(amount, 0)), else_=table.c.count + amount),
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


@dataclass(frozen=True)
class Reserved:
    """One limit on attempts: the setting holding it ("5 per 15 minutes"), whose attempts, and its name."""

    setting: str
    key: Callable[[], str]
    scope: str


def reserve_attempts(limits: tuple[Reserved, ...], counts: Callable[[Response], bool],
                     methods: tuple[str, ...] | None = None):
    """Count each attempt before it is tried, and give it back after unless `counts(response)`.

    Checking a limit first and counting a failure after let twenty attempts sent at once all
    be tried (each checked before any was counted). Here each limit's counter is incremented
    first, in one atomic step of the storage (`hit`: increment, then compare what it returned),
    so at most the limit's number of attempts pass however many arrive together; those that do
    not count (a sign-in that worked, a code that was good) are refunded afterwards, and so are
    the increments of an attempt refused with 429.
    """
    def decorate(view):
        @wraps(view)
        def reserved(*args, **kwargs):
            if (methods and request.method not in methods) or not current_app.config["RATE_LIMITS_ON"]:
                return view(*args, **kwargs)
            taken = []
            for limit in limits:
                item, identifiers = parse(current_app.config[limit.setting]), (limit.key(), limit.scope)
                taken.append((item, identifiers))
                if not limiter.limiter.hit(item, *identifiers):
                    _refund(taken)
                    reset = limiter.limiter.get_window_stats(item, *identifiers).reset_time
                    raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))
            response = make_response(view(*args, **kwargs))
            if not counts(response):
                _refund(taken)
            return response

        return reserved

    return decorate


def _refund(taken: list) -> None:
    """Give back the attempts counted for this request."""
    for item, identifiers in taken:
        limiter.limiter.hit(item, *identifiers, cost=-1)


LOGIN_LIMITS = (Reserved("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", account_address_key, "login-account-address"),
                Reserved("LOGIN_LIMIT_PER_ADDRESS", get_remote_address, "login-address"),
                Reserved("LOGIN_LIMIT_PER_ACCOUNT", account_key, "login-account"))


def login_limits(view):
    """Limit failed sign-ins per account and address, per address, and (slowly) per account."""
    return reserve_attempts(LOGIN_LIMITS, failed_sign_in, methods=("POST",))(view)


def refused_code(response) -> bool:
    """Only refused sign-in codes count: guessing is hopeless, but each refusal writes an audit row."""
    return response.status_code in (403, 404, 410)


def signin_code_limits(view):
    """Limit refused sign-in codes per address, as failed sign-ins are (LOGIN_LIMIT_PER_ADDRESS)."""
    return reserve_attempts((Reserved("LOGIN_LIMIT_PER_ADDRESS", get_remote_address, "signin-code-address"),),
                            refused_code)(view)
