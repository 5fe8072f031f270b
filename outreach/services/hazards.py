"""The life cycle of a hazard: a pair flags a block unsafe (fieldwork.flag_unsafe), a coordinator clears it.

While the hazard stands the block is `unsafe`: it shows the note on the maps and
the pairs' lists, and suggestions skip it. Clearing it needs a note (what changed,
who checked), is audited with the hazard it cleared, and returns the block to
the status its facts give it (services/blocks.py).
"""
from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Block, Neighborhood, User
from . import audit, privacy
from .blocks import refresh_status
from .fieldwork import MAX_HAZARD, get_block


def open_hazards() -> list[tuple[Block, str]]:
    """Blocks flagged unsafe and not cleared, with their neighborhood's name, by block code."""
    rows = db.session.execute(
        select(Block, Neighborhood.name).join(Neighborhood)
        .where(Block.status == "unsafe", Block.hazard_note.is_not(None)).order_by(Block.code))
    return [(block, name) for block, name in rows]


def resolve_hazard(actor: User, block_id: int, note) -> Block:
    """Clear a block's hazard with a note (scrubbed like the hazard note); Conflict when none stands."""
    block = get_block(block_id)
    note = note.strip() if isinstance(note, str) else ""
    if not note:
        raise Invalid(_("Say how the hazard was cleared, so the pairs can trust the block again."),
                      {"note": _("required")})
    if len(note) > MAX_HAZARD:
        raise Invalid(_("Keep it under %(limit)d characters.", limit=MAX_HAZARD), {"note": _("too long")})
    if block.hazard_note is None:
        raise Conflict(_("Block %(code)s has no hazard to clear.", code=block.code), {"block_id": _("no hazard")})
    cleared = block.hazard_note
    block.hazard_note = None
    status = refresh_status(block)
    audit.record(actor, "hazard_resolved", block,
                 {"hazard": cleared, "note": privacy.scrub(note).text, "status": status})
    return block
