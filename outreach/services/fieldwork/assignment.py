"""Assignment rules: which pair is responsible for which block, and until when.

A block has at most one active assignment (a partial unique index enforces it
even under races). Assignments expire `ttl_hours` after they were made or last
renewed. Expiry is applied lazily, at the start of every read or change that
depends on it, and by the `expire-assignments` command for cron; both use one
conditional UPDATE, so several app servers releasing at once release each
assignment exactly once and audit it once.

Everything is in the operation being worked in: a pair, block or assignment of
another one is NotFound, and a closed operation makes no new assignments and
renews none (409 operation_closed, DESIGN section 7); ending them is still allowed.
"""
from datetime import datetime, timedelta
from typing import Annotated

from msgspec import Meta, Struct
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ... import scope
from ...errors import Conflict, NotFound
from ...extensions import db
from ...models import Assignment, Block, Team, User, utcnow
from ...parsers import Id
from ..areas.blocks import refresh_status
from ..operation import audit
from ..people.teams import get_team, mark_dissolved, require_valid_pair

MAX_BLOCKS_PER_REQUEST = 5000


class AssignmentIn(Struct, forbid_unknown_fields=True):
    """Blocks for one pair, all or nothing (POST /api/v1/assignments, and each entry of an accepted plan)."""

    team_id: Id
    block_ids: Annotated[list[Id], Meta(min_length=1, max_length=MAX_BLOCKS_PER_REQUEST)]


def expire_due(now: datetime | None = None) -> list[int]:
    """Release every assignment of the operation past its expiry; returns the ids released by this call."""
    now = now or utcnow()
    operation_id = scope.current_id()
    due = and_(Assignment.operation_id == operation_id, Assignment.released_at.is_(None),
               Assignment.expires_at <= now)
    # A cheap read first: most calls find nothing and should not take a write lock.
    if db.session.scalar(select(Assignment.id).where(due).limit(1)) is None:
        return []
    released = db.session.execute(
        update(Assignment).where(due).values(released_at=now, release_reason="expired")
        .returning(Assignment.id, Assignment.block_id, Assignment.team_id, Assignment.expires_at)
        .execution_options(synchronize_session=False)).all()
    for assignment_id, block_id, team_id, expires_at in released:
        event = audit.record(None, "assignment_expired",
                             detail={"block_id": block_id, "team_id": team_id, "expired_at": expires_at.isoformat()})
        event.subject_type, event.subject_id = "assignment", assignment_id
    db.session.expire_all()
    for block in db.session.scalars(select(Block).where(Block.operation_id == operation_id,
                                                        Block.id.in_([r[1] for r in released]))):
        refresh_status(block)
    return [r[0] for r in released]


def assign_blocks(actor: User, team_id: int, block_ids: list[int], ttl_hours: int,
                  now: datetime | None = None) -> list[Assignment]:
    """Give `block_ids` to a valid pair; all or nothing.

    Raises NotFound (unknown pair or block), Invalid (not a valid pair) or
    Conflict (a block already has an active assignment, or the operation is closed).
    """
    scope.refuse_if_closed()
    block_ids = list(dict.fromkeys(block_ids))  # a block named twice is assigned once, in its first place
    now = now or utcnow()
    expire_due(now)
    team = _pair(team_id)
    require_valid_pair(team)
    blocks = _load_blocks(block_ids)
    taken = db.session.execute(select(Assignment.block_id, Team.name).join(Team).where(
        Assignment.operation_id == scope.current_id(), Assignment.block_id.in_(block_ids),
        Assignment.released_at.is_(None))).all()
    if taken:
        codes = {b.id: b.code for b in blocks}
        listed = ", ".join(f"{codes[block_id]} ({name})" for block_id, name in sorted(taken))
        raise Conflict(f"Already assigned: {listed}.", {"block_ids": sorted(b for b, _ in taken)},
                       code="already_assigned")
    created = [Assignment(team_id=team.id, block_id=b.id, assigned_by_id=actor.id, assigned_at=now,
                          expires_at=now + timedelta(hours=ttl_hours)) for b in blocks]
    db.session.add_all(created)
    try:
        db.session.flush()
    except IntegrityError as error:  # another coordinator won the race for one of these blocks
        raise Conflict("Another coordinator assigned one of these blocks just now; reload the map.",
                       {"block_ids": "already assigned"}, code="already_assigned") from error
    for assignment, block in zip(created, blocks):
        audit.record(actor, "assignment_made", assignment,
                     {"block_id": block.id, "team_id": team.id, "expires_at": assignment.expires_at.isoformat()})
        refresh_status(block)
    return created


def _pair(team_id: int) -> Team:
    """The pair of the operation with this id, or NotFound (another operation's pair is as missing)."""
    team = get_team(team_id)
    if team.operation_id != scope.current_id():
        raise NotFound(f"There is no pair {team_id}.", {"team_id": "unknown"})
    return team


def _load_blocks(block_ids: list[int]) -> list[Block]:
    """The operation's blocks in the given order, or NotFound naming the unknown ids (another operation's too)."""
    found = {b.id: b for b in db.session.scalars(select(Block).where(Block.operation_id == scope.current_id(),
                                                                     Block.id.in_(block_ids)))}
    missing = [i for i in block_ids if i not in found]
    if missing:
        raise NotFound(f"No block with id {', '.join(map(str, missing[:20]))}.", {"block_ids": missing[:100]})
    return [found[i] for i in block_ids]


def get_active(assignment_id: int, now: datetime | None = None) -> Assignment:
    """An assignment of the operation that is still active, or NotFound / Conflict."""
    expire_due(now)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.operation_id != scope.current_id():
        raise NotFound(f"There is no assignment {assignment_id}.")
    if assignment.released_at is not None:
        raise Conflict(f"Assignment {assignment_id} already ended ({assignment.release_reason}).",
                       code="already_released")
    return assignment


def release(actor: User, assignment_id: int, now: datetime | None = None) -> Assignment:
    """End an active assignment by hand."""
    now = now or utcnow()
    assignment = get_active(assignment_id, now)
    _end(actor, assignment, now, "released")
    return assignment


def _end(actor: User | None, assignment: Assignment, now: datetime, reason: str) -> None:
    """Close one assignment, audit it and recompute its block."""
    assignment.released_at = now
    assignment.release_reason = reason
    audit.record(actor, "assignment_released", assignment,
                 {"block_id": assignment.block_id, "team_id": assignment.team_id, "reason": reason})
    refresh_status(assignment.block)


def renew(actor: User, assignment_id: int, ttl_hours: int, now: datetime | None = None) -> Assignment:
    """Push an active assignment's expiry to `ttl_hours` from now (not in a closed operation)."""
    scope.refuse_if_closed()
    now = now or utcnow()
    assignment = get_active(assignment_id, now)
    assignment.expires_at = now + timedelta(hours=ttl_hours)
    audit.record(actor, "assignment_renewed", assignment,
                 {"block_id": assignment.block_id, "expires_at": assignment.expires_at.isoformat()})
    refresh_status(assignment.block)  # bumps the map version: the popup shows the new expiry
    return assignment


def release_all_of_team(actor: User, team: Team, now: datetime | None = None) -> int:
    """Release every active assignment of a pair; returns how many."""
    now = now or utcnow()
    active = db.session.scalars(select(Assignment).where(
        Assignment.operation_id == scope.current_id(), Assignment.team_id == team.id,
        Assignment.released_at.is_(None))).all()
    for assignment in active:
        _end(actor, assignment, now, "released")
    return len(active)


def dissolve_pair(actor: User, team: Team) -> Team:
    """End a pair: its blocks are released and its volunteers may pair again."""
    release_all_of_team(actor, team)
    return mark_dissolved(actor, team)


def assignment_json(assignment: Assignment) -> dict:
    """An assignment as the API shows it."""
    return {
        "id": assignment.id, "team_id": assignment.team_id, "block_id": assignment.block_id,
        "block_code": assignment.block.code, "block_status": assignment.block.status,
        "assigned_at": assignment.assigned_at.isoformat(), "expires_at": assignment.expires_at.isoformat(),
        "released_at": assignment.released_at.isoformat() if assignment.released_at else None,
        "release_reason": assignment.release_reason,
    }


def active_block_counts() -> dict[int, int]:
    """Map each pair of the operation to its number of active assignments."""
    return dict(db.session.execute(select(Assignment.team_id, func.count()).where(
        Assignment.operation_id == scope.current_id(), Assignment.released_at.is_(None))
        .group_by(Assignment.team_id)).all())


def active_assignment_rows(team_id: int | None = None):
    """The operation's active assignments with their block and pair, soonest expiry first (for lists)."""
    query = (select(Assignment).options(joinedload(Assignment.block))  # blocks in the same query
             .where(Assignment.operation_id == scope.current_id(), Assignment.released_at.is_(None))
             .order_by(Assignment.expires_at, Assignment.id))
    if team_id is not None:
        query = query.where(Assignment.team_id == team_id)
    return db.session.scalars(query).all()
