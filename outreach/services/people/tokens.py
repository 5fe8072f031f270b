"""API tokens: issue, lookup, expiry and revocation (a coordinator revokes a lost phone's)."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from ... import scope
from ...database import Prepared
from ...errors import NotFound
from ...extensions import db
from ...models import ApiToken, Membership, Operation, Team, User, utcnow
from ..operation import audit
from .teams import latest_pair

# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
TOUCH_INTERVAL = timedelta(minutes=1)
# A phone's token is labelled "device: <browser and system>" (or DEVICE_LABEL when the browser is unknown):
# the prefix is what makes it a device token, which expires by itself after DEVICE_TOKEN_DAYS.
DEVICE_LABEL = "device (field app)"
DEVICE_PREFIX = "device: "
LABEL_LENGTH = 100  # ApiToken.label's width
# What a request keeps of its operation, in scope.OperationRef's order.
OPERATION_COLUMNS = (Operation.__table__.c.id, Operation.__table__.c.slug, Operation.__table__.c.name,
                     Operation.__table__.c.status, Operation.__table__.c.exercise, Operation.__table__.c.closed_at)


def device_label(description: str | None) -> str:
    """The label of a phone's token: its browser and system behind the device prefix, or the plain device label."""
    return f"{DEVICE_PREFIX}{description}"[:LABEL_LENGTH] if description else DEVICE_LABEL


def is_device(label: str) -> bool:
    """Whether a token's label makes it a phone's token (which expires by itself)."""
    return label.startswith("device")


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are random, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, label: str = "cli", session_id: str | None = None) -> str:
    """Create an API token for `user` in the operation being worked in and return it; only its hash is kept.

    A phone's token names its session; the unprefixed API acts on the token's operation.
    """
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label, session_id=session_id,
                            operation_id=scope.current_id()))
    audit.record(user, "token_issued", detail={"label": label})
    return token


@dataclass(frozen=True)
class Caller:
    """Who a live bearer token speaks for, and their pair: what most API requests need, without the account."""

    id: int  # the user's id (named like User.id: services that need only id and role take either)
    role: str | None  # in `operation`; None when not a member of it
    operation: scope.OperationRef | None = None  # the token's operation (DESIGN section 7)
    token_id: int | None = None
    token_used_at: datetime | None = None
    team_id: int | None = None  # the pair work is credited to (teams.latest_pair), if any
    team_active: bool = False
    texts: bool = False  # has an SMS number: only then can an item of theirs have come by text (DESIGN section 9)


_TOKEN, _USER, _TEAM = ApiToken.__table__, User.__table__, Team.__table__
_MEMBER, _OPERATION = Membership.__table__, Operation.__table__
# Built once: every API request runs it (a Core select, no ORM objects: the ORM lookup of token and
# user was a quarter of a visit post's time); the operation, the role in it and the pair come along,
# so a visit needs no query of its own. The operation is the token's, or the one the path names.
_PAIR_ID = latest_pair(_USER.c.id, _OPERATION.c.id).with_only_columns(_TEAM.c.id).scalar_subquery()


def caller_lookup(operation_is) -> Prepared:
    """The caller lookup in the operation the join condition `operation_is` picks (none: operation columns None)."""
    return Prepared(
        select(_USER.c.id, _MEMBER.c.role, _TOKEN.c.id, _TOKEN.c.last_used_at, _TOKEN.c.label, _TOKEN.c.created_at,
               _TEAM.c.id, _TEAM.c.active, _USER.c.sms_phone.is_not(None), *OPERATION_COLUMNS)
        .select_from(_TOKEN.join(_USER, _USER.c.id == _TOKEN.c.user_id)
                     .outerjoin(_OPERATION, operation_is)
                     .outerjoin(_MEMBER, (_MEMBER.c.user_id == _USER.c.id)
                                & (_MEMBER.c.operation_id == _OPERATION.c.id))
                     .outerjoin(_TEAM, _TEAM.c.id == _PAIR_ID))
        .where(_TOKEN.c.token_hash == bindparam("token_hash"), _TOKEN.c.revoked_at.is_(None),
               _USER.c.active.is_(True)))


# Two statements, not one with a CASE: most requests (a phone's, on the flat API) take the token's own
# operation by its key, and the plan of each stays the simplest (single visit posts: issue 26's budget).
CALLER_IN_TOKENS_OPERATION = caller_lookup(_OPERATION.c.id == _TOKEN.c.operation_id)
CALLER_IN_NAMED_OPERATION = caller_lookup(_OPERATION.c.slug == bindparam("slug"))


def caller_of(user: User) -> Caller:
    """The Caller of an account signed in by its session (a page calling the API), with its pair."""
    operation = scope.current()
    team_id, active = db.session.connection().execute(
        latest_pair(user.id, operation.id)).first() or (None, False)
    return Caller(id=user.id, role=user.role, operation=operation, team_id=team_id, team_active=bool(active),
                  texts=user.sms_phone is not None)


def live_caller(token: str, device_days: int, slug: str | None = None) -> Caller | None:
    """The caller of an unrevoked, unexpired token of an active user, in one query: their role and pair in the
    operation `slug` names (None: the token's own), role None when they are no member of it, operation None when
    there is no such operation."""
    if slug is None:
        rows = CALLER_IN_TOKENS_OPERATION.rows(db.session.connection(), {"token_hash": hash_token(token)})
    else:
        rows = CALLER_IN_NAMED_OPERATION.rows(db.session.connection(), {"token_hash": hash_token(token), "slug": slug})
    if not rows:
        return None
    user_id, role, token_id, used_at, label, created_at, team_id, team_active, texts, *operation = rows[0]
    if is_device(label) and created_at < device_cutoff(device_days):
        return None
    known = operation[0] is not None  # None: the path names an operation that does not exist
    return Caller(id=user_id, role=role, operation=scope.OperationRef(*operation) if known else None,
                  token_id=token_id,
                  token_used_at=used_at, team_id=team_id, team_active=bool(team_active), texts=bool(texts))


def note_use(token_id: int, last_used_at: datetime | None) -> None:
    """Record that a token was used, at most once a minute.

    Deliberately its own short transaction, run after the view: the request's
    own work is committed (or not) by its view alone, and a read-only call still
    shows on the coordinators' list of phones.
    """
    now = utcnow()
    if last_used_at is not None and now - last_used_at <= TOUCH_INTERVAL:
        return
    with db.engine.begin() as connection:
        connection.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def device_cutoff(device_days: int) -> datetime:
    """Device tokens older than this have expired (a lost phone stops working by itself)."""
    return datetime.now(UTC) - timedelta(days=device_days)


def list_tokens(include_revoked: bool = False) -> list[ApiToken]:
    """The operation's tokens with their holders, most recently used first."""
    query = select(ApiToken).options(joinedload(ApiToken.user)).where(
        ApiToken.operation_id == scope.current_id()).order_by(
        ApiToken.last_used_at.desc().nulls_last(), ApiToken.id.desc())
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return list(db.session.scalars(query))


def revoke(token_id: int, actor) -> ApiToken:
    """Revoke one of the operation's tokens now (a lost phone stops syncing at its next request); audited.
    Idempotent; another operation's token is not found."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.operation_id != scope.current_id():
        raise NotFound(f"No token {token_id}.", {"token_id": "unknown"})
    return revoked(token, actor)


def revoked(token: ApiToken, actor) -> ApiToken:
    """The token, revoked now unless it was already (audited)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(actor, "token_revoked", token, {"user_id": token.user_id, "label": token.label})
    return token


def revoke_all_of(user_id: int, actor) -> int:
    """Revoke every live token of one account, in every operation (signed out everywhere); returns how many."""
    live = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)))
    return len([revoked(token, actor) for token in live.all()])


def revoke_of_session(session_id: str) -> int:
    """Revoke the tokens a phone got in this browser session (it signed out there); returns how many."""
    return db.session.execute(
        update(ApiToken).where(ApiToken.session_id == session_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount
