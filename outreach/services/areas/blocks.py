"""Blocks as GeoJSON, with their pair and counts, in a fixed number of queries; all of the current operation."""
from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ... import scope
from ...database import Prepared
from ...extensions import db
from ...models import Assignment, Block, DataVersion, Hazard, Need, Visit
from ...vocab import LIVE_NEED_STATUSES


def active_assignments(block_ids=None) -> dict[int, int]:
    """Map block id to the team id of its active assignment."""
    query = select(Assignment.block_id, Assignment.team_id).where(Assignment.operation_id == scope.current_id(),
                                                                  Assignment.released_at.is_(None))
    if block_ids is not None:
        query = query.where(Assignment.block_id.in_(block_ids))
    return dict(db.session.execute(query).all())


def visit_counts(block_ids=None) -> dict[int, int]:
    """Map block id to its number of visits (of `block_ids`, a list or a query, when given)."""
    query = (select(Visit.block_id, func.count()).where(Visit.operation_id == scope.current_id())
             .group_by(Visit.block_id))
    if block_ids is not None:
        query = query.where(Visit.block_id.in_(block_ids))
    return dict(db.session.execute(query).all())


def open_need_counts(block_ids=None) -> dict[int, int]:
    """Map block id to its number of open or claimed needs (of `block_ids` when given)."""
    query = (select(Need.block_id, func.count())
             .where(Need.operation_id == scope.current_id(), Need.status.in_(LIVE_NEED_STATUSES))
             .group_by(Need.block_id))
    if block_ids is not None:
        query = query.where(Need.block_id.in_(block_ids))
    return dict(db.session.execute(query).all())


def open_warnings(block_ids=None) -> dict[int, list[dict]]:
    """Map block id to its open hazard warnings (id, note, reported_at, team_id), newest first."""
    query = (select(Hazard.block_id, Hazard.id, Hazard.note, Hazard.reported_at, Hazard.team_id)
             .where(Hazard.operation_id == scope.current_id(), Hazard.cleared_at.is_(None))
             .order_by(Hazard.reported_at.desc(), Hazard.id.desc()))
    if block_ids is not None:
        query = query.where(Hazard.block_id.in_(block_ids))
    found: dict[int, list[dict]] = {}
    for block_id, hazard_id, note, reported_at, team_id in db.session.execute(query):
        found.setdefault(block_id, []).append({"id": hazard_id, "note": note, "reported_at": reported_at.isoformat(),
                                               "team_id": team_id})
    return found


def select_blocks(neighborhood_id: int | None = None, team_id: int | None = None):
    """A query for the operation's blocks, optionally of one neighborhood or one pair's active assignments."""
    query = select(Block).where(Block.operation_id == scope.current_id()).order_by(Block.id)
    if neighborhood_id is not None:
        query = query.where(Block.neighborhood_id == neighborhood_id)
    if team_id is not None:
        query = query.join(Assignment, Assignment.block_id == Block.id).where(
            Assignment.team_id == team_id, Assignment.released_at.is_(None))
    return query


def list_blocks(neighborhood_id: int | None = None, team_id: int | None = None) -> list[Block]:
    """Blocks by id, optionally of one neighborhood or one pair's active assignments."""
    return db.session.scalars(select_blocks(neighborhood_id, team_id)).all()


def blocks_feature_collection(neighborhood_id: int | None = None, team_id: int | None = None) -> dict:
    """The blocks as a GeoJSON FeatureCollection with the properties of DESIGN.md section 5."""
    query = select_blocks(neighborhood_id, team_id)
    blocks = db.session.scalars(query).all()
    # A phone asking for its pair's blocks must not count the visits of the whole city.
    subset = None
    if neighborhood_id is not None or team_id is not None:
        subset = query.with_only_columns(Block.id).order_by(None)
    teams = active_assignments(subset)
    visits = visit_counts(subset)
    needs = open_need_counts(subset)
    warnings = open_warnings(subset)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": block.geometry,
                "properties": {
                    "id": block.id,
                    "code": block.code,
                    "neighborhood_id": block.neighborhood_id,
                    "status": block.status,
                    "team_id": teams.get(block.id),
                    "visits": visits.get(block.id, 0),
                    "open_needs": needs.get(block.id, 0),
                    # What made the block unsafe (scrubbed when flagged): pairs and coordinators see it.
                    # Every open warning, newest first; hazard_note is the newest one's text.
                    "hazard_note": warnings[block.id][0]["note"] if block.id in warnings else None,
                    "hazards": warnings.get(block.id, []),
                },
            }
            for block in blocks
        ],
    }


def derive_status(*, flagged_unsafe: bool, marked_done: bool, assigned: bool, visited: bool,
                  follow_up: bool, open_needs: bool) -> str:
    """A block's status from its facts (DESIGN.md section 3), most pressing first.

    unsafe outranks everything (a hazard keeps pairs away); an open need or a
    follow-up asked keeps a block on `revisit` even after it was marked done.
    """
    if flagged_unsafe:
        return "unsafe"
    if follow_up or open_needs:
        return "revisit"
    if marked_done:
        return "done"
    if visited and assigned:
        return "in_progress"
    if assigned:
        return "assigned"
    return "unassigned"


def refresh_status(block: Block, *, marked_done: bool | None = None) -> str:
    """Recompute and set `block.status` from the database; returns it.

    `marked_done` is the pair's explicit "this block is done" (None keeps what the block says).
    A follow-up counts until a later visit to the block does not ask for one.
    """
    refresh_statuses([block], marked_done=marked_done)
    return block.status


def refresh_statuses(blocks, *, marked_done: bool | None = None) -> None:
    """refresh_status for many blocks in a fixed number of queries (a batch of visits touches many)."""
    blocks = list({block.id: block for block in blocks}.values())
    if not blocks:
        return
    db.session.flush()
    facts = {row.id: row for row in db.session.execute(block_facts([block.id for block in blocks]))}
    for block in blocks:
        done = block.status == "done" if marked_done is None else marked_done
        block.status = derive_status(
            flagged_unsafe=facts[block.id].hazard, marked_done=done, assigned=facts[block.id].assigned,
            visited=facts[block.id].follow_up is not None, follow_up=bool(facts[block.id].follow_up),
            open_needs=facts[block.id].open_needs)
    bump_version()


def refresh_after_visits(connection, blocks: dict[int, tuple[str, bool]], visits: list[tuple[int, bool, bool]]) -> None:
    """Block statuses after new visits, given as (block id, follow-up asked, need left); Core, once per request.

    `blocks` maps ids to (status, hazard flagged) as read before the visits. Most new visits
    leave a status that follows from the status alone (status_after_visits); only the
    others read their block's facts. The map version moves only when a status changed.
    """
    touched: dict[int, list[bool]] = {}
    for block_id, follow_up, needs in visits:
        seen = touched.setdefault(block_id, [False, False])
        seen[0] |= follow_up
        seen[1] |= needs
    changed: dict[int, str] = {}
    unknown = []
    for block_id, (follow_up, needs) in touched.items():
        status, hazard = blocks[block_id]
        after = status_after_visits(status, hazard=hazard, follow_up=follow_up, needs=needs)
        if after is None:
            unknown.append(block_id)
        elif after != status:
            changed[block_id] = after
    if unknown:
        for block_id, assigned, follow_up, open_needs, hazard in by_ids(connection, ONE_BLOCK_FACTS, FACTS, unknown):
            status = blocks[block_id][0]
            after = derive_status(flagged_unsafe=bool(hazard), marked_done=status == "done", assigned=bool(assigned),
                                  visited=follow_up is not None, follow_up=bool(follow_up),
                                  open_needs=bool(open_needs))
            if after != status:
                changed[block_id] = after
    for status in set(changed.values()):
        ids = [i for i, s in changed.items() if s == status]
        by_ids(connection, SET_ONE_STATUS, SET_STATUS, ids, new_status=status, count=True)
    if changed:
        bump_version()


def status_after_visits(status: str, *, hazard: bool, follow_up: bool, needs: bool) -> str | None:
    """A block's status after new visits when it follows from the status before; None when the facts decide.

    A need left at the door means revisit; a visit with neither need nor follow-up leaves
    in_progress, done and unassigned as they were and moves assigned to in_progress. A
    follow-up asked, or a plain visit on a revisit block, depends on which visit is the
    latest and what is still open, so those read the facts.
    """
    if hazard:
        return "unsafe"
    if status == "unsafe":
        return None  # the hazard was lifted: what is left decides
    if needs or (follow_up and status == "revisit"):
        return "revisit"
    if follow_up or status == "revisit":
        return None
    return "in_progress" if status == "assigned" else status


def block_facts(ids: list[int]):
    """block_facts_of the blocks whose id is among `ids`."""
    return block_facts_of().where(Block.id.in_(ids))


def block_facts_of():
    """One query for what a block's status depends on: a warning standing, assigned, the latest visit's
    follow-up, open needs.

    `follow_up` is None for a block never visited; among visits at the same latest moment,
    one that asks for a follow-up wins.
    """
    assigned = select(Assignment.id).where(Assignment.block_id == Block.id, Assignment.released_at.is_(None))
    follow_up = (select(Visit.follow_up).where(Visit.block_id == Block.id)
                 .order_by(Visit.visited_at.desc(), Visit.follow_up.desc()).limit(1))
    # OR of equalities, not IN: an IN list is an expanding parameter, which Prepared statements refuse.
    live = or_(*(Need.status == status for status in LIVE_NEED_STATUSES))
    needs = select(Need.id).where(Need.block_id == Block.id, live)
    hazard = select(Hazard.id).where(Hazard.block_id == Block.id, Hazard.cleared_at.is_(None))
    return select(Block.id, assigned.exists().label("assigned"), follow_up.scalar_subquery().label("follow_up"),
                  needs.exists().label("open_needs"), hazard.exists().label("hazard"))


# Built once for the visit hot path (a select costs more Python to build than to run); the one-block
# forms are Prepared (compiled once, run on the DBAPI cursor), as a phone's single post names one block.
FACTS = block_facts(bindparam("ids", expanding=True))
ONE_BLOCK_FACTS = Prepared(block_facts_of().where(Block.id == bindparam("id")))
_BLOCK = Block.__table__
SET_STATUS = update(_BLOCK).where(_BLOCK.c.id.in_(bindparam("ids", expanding=True))).values(
    status=bindparam("new_status"))
SET_ONE_STATUS = Prepared(update(_BLOCK).where(_BLOCK.c.id == bindparam("id")).values(status=bindparam("new_status")))
_VERSION = DataVersion.__table__
INCREMENT = Prepared(update(_VERSION).where(_VERSION.c.operation_id == bindparam("operation_id"),
                                            _VERSION.c.name == bindparam("version_name"))
                     .values(version=_VERSION.c.version + 1))


def by_ids(connection, one: Prepared, many, ids: list[int], count: bool = False, **values):
    """Run `one` (WHERE id = :id, Prepared) for a single id, else `many` (WHERE id IN :ids): an expanding
    IN is re-rendered by SQLAlchemy on every call. Rows as tuples, or the rowcount when `count`."""
    if len(ids) == 1:
        values["id"] = ids[0]
        return one.rowcount(connection, values) if count else one.rows(connection, values)
    result = connection.execute(many, {"ids": ids, **values})
    return result.rowcount if count else [tuple(row) for row in result]


def bump_version(name: str = "map") -> None:
    """Tell every app server that the operation's cached maps of `name` are stale (one shared row each)."""
    if _increment(name):
        return
    try:
        # Two first-ever bumps may race to create the row; the loser increments the winner's.
        with db.session.begin_nested():
            db.session.add(DataVersion(name=name, version=1))
    except IntegrityError:
        _increment(name)


def _increment(name: str) -> int:
    """Add one to the operation's version called `name`; answers how many rows changed (0 or 1).

    A Core statement: no loaded object mirrors the counter, so the ORM would only add cost.
    """
    return INCREMENT.rowcount(db.session.connection(), {"operation_id": scope.current_id(), "version_name": name})


def current_version(name: str = "map") -> int:
    """The operation's data version that keys its cached maps."""
    return db.session.scalar(select(DataVersion.version).where(DataVersion.operation_id == scope.current_id(),
                                                               DataVersion.name == name)) or 0
