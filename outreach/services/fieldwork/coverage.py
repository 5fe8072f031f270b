"""Coverage and care at a glance: per-neighborhood progress, visits per day, and who needs a call.

Care comes first on the dashboard: overdue shifts (services/safety/shifts.py), unresolved
safety concerns, and volunteers who asked for a debrief or were not ok. Each can be
marked handled here; every such step is in the audit log. Every number and list is
of the operation being worked in; a shift or visit of another one is NotFound.
"""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import joinedload

from ... import scope
from ...errors import Conflict, NotFound
from ...extensions import db
from ...models import Block, Need, Neighborhood, Shift, Team, User, Visit, utcnow
from ...vocab import BLOCK_STATUSES, LIVE_NEED_STATUSES, MET_NEED_STATUSES
from ..operation import audit
from ..operation.calendar import start_of_day
from ..safety import shifts

CHART_DAYS = 14
# "Reached them, all is well": the shift stays open and is expected to end an hour from now.
EXTEND_OVERDUE = timedelta(hours=1)


@dataclass
class HoodCoverage:
    """One neighborhood's numbers."""

    id: int
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    blocks: int = 0
    visited_blocks: int = 0
    contacts: int = 0
    needs_open: int = 0
    needs_fulfilled: int = 0

    @property
    def share_visited(self) -> float:
        """Share of blocks with at least one visit, 0..1."""
        return self.visited_blocks / self.blocks if self.blocks else 0.0


def _per_hood(*columns, where=None, source=Visit) -> dict[int, int]:
    """Map neighborhood id to an aggregate over the operation's `source` rows joined to their block."""
    query = (select(Block.neighborhood_id, *columns).select_from(source).join(Block, Block.id == source.block_id)
             .where(source.operation_id == scope.current_id()))
    if where is not None:
        query = query.where(where)
    return dict(db.session.execute(query.group_by(Block.neighborhood_id)).all())


def operation_totals() -> dict[str, int]:
    """The operation in four numbers: blocks, active pairs, visits and open needs."""
    operation_id = scope.current_id()

    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(model.operation_id == operation_id,
                                                                               *where))

    return {"blocks": count(Block), "pairs": count(Team, Team.active.is_(True)), "visits": count(Visit),
            "open_needs": count(Need, Need.status == "open")}


def neighborhood_coverage() -> list[HoodCoverage]:
    """Every neighborhood's blocks by status, visited share, contacts and needs, by name (six queries)."""
    operation_id = scope.current_id()
    hoods = {h.id: HoodCoverage(h.id, h.name, {s: 0 for s in BLOCK_STATUSES})
             for h in db.session.execute(select(Neighborhood.id, Neighborhood.name)
                                         .where(Neighborhood.operation_id == operation_id).order_by(Neighborhood.name))}
    for hood_id, status, count in db.session.execute(
            select(Block.neighborhood_id, Block.status, func.count()).where(Block.operation_id == operation_id)
            .group_by(Block.neighborhood_id, Block.status)):
        hoods[hood_id].by_status[status] = count
        hoods[hood_id].blocks += count
    visited = _per_hood(func.count(distinct(Visit.block_id)))
    contacts = _per_hood(func.count(), where=Visit.outcome == "contact")
    needs_open = _per_hood(func.count(), where=Need.status.in_(LIVE_NEED_STATUSES), source=Need)
    needs_done = _per_hood(func.count(), where=Need.status.in_(MET_NEED_STATUSES), source=Need)
    for hood in hoods.values():
        hood.visited_blocks = visited.get(hood.id, 0)
        hood.contacts = contacts.get(hood.id, 0)
        hood.needs_open = needs_open.get(hood.id, 0)
        hood.needs_fulfilled = needs_done.get(hood.id, 0)
    return list(hoods.values())


def visits_per_day(today: date | None = None, days: int = CHART_DAYS,
                   zone: tzinfo = UTC) -> list[tuple[date, int]]:
    """Visits on each of the last `days` days in `zone` (the operation's), oldest first, zeros included."""
    today = today or utcnow().astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    start = start_of_day(first, zone)
    counts: dict[date, int] = {}
    # Grouping by day in SQL differs between SQLite and PostgreSQL; a fortnight of timestamps is small.
    for (visited_at,) in db.session.execute(select(Visit.visited_at).where(Visit.operation_id == scope.current_id(),
                                                                           Visit.visited_at >= start)):
        day = visited_at.astimezone(zone).date()
        counts[day] = counts.get(day, 0) + 1
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]


def chart_bars(series: list[tuple[date, int]], width: int = 560, height: int = 160) -> list[dict]:
    """Bars for an inline SVG chart: x, y, width, height and the label of each day."""
    most = max((count for _, count in series), default=0) or 1
    slot = width / max(len(series), 1)
    bars = []
    for i, (day, count) in enumerate(series):
        bar_height = round(count / most * (height - 20), 1)
        bars.append({"x": round(i * slot + 2, 1), "y": round(height - bar_height, 1),
                     "width": round(slot - 4, 1), "height": bar_height, "day": day, "count": count})
    return bars


def safety_concerns() -> list[Visit]:
    """The operation's visits that raised a safety concern nobody has resolved yet."""
    return db.session.scalars(select(Visit).options(joinedload(Visit.block), joinedload(Visit.team))
                              .where(Visit.operation_id == scope.current_id(), Visit.safety_concern.is_(True),
                                     Visit.safety_resolved_at.is_(None))
                              .order_by(Visit.visited_at)).all()


def _shift(shift_id: int) -> Shift:
    """The operation's shift of this id, or NotFound."""
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.operation_id != scope.current_id():
        raise NotFound(f"There is no shift {shift_id}.")
    return shift


def extend_overdue(actor: User, shift_id: int, now: datetime | None = None) -> Shift:
    """The coordinator reached an overdue volunteer who is fine: that counts as their "all OK", and
    they are expected back within the hour at the latest (a later return time stays)."""
    now = now or utcnow()
    shift = _shift(shift_id)
    if shift.checked_out_at is not None:
        raise Conflict("That shift has already ended.")
    shift.last_ok_at = now
    shift.expected_end_at = max(shift.expected_end_at, now + EXTEND_OVERDUE)
    audit.record(actor, "overdue_shift_extended", shift, {"expected_end_at": shift.expected_end_at.isoformat()})
    return shift


def close_overdue(actor: User, shift_id: int, now: datetime | None = None) -> Shift:
    """The coordinator confirmed an overdue volunteer is back: check the shift out for them."""
    shift = _shift(shift_id)
    if shift.checked_out_at is not None:
        raise Conflict("That shift has already ended.")
    shift.checked_out_at = now or utcnow()
    audit.record(actor, "overdue_shift_closed", shift)
    return shift


def resolve_safety(actor: User, visit_id: int, now: datetime | None = None) -> Visit:
    """Mark a visit's safety concern as seen and handled."""
    visit = db.session.get(Visit, visit_id)
    if visit is None or visit.operation_id != scope.current_id() or not visit.safety_concern:
        raise NotFound(f"There is no safety concern on visit {visit_id}.")
    if visit.safety_resolved_at is not None:
        raise Conflict("That safety concern is already resolved.")
    visit.safety_resolved_at = now or utcnow()
    audit.record(actor, "safety_concern_resolved", visit, {"block_id": visit.block_id})
    return visit


def mark_debriefed(actor: User, shift_id: int, now: datetime | None = None) -> Shift:
    """Record that the volunteer's debrief happened (asked for, or offered after an answer other than "ok")."""
    shift = _shift(shift_id)
    if not shifts.needs_care(shift) or shift.debrief_done_at is not None:
        raise Conflict("No debrief is waiting for that shift.")
    shift.debrief_done_at = now or utcnow()
    audit.record(actor, "debrief_done", shift)
    return shift
