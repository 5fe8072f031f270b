"""The audit trail: who did what, when."""
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from flask import g
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from ... import scope
from ...extensions import db
from ...models import AuditEvent, Membership, User
from ..privacy.digests import keyed_hash
from .calendar import start_of_day


def record(actor, action: str, subject=None, detail: dict | None = None) -> AuditEvent:
    """Add an audit event to the session (the caller commits it with the change it describes), in the operation
    being worked in when there is one (sign-ins and account changes outside one are the instance's)."""
    operation = g.get("operation")
    event = AuditEvent(
        operation_id=operation.id if operation is not None else None,
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=type(subject).__name__.lower() if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        detail=detail or {},
    )
    db.session.add(event)
    return event


def masked_email(typed: str) -> str:
    """What was typed in the email box, masked (`j***@example.org`): a password typed there is not kept."""
    local, at, domain = typed.strip().lower()[:254].partition("@")
    return f"{local[:1]}***{at}{domain if at else ''}"


def record_failed_sign_in(typed_email: str, secret: str) -> AuditEvent:
    """A failed sign-in, keeping the email only masked and as a keyed hash (repeats still line up)."""
    email = typed_email.strip().lower()[:254]
    return record(None, "sign_in_failed",
                  detail={"email": masked_email(email), "email_hash": keyed_hash(secret, email)})


@dataclass
class AuditFilter:
    """What the audit page is narrowed to; None means any."""

    action: str | None = None
    actor: str | None = None  # part of a name or email
    since: date | None = None
    until: date | None = None


def search(wanted: AuditFilter, page: int = 1, per_page: int = 100,
           zone: tzinfo = UTC) -> tuple[list[AuditEvent], bool]:
    """One page of events, newest first, and whether an older page follows; dates are days in `zone`."""
    query = (select(AuditEvent).options(joinedload(AuditEvent.actor)).where(visible_here())
             .order_by(AuditEvent.id.desc()))
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    if wanted.actor:
        pattern = f"%{wanted.actor.strip().lower()}%"
        query = query.join(User, AuditEvent.actor_id == User.id).where(
            or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern)))
    if wanted.since:
        query = query.where(AuditEvent.at >= start_of_day(wanted.since, zone))
    if wanted.until:
        query = query.where(AuditEvent.at < start_of_day(wanted.until + timedelta(days=1), zone))
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page + 1)).all()
    return rows[:per_page], len(rows) > per_page


def visible_here():
    """The events a coordinator of this operation reads: its own, and the instance's (sign-ins, accounts) done by
    its people or by nobody signed in (failed sign-ins, masked); never another operation's."""
    members = select(Membership.user_id).where(Membership.operation_id == scope.current_id())
    return or_(AuditEvent.operation_id == scope.current_id(),
               and_(AuditEvent.operation_id.is_(None),
                    or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id.in_(members))))


def actions() -> list[str]:
    """The actions recorded here so far, for the filter's choices."""
    return list(db.session.scalars(select(AuditEvent.action).where(visible_here()).distinct()
                                   .order_by(AuditEvent.action)))
