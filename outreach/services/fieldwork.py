"""A pair's work on blocks: what the block page shows, marking a block done, flagging a hazard."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import Forbidden, Invalid, NotFound
from ..extensions import db
from ..models import Block, Need, Team, User, Visit
from ..vocab import UNCONFIRMED_NEED_STATUSES
from . import audit, privacy
from .blocks import active_assignments, refresh_status

# Needs a later visit can speak to: still open, or said to be met (confirm or reopen).
MAX_HAZARD = 500


def get_block(block_id: int) -> Block:
    """The block, or NotFound."""
    block = db.session.get(Block, block_id)
    if block is None:
        raise NotFound(_("There is no block %(id)s.", id=block_id))
    return block


def is_pairs(block: Block, team: Team | None) -> bool:
    """Whether `block` is assigned to `team` now."""
    return team is not None and active_assignments([block.id]).get(block.id) == team.id


def block_summary(block: Block) -> dict:
    """What a volunteer sees of a block: status, earlier visits, needs (never anyone's notes or hints)."""
    visits = db.session.scalar(select(func.count()).select_from(Visit).where(Visit.block_id == block.id))
    needs = db.session.scalars(select(Need).where(Need.block_id == block.id, Need.status.in_(UNCONFIRMED_NEED_STATUSES))
                               .order_by(Need.created_at)).all()
    return {"block": block, "visits": visits, "needs": needs}


def mark_done(block: Block, user: User, team: Team | None) -> str:
    """The pair says the block is done; answers the resulting status (an open need keeps it on revisit)."""
    if user.role != "coordinator" and not is_pairs(block, team):
        raise Forbidden(_("Only the pair assigned to this block can mark it done."))
    status = refresh_status(block, marked_done=True)
    audit.record(user, "block_marked_done", block, {"status": status})
    return status


def flag_unsafe(block: Block, user: User, note: str) -> dict:
    """Anyone in the field may flag a hazard; the note is scrubbed. Answers the redactions."""
    note = (note or "").strip()
    if not note:
        raise Invalid(_("Say briefly what the hazard is, so other pairs stay safe."), {"hazard_note": _("required")})
    if len(note) > MAX_HAZARD:
        raise Invalid(_("Keep it under %(limit)d characters.", limit=MAX_HAZARD), {"hazard_note": _("too long")})
    scrubbed = privacy.scrub(note)
    block.hazard_note = scrubbed.text
    refresh_status(block)
    audit.record(user, "block_flagged_unsafe", block)
    return scrubbed.redactions
