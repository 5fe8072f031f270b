"""The operation being worked in (DESIGN section 7): set once per request, command or test, read by services.

Services scope every query and every new row to current_id() themselves, in plain
sight; the database backs them with foreign keys that include the operation
(models.within_operation), so a row can never point into another operation.
"""
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import g

from .errors import Conflict


@dataclass(frozen=True)
class OperationRef:
    """What a request needs of its operation, read once: safe to keep after the session is gone."""

    id: int
    slug: str
    name: str
    status: str
    exercise: bool
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Whether new work (check-ins, assignments, pairs) is taken."""
        return self.status == "active"


def ref(operation) -> OperationRef:
    """The lasting snapshot of an Operation row."""
    return OperationRef(operation.id, operation.slug, operation.name, operation.status, operation.exercise,
                        operation.closed_at)


def current() -> OperationRef:
    """The operation being worked in; a programming error when nothing chose one."""
    operation = g.get("operation")
    if operation is None:
        raise RuntimeError("No operation chosen: a request, command or test must choose one (outreach/scope.py).")
    return operation


def current_id() -> int:
    """The id of the operation being worked in: every operational query filters on it."""
    return current().id


def choose(operation: OperationRef | None) -> None:
    """Work in `operation` from now on in this context (None: in none)."""
    g.operation = operation
    forget_roles()


def forget_roles() -> None:
    """Read people's roles again (models.role_in keeps them for a request): a membership changed."""
    g.pop("roles", None)


@contextmanager
def working_in(operation: OperationRef):
    """Work in `operation` for a while, then in the one before."""
    before = g.get("operation")
    choose(operation)
    try:
        yield operation
    finally:
        choose(before)


def refuse_if_closed(made_at: datetime | None = None) -> None:
    """Closed and archived operations take no new work (409 operation_closed); what a phone made before the
    close (made_at, the time the phone says it was made) is still taken when it syncs late."""
    operation = current()
    if operation.status == "active":
        return
    if made_at is not None and operation.closed_at is not None and made_at <= operation.closed_at:
        return
    raise Conflict(f"The operation {operation.name!r} is {operation.status}: it takes no new work.",
                   {"operation": operation.slug}, code="operation_closed")
