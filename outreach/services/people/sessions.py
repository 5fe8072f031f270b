"""Browser sessions the server knows of: a signed cookie stays valid only while its session row is live.

Flask's session is a signed cookie, so a copy of it would outlive logout. Each
sign-in therefore makes a LoginSession row whose random id goes into the
cookie; the user loader accepts the cookie only while that row is live, so
ending the row (logout, password change, deactivation, sign out everywhere)
ends the cookie on every app server sharing the database.

Rows do not pile up: the daily housekeeping deletes ended sessions (a missing
row refuses the cookie just as an ended one does) and sessions begun longer ago
than a phone's token lives (DEVICE_TOKEN_DAYS), so no sign-in lasts forever.
"""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from ...extensions import db
from ...models import ApiToken, LoginSession, User, utcnow
from ..operation import audit
from . import tokens


def start(user: User) -> str:
    """A new live session for `user`; returns its id for the cookie."""
    session_id = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=session_id, user_id=user.id))
    return session_id


def start_signed_in(user: User) -> str:
    """A new live session after a password sign-in, audited as "sign_in"; returns its id for the cookie."""
    audit.record(user, "sign_in")
    return start(user)


def user_of(user_id: int, session_id: str | None) -> User | None:
    """The active user of a live session, in one query; None once the session was ended."""
    if not session_id:
        return None
    return db.session.scalar(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(User.id == user_id, User.active.is_(True), LoginSession.id == session_id,
               LoginSession.ended_at.is_(None)))


def end(session_id: str | None, actor: User) -> None:
    """End one session (its cookie stops working) and revoke the phone token it was given."""
    if not session_id:
        return
    db.session.execute(update(LoginSession).where(LoginSession.id == session_id, LoginSession.ended_at.is_(None))
                       .values(ended_at=utcnow()).execution_options(synchronize_session=False))
    tokens.revoke_of_session(session_id)
    audit.record(actor, "sign_out")


def end_all(user: User, actor: User) -> int:
    """End every session of `user` and revoke every token (sign out everywhere); returns sessions ended."""
    ended = db.session.execute(
        update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    revoked = tokens.revoke_all_of(user.id, actor)
    audit.record(actor, "signed_out_everywhere", user, {"sessions": ended, "tokens": revoked})
    return ended


def forget_stale(max_age: timedelta, now: datetime | None = None) -> int:
    """Delete ended sessions and those begun more than `max_age` ago; returns how many."""
    cutoff = (now or utcnow()) - max_age
    stale = select(LoginSession.id).where(or_(LoginSession.ended_at.is_not(None), LoginSession.created_at < cutoff))
    # A phone's token outlives its session by design; it only forgets which browser asked for it.
    db.session.execute(update(ApiToken).where(ApiToken.session_id.in_(stale)).values(session_id=None)
                       .execution_options(synchronize_session=False))
    return db.session.execute(delete(LoginSession).where(LoginSession.id.in_(stale))
                              .execution_options(synchronize_session=False)).rowcount
