"""A pair's work on blocks: what the block page shows, marking a block done, flagging a hazard, needs.

A volunteer sees and acts on the pair's own blocks only: assigned to the pair
now, or visited by the pair (or by the volunteer) before. Any other block is
answered as missing (NotFound), so a phone cannot probe which blocks exist;
a block or need of another operation is missing for everyone (DESIGN section 7).
"""
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ... import scope
from ...errors import Forbidden, NotFound
from ...extensions import db
from ...models import Block, Need, Team, User, Visit
from ...parsers import free_text
from ...vocab import UNCONFIRMED_NEED_STATUSES
from ..areas.blocks import active_assignments, open_warnings, refresh_status, visit_counts
from ..mutual_aid import needs
from ..operation import audit
from ..people.teams import active_team_of
from ..safety import hazards
from ..safety.hazards import MAX_HAZARD
from .receipts import FieldAction


class HazardIn(FieldAction):
    """A hazard flagged from the phone: a short note for the other pairs (scrubbed before it is stored)."""

    note: free_text(MAX_HAZARD, min_length=1)


def get_block(block_id: int) -> Block:
    """The block of the operation, or NotFound (another operation's block is as missing as one that is not)."""
    block = db.session.get(Block, block_id)
    if block is None or block.operation_id != scope.current_id():
        raise NotFound(_("There is no block %(id)s.", id=block_id))
    return block


def is_pairs(block: Block, team: Team | None) -> bool:
    """Whether `block` is assigned to `team` now."""
    return team is not None and active_assignments([block.id]).get(block.id) == team.id


def walked_by(user: User, team: Team | None):
    """The condition on visits logged by `user` or by their pair."""
    return Visit.user_id == user.id if team is None else or_(Visit.team_id == team.id, Visit.user_id == user.id)


def may_see(block: Block, user: User, team: Team | None) -> bool:
    """Coordinators see every block; a volunteer the pair's: assigned now, or visited by the pair or by them."""
    if user.role == "coordinator" or is_pairs(block, team):
        return True
    return db.session.scalar(select(Visit.id).where(Visit.block_id == block.id, walked_by(user, team))
                             .limit(1)) is not None


def visible_block(block_id: int, user: User, team: Team | None) -> Block:
    """The block, if `user` may see it; otherwise NotFound, as if it did not exist."""
    block = get_block(block_id)
    if not may_see(block, user, team):
        raise NotFound(_("There is no block %(id)s.", id=block_id))
    return block


def visible_need(need_id: int, user: User, team: Team | None) -> Need:
    """The need of the operation, if it is on a block `user` may see; otherwise NotFound, as if it did not exist."""
    need = needs.get_need(need_id)
    if need.operation_id != scope.current_id() or not may_see(need.block, user, team):
        raise NotFound(_("There is no need %(id)s.", id=need_id), {"id": "unknown"})
    return need


def confirm_need(need_id: int, user: User, team: Team | None) -> Need:
    """A later visit confirms that a need a group called met was met."""
    return needs.confirm(visible_need(need_id, user, team), user)


def reopen_need(need_id: int, user: User, team: Team | None) -> Need:
    """A later visit finds a need a group called met still there: open again, the claim wiped."""
    return needs.reopen(visible_need(need_id, user, team), user)


def walked_block_ids(user: User, team: Team | None) -> set[int]:
    """The blocks `user` may see in the field: the pair's assignments now, and blocks the pair or they visited."""
    ids = set(db.session.scalars(select(Visit.block_id).where(Visit.operation_id == scope.current_id(),
                                                              walked_by(user, team)).distinct()))
    if team is not None:
        ids |= {block_id for block_id, team_id in active_assignments().items() if team_id == team.id}
    return ids


def block_pages(user: User, team: Team | None) -> dict[int, dict]:
    """What the phone shows on each of the pair's block pages, offline too (never anyone's notes or hints)."""
    ids = walked_block_ids(user, team)
    if not ids:
        return {}
    assigned = active_assignments(ids)
    visits = visit_counts(ids)
    needs_of: dict[int, list] = {block_id: [] for block_id in ids}
    operation_id = scope.current_id()
    shown = select(Need).where(Need.operation_id == operation_id, Need.block_id.in_(ids),
                               Need.status.in_(UNCONFIRMED_NEED_STATUSES))
    for need in db.session.scalars(shown.order_by(Need.created_at, Need.id)):
        needs_of[need.block_id].append({"id": need.id, "category": need.category, "urgency": need.urgency,
                                        "people": need.people, "status": need.status})
    warnings = open_warnings(ids)
    return {block.id: {"code": block.code, "status": block.status,
                       # Every open warning, newest first; hazard_note is the newest one's text.
                       "hazards": warnings.get(block.id, []),
                       "hazard_note": warnings[block.id][0]["note"] if block.id in warnings else None,
                       "visits": visits.get(block.id, 0),
                       "mine": team is not None and assigned.get(block.id) == team.id,
                       "needs": needs_of[block.id]}
            for block in db.session.scalars(select(Block).where(Block.operation_id == operation_id, Block.id.in_(ids))
                                            .order_by(Block.code))}


def mark_done(block: Block, user: User, team: Team | None) -> str:
    """The pair says the block is done; answers the resulting status (an open need keeps it on revisit)."""
    if user.role != "coordinator" and not is_pairs(block, team):
        raise Forbidden(_("Only the pair assigned to this block can mark it done."))
    status = refresh_status(block, marked_done=True)
    audit.record(user, "block_marked_done", block, {"status": status})
    return status


def flag_unsafe(block: Block, user: User, note: str) -> dict:
    """Anyone in the field may add a warning to a block (never replacing one); the note is scrubbed.
    Answers the redactions."""
    _hazard, redactions = hazards.add_hazard(block, user, active_team_of(user), note)
    return redactions
