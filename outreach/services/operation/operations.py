"""Operations and memberships: creating one, its life cycle (active, closed, archived) and who holds which role."""
import re

from sqlalchemy import select

from ... import scope
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...models import Membership, Operation, User, utcnow
from ...vocab import OperationStatus, Role
from . import audit

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
NAME_LENGTH = 200


def create(slug: str, name: str, exercise: bool = False) -> Operation:
    """A new active operation; the slug is lower-case letters, digits and hyphens, and not taken."""
    if not SLUG.fullmatch(slug or ""):
        raise Invalid("An operation's slug is 1 to 40 lower-case letters, digits and hyphens.", {"slug": slug})
    name = (name or "").strip()
    if not name or len(name) > NAME_LENGTH:
        raise Invalid(f"An operation needs a name of 1 to {NAME_LENGTH} characters.", {"name": name})
    if by_slug(slug) is not None:
        raise Conflict(f"There is already an operation {slug!r}.", {"slug": slug})
    operation = Operation(slug=slug, name=name, exercise=exercise, status="active")
    db.session.add(operation)
    db.session.flush()
    return operation


def by_slug(slug: str) -> Operation | None:
    """The operation with this slug, if any."""
    return db.session.scalar(select(Operation).where(Operation.slug == slug))


def member_operation(slug: str, user_id: int) -> tuple[Operation, str] | None:
    """The operation `slug` and the person's role in it; None when either is missing (no hint it exists)."""
    row = db.session.execute(
        select(Operation, Membership.role).join(Membership, Membership.operation_id == Operation.id)
        .where(Operation.slug == slug, Membership.user_id == user_id)).first()
    return None if row is None else (row[0], row[1])


def only_public() -> Operation | None:
    """The operation a flat public address means: the only active real one (not an exercise), if there is one."""
    found = db.session.scalars(select(Operation).where(Operation.status == "active",
                                                       Operation.exercise.is_(False)).limit(2)).all()
    return found[0] if len(found) == 1 else None


def memberships(user_id: int, include_archived: bool = True) -> list[tuple[Operation, str]]:
    """A person's operations with their role there, active first, then by name."""
    query = (select(Operation, Membership.role).join(Membership, Membership.operation_id == Operation.id)
             .where(Membership.user_id == user_id))
    if not include_archived:
        query = query.where(Operation.status != "archived")
    rows = db.session.execute(query).all()
    return sorted(((op, role) for op, role in rows), key=lambda row: (row[0].status != "active", row[0].name))


def only_active() -> Operation:
    """The only active operation, for commands given no --operation; refuses, naming them, when there are several."""
    active = db.session.scalars(
        select(Operation).where(Operation.status == "active").order_by(Operation.slug)).all()
    if len(active) == 1:
        return active[0]
    if not active:
        raise NotFound("There is no active operation: make one with create-operation SLUG --name NAME.")
    raise Invalid("There are several active operations; say which with --operation SLUG: "
                  + ", ".join(op.slug for op in active) + ".", {"operation": None})


def named(slug: str) -> Operation:
    """The operation `slug`, or a clear error listing the ones there are."""
    operation = by_slug(slug)
    if operation is None:
        known = db.session.scalars(select(Operation.slug).order_by(Operation.slug)).all()
        raise NotFound(f"No operation {slug!r}. Operations: {', '.join(known) or 'none'}.", {"operation": slug})
    return operation


def add_member(user: User, operation: Operation, role: str) -> Membership:
    """Give a person a role in an operation (or change the one they hold there)."""
    if role not in Role:
        raise Invalid(f"Unknown role {role!r}.", {"role": role})
    membership = db.session.get(Membership, (user.id, operation.id))
    if membership is None:
        membership = Membership(user_id=user.id, operation_id=operation.id, role=role)
        db.session.add(membership)
    membership.role = role
    db.session.flush()
    scope.forget_roles()
    return membership


def set_status(operation: Operation, status: str, actor: User | None = None) -> Operation:
    """Close, archive or reopen (audited in the operation): closing keeps the moment, so work made on phones
    before it is still taken."""
    if status not in OperationStatus:
        raise Invalid(f"Unknown operation status {status!r}.", {"status": status})
    if status == operation.status:
        raise Conflict(f"The operation {operation.name!r} is {status} already.", {"status": status})
    if status == "active":
        operation.closed_at = None
    elif operation.closed_at is None:
        operation.closed_at = utcnow()
    operation.status = status
    db.session.flush()
    with scope.working_in(scope.ref(operation)):
        audit.record(actor, f"operation_{status}", operation, {"closed_at": operation.closed_at.isoformat()
                                                              if operation.closed_at else None})
    return operation


def status_label(status: str) -> str:
    """A status in words, lower-case as it reads inside a sentence ("closed")."""
    return str(OperationStatus.label(status)).lower()


def next_statuses(status: str) -> tuple[str, ...]:
    """Where an operation can go from `status`: active closes or archives, closed archives or reopens, archived
    reopens."""
    return {"active": ("closed", "archived"), "closed": ("archived", "active"), "archived": ("active",)}[status]
