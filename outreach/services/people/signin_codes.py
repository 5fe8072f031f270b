"""One-time sign-in codes: a QR code a coordinator shows or prints so a volunteer's phone signs in.

In the spirit of ODK Central's app-user QR codes, but single use: the link holds a
random code, only its SHA-256 is stored, it expires (SIGNIN_CODE_HOURS, 24 by
default) and works once. Every issue, use, refusal and revocation is audited.
"""
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ... import scope
from ...errors import DomainError, Invalid, NotFound
from ...extensions import db
from ...models import Operation, SigninCode, User, utcnow
from ..operation import audit
from .tokens import hash_token


class CodeRefused(DomainError):
    """A code that cannot sign anyone in; `reason` says why (unknown, used, expired, revoked, inactive, closed)."""

    STATUS = {"unknown": 404, "inactive": 403, "closed": 409}

    def __init__(self, reason: str):
        super().__init__(_("This sign-in code cannot be used."), {"code": reason}, code=f"code_{reason}")
        self.reason = reason
        self.status = self.STATUS.get(reason, 410)


def issue(user: User, actor: User, hours: float) -> tuple[SigninCode, str]:
    """A new code for an active volunteer of the operation, valid for `hours` and for signing in to this operation;
    returns the row and the code itself."""
    if user.role != "volunteer":
        raise Invalid(_("Sign-in codes are for volunteers' phones."), {"user_id": "not a volunteer"})
    if not user.active:
        raise Invalid(_("%(name)s is deactivated; reactivate the account first.", name=user.name),
                      {"user_id": "deactivated"})
    code = secrets.token_urlsafe(24)
    row = SigninCode(user_id=user.id, operation_id=scope.current_id(), code_hash=hash_token(code),
                     issued_by_id=actor.id,
                     expires_at=utcnow() + timedelta(hours=hours))
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "signin_code_issued", row, {"user_id": user.id, "hours": hours})
    return row, code


def check(code: str) -> SigninCode:
    """The live code behind `code`, or CodeRefused (the refusal is audited; the caller commits it)."""
    row = db.session.scalar(select(SigninCode).where(SigninCode.code_hash == hash_token(code)))
    reason = refusal(row)
    if reason:
        audit.record(row.user if row else None, "signin_code_refused", row, {"reason": reason})
        raise CodeRefused(reason)
    return row


def refusal(row: SigninCode | None) -> str | None:
    """Why this code cannot be used now, or None when it can."""
    if row is None:
        return "unknown"
    if row.revoked_at is not None:
        return "revoked"
    if row.used_at is not None:
        return "used"
    if row.expires_at <= utcnow():
        return "expired"
    if not row.user.active:
        return "inactive"
    if db.session.get(Operation, row.operation_id).status != "active":
        return "closed"
    return None


def redeem(code: str) -> User:
    """Use a code once: it is spent, its volunteer is the one to sign in, and the code's operation is the one
    worked in from now on (the phone's token is issued there)."""
    row = check(code)
    # Spend it with a guarded UPDATE: of two phones racing with one code, only one wins.
    spent = db.session.execute(
        SigninCode.__table__.update()
        .where(SigninCode.id == row.id, SigninCode.used_at.is_(None), SigninCode.revoked_at.is_(None))
        .values(used_at=utcnow())).rowcount
    if spent != 1:
        db.session.expire(row)
        audit.record(row.user, "signin_code_refused", row, {"reason": "used"})
        raise CodeRefused("used")
    db.session.expire(row)
    scope.choose(scope.ref(db.session.get(Operation, row.operation_id)))
    audit.record(row.user, "signin_code_used", row)
    return row.user


def live_codes(user_id: int) -> list[SigninCode]:
    """A volunteer's codes for this operation that could still sign a phone in, newest first."""
    return list(db.session.scalars(
        select(SigninCode).where(SigninCode.user_id == user_id, SigninCode.operation_id == scope.current_id(),
                                 SigninCode.used_at.is_(None),
                                 SigninCode.revoked_at.is_(None), SigninCode.expires_at > utcnow())
        .order_by(SigninCode.id.desc())))


def revoke(code_id: int, actor: User) -> SigninCode:
    """Revoke one code (a packet went missing); audited, idempotent."""
    row = db.session.get(SigninCode, code_id)
    if row is None or row.operation_id != scope.current_id():
        raise NotFound(_("There is no sign-in code with that number."), {"code_id": "unknown"})
    if row.revoked_at is None and row.used_at is None:
        row.revoked_at = utcnow()
        audit.record(actor, "signin_code_revoked", row, {"user_id": row.user_id})
    return row


def revoke_all_of(user_id: int, actor: User) -> int:
    """Revoke every live code of one volunteer in this operation; returns how many."""
    return len([revoke(row.id, actor) for row in live_codes(user_id)])
