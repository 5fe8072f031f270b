"""What the public pages publish: a snapshot taken once a day and kept, never live counts.

Counts read live at every load let anyone compare two loads: a single new need
shows, and a count that just dropped below the minimum reads as exactly one
less. So the public needs table is computed at the first view of a day (UTC),
suppressed (services/mutual_aid/disclosure.py), stored, and every view that day shows that
stored table; the next day's first view takes the next. Several app servers
racing at midnight store one snapshot (a unique day), and all show the winner's.
Each operation publishes its own table (DESIGN section 7): a snapshot belongs to
the operation being worked in.
"""
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select

from ... import scope
from ...database import insert_or_ignore
from ...extensions import db
from ...models import PublicSnapshot, utcnow
from ...vocab import NEED_CATEGORIES
from . import disclosure, needs


@dataclass(frozen=True)
class NeedsSnapshot:
    """The public needs table of one day: neighborhoods, categories and the suppressed counts."""

    day: date
    names: list[str]
    categories: list[str]
    table: disclosure.Published


def needs_snapshot(minimum: int, day: date | None = None) -> NeedsSnapshot:
    """The day's public needs table (today's by default), computed now if it is the day's first view."""
    day = day or utcnow().date()
    data = stored_or_new(f"needs:{minimum}", day, lambda: _needs_table(minimum))
    return NeedsSnapshot(day, data["names"], data["categories"], disclosure.Published(**data["table"]))


def _needs_table(minimum: int) -> dict:
    """Open needs per neighborhood and category now, suppressed, as stored JSON."""
    names, counts = needs.open_counts_by_neighborhood(NEED_CATEGORIES)
    return {"names": names, "categories": list(NEED_CATEGORIES),
            "table": asdict(disclosure.suppress(counts, minimum))}


def stored_or_new(name: str, day: date, compute) -> dict:
    """This operation's snapshot `name` of `day`: the stored one, or `compute()` stored now (the first writer wins)."""
    operation_id = scope.current_id()
    query = select(PublicSnapshot.data).where(PublicSnapshot.operation_id == operation_id,
                                              PublicSnapshot.name == name, PublicSnapshot.day == day)
    found = db.session.scalar(query)
    if found is not None:
        return found
    db.session.execute(insert_or_ignore(db.session, PublicSnapshot.__table__, ["operation_id", "name", "day"])
                       .values(operation_id=operation_id, name=name, day=day, data=compute(), computed_at=utcnow()))
    return db.session.scalar(query)
