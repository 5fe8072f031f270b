"""Browser sessions the server knows of: a signed cookie stays valid only while its session row is live.

Flask's session is a signed cookie, so a copy of it would outlive logout. Each
sign-in therefore makes a LoginSession row whose random id goes into the
cookie; the user loader accepts the cookie only while that row is live, so
ending the row (logout, password change, deactivation, sign out everywhere)
ends the cookie on every app server sharing the database.
"""
import secrets

from sqlalchemy import select, update

from ..extensions import db
from ..models import LoginSession, User, utcnow
from . import audit, tokens


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
