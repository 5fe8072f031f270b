"""The life cycle of a hazard: pairs add warnings to a block, a coordinator clears each one.

Warnings are added, never overwritten: each keeps its (scrubbed) text, its time
and the pair that left it until a coordinator clears it, so "live power line
down" cannot be replaced by "small puddle" from another phone. While any warning
stands the block is `unsafe`: the maps, the pairs' block pages and the API show
every open warning (the newest first), and suggestions skip the block. Clearing
one needs a note (what changed, who checked), is audited with the warning it
cleared, and when the last one goes the block returns to the status its facts
give it (services/areas/blocks.py). Warnings are of the operation being worked
in (DESIGN section 7): another operation's warning is NotFound.
"""
from flask_babel import gettext as _
from msgspec import Struct
from sqlalchemy import select, update

from ... import scope
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...models import Block, Hazard, Neighborhood, Team, User, utcnow
from ...parsers import free_text
from .. import privacy
from ..areas.blocks import refresh_status
from ..fieldwork.visits import fits_once_normalised
from ..operation import audit

MAX_HAZARD = 500


class ClearIn(Struct, forbid_unknown_fields=True):
    """How a coordinator cleared a warning (what changed, who checked)."""

    note: free_text(MAX_HAZARD, min_length=1)


def _checked_note(note, field: str, required: str) -> str:
    """A note stripped, required and within MAX_HAZARD characters (Invalid naming `field` otherwise)."""
    note = note.strip() if isinstance(note, str) else ""
    if not note:
        raise Invalid(required, {field: _("required")})
    if len(note) > MAX_HAZARD or not fits_once_normalised(note, MAX_HAZARD):
        raise Invalid(_("Keep it under %(limit)d characters.", limit=MAX_HAZARD), {field: _("too long")})
    return note


def add_hazard(block: Block, user: User, team: Team | None, note) -> tuple[Hazard, dict]:
    """A new warning on `block` from `user` (of `team`): the note scrubbed; answers it and the redactions."""
    note = _checked_note(note, "hazard_note", _("Say briefly what the hazard is, so other pairs stay safe."))
    scrubbed = privacy.scrub(note)
    hazard = Hazard(block_id=block.id, note=scrubbed.text, team_id=team.id if team else None,
                    reported_by_id=user.id, reported_at=utcnow())
    db.session.add(hazard)
    db.session.flush()
    refresh_status(block)
    audit.record(user, "block_flagged_unsafe", block, {"hazard_id": hazard.id, "team_id": hazard.team_id})
    return hazard, scrubbed.redactions


def open_hazards() -> list[tuple[Hazard, Block, str, str | None]]:
    """Every open warning with its block, neighborhood name and pair's name, by block code, newest first."""
    rows = db.session.execute(
        select(Hazard, Block, Neighborhood.name, Team.name).join(Block, Hazard.block_id == Block.id)
        .join(Neighborhood).outerjoin(Team, Hazard.team_id == Team.id)
        .where(Hazard.operation_id == scope.current_id(), Hazard.cleared_at.is_(None))
        .order_by(Block.code, Hazard.reported_at.desc(), Hazard.id.desc()))
    return [tuple(row) for row in rows]


def clear_hazard(actor: User, hazard_id: int, note) -> Hazard:
    """A coordinator clears one warning with a note (scrubbed); Conflict when it was cleared already."""
    hazard = db.session.get(Hazard, hazard_id)
    if hazard is None or hazard.operation_id != scope.current_id():
        raise NotFound(_("There is no hazard %(id)s.", id=hazard_id), {"id": _("unknown")})
    note = _checked_note(note, "note", _("Say how the hazard was cleared, so the pairs can trust the block again."))
    if hazard.cleared_at is not None:
        raise Conflict(_("This hazard was cleared already."), {"id": _("cleared")})
    # Compare-and-set: of two coordinators clearing it at once, one clears it and the other is told.
    cleared = db.session.execute(
        update(Hazard).where(Hazard.id == hazard.id, Hazard.cleared_at.is_(None))
        .values(cleared_at=utcnow(), cleared_by_id=actor.id, clear_note=privacy.scrub(note).text)
        .execution_options(synchronize_session=False))
    if cleared.rowcount != 1:
        raise Conflict(_("This hazard was cleared already."), {"id": _("cleared")})
    db.session.refresh(hazard)
    db.session.expire(hazard.block, ["open_hazards"])
    status = refresh_status(hazard.block)
    audit.record(actor, "hazard_resolved", hazard.block,
                 {"hazard_id": hazard.id, "hazard": hazard.note, "reported_at": hazard.reported_at.isoformat(),
                  "team_id": hazard.team_id, "note": hazard.clear_note, "status": status})
    return hazard
