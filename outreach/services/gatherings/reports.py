"""A gathering's report (DESIGN.md section 8): what happened, in counts and categories, never names.

A facilitator's phone sends it through the same outbox as visits, so it is idempotent
by `client_id`: new -> 201, the same report again -> 200 with the stored one, other
content under that client_id (or a second report of the same gathering) -> 409.
"The same" is judged by a keyed hash of the report as sent (receipts.content_hash).

Needs raised become block-level needs on the gathering's block (or its place's block)
that aid groups see and claim like any other; volunteers who practised at an
`ecpr_practice` get that day as a practice day (services/gatherings/practice.py).
"""
import uuid
from typing import Annotated, Literal

import msgspec
from flask import current_app
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from msgspec import Meta, Struct
from shapely.geometry import Point, shape
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import scope
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import Block, Gathering, GatheringReport, Need, Place, User, utcnow
from ...parsers import Id, convert, free_text
from ...vocab import GATHERING_TOPICS, NEED_CATEGORIES, NEED_URGENCIES, REFERRALS
from .. import privacy
from ..areas.blocks import refresh_status
from ..fieldwork.receipts import content_hash
from ..operation import audit
from . import gatherings, practice

# A church hall, a school gym; beyond this a count is a typo.
MAX_COUNT = 10_000
MAX_MINUTES = 24 * 60
MAX_NEEDS = 20
MAX_PRACTISED = 200
MAX_DIFFERENTLY = 1000

Count = Annotated[int, Meta(ge=0, le=MAX_COUNT)]


class ReportNeedIn(Struct, forbid_unknown_fields=True):
    """A need raised at a gathering: it becomes a need on the gathering's block."""

    category: Literal[NEED_CATEGORIES]
    urgency: Literal[NEED_URGENCIES]
    people: Annotated[int, Meta(ge=1, le=MAX_COUNT)] = 1


class ReportIn(Struct, forbid_unknown_fields=True):
    """A gathering's report as a facilitator's phone sends it (DESIGN.md section 8)."""

    client_id: Annotated[uuid.UUID, Meta(description="made on the phone; the report is idempotent by it")]
    held: bool
    attendance: Annotated[Count, Meta(description="estimated; 0 when not held")] = 0
    under_18: Count | None = None
    over_64: Count | None = None
    minutes: Annotated[int, Meta(ge=0, le=MAX_MINUTES)] | None = None
    topics: Annotated[list[Literal[GATHERING_TOPICS]], Meta(max_length=len(GATHERING_TOPICS))] = []
    referrals: Annotated[dict[str, int], Meta(description="referral slug -> how many were given")] = {}
    needs: Annotated[list[ReportNeedIn], Meta(max_length=MAX_NEEDS)] = []
    practised_user_ids: Annotated[list[Id], Meta(max_length=MAX_PRACTISED,
                                                 description="ecpr_practice only: volunteers who practised")] = []
    would_do_differently: free_text(MAX_DIFFERENTLY, description="scrubbed of personal details") | None = None


def _rules(body: ReportIn, gathering: Gathering) -> dict[str, str]:
    """What the types cannot say: the age bands fit in the attendance, referral counts are known and sane,
    only a practice names who practised, and those are volunteers of the operation."""
    errors = {}
    if (body.under_18 or 0) + (body.over_64 or 0) > body.attendance:
        message = _("under 18 and over 64 together are more than the attendance")
        errors.update({"under_18": message, "over_64": message})
    for slug, count in body.referrals.items():
        if slug not in REFERRALS:
            errors[f"referrals.{slug}"] = _("unknown referral; allowed: %(slugs)s", slugs=", ".join(REFERRALS))
        elif isinstance(count, bool) or not 0 <= count <= MAX_COUNT:
            errors[f"referrals.{slug}"] = _("must be between %(low)d and %(high)d", low=0, high=MAX_COUNT)
    if gathering.kind == "volunteer_debrief":
        # Care for the carers: a debrief's report counts people, never what they said or raised.
        told = {"topics": body.topics, "referrals": body.referrals, "needs": body.needs,
                "would_do_differently": body.would_do_differently}
        errors.update({name: _("a debrief's report counts people only") for name, value in told.items() if value})
    if body.practised_user_ids and gathering.kind != "ecpr_practice":
        errors["practised_user_ids"] = _("only an eCPR practice records who practised")
    elif body.practised_user_ids:
        problem = practice.volunteer_problems(body.practised_user_ids)
        if problem:
            errors["practised_user_ids"] = problem
    if body.needs and need_block(gathering) is None:
        errors["needs"] = _("this gathering's place lies on no block of the operation; plan it on a block")
    return errors


def need_block(gathering: Gathering) -> Block | None:
    """The block a gathering's needs go to: its own, or the block its place lies on."""
    if gathering.block is not None:
        return gathering.block
    return block_of_place(gathering.place) if gathering.place is not None else None


def block_of_place(place: Place) -> Block | None:
    """The operation's block that the place's point lies on, if any."""
    candidates = db.session.scalars(select(Block).where(
        Block.operation_id == scope.current_id(), Block.min_lon <= place.lon, Block.max_lon >= place.lon,
        Block.min_lat <= place.lat, Block.max_lat >= place.lat).order_by(Block.id))
    point = Point(place.lon, place.lat)
    return next((block for block in candidates if shape(block.geometry).intersects(point)), None)


def _hashes(body: ReportIn) -> tuple[str, str | None]:
    """Keyed hashes of the report as sent: its counts and categories (less its client_id), and its text (None
    without one), kept apart so that erasing the text (retention) leaves nothing that encodes it."""
    content = msgspec.to_builtins(body)
    content.pop("client_id")
    text = content.pop("would_do_differently", None)
    key = current_app.config["SECRET_KEY"].encode()
    return (content_hash(key, "gathering_report", content),
            content_hash(key, "gathering_report_text", {"text": text}) if text else None)


def record_report(data, gathering_id: int, user: User) -> tuple[Gathering, int, dict]:
    """Store a gathering's report once: (gathering, 201 or 200, redactions). Raises Invalid, NotFound, Forbidden
    or Conflict, storing nothing."""
    body = data if isinstance(data, ReportIn) else convert(data, ReportIn)
    gathering = gatherings.get_gathering(gathering_id)
    gatherings.require_facilitator(user, gathering)
    errors = _rules(body, gathering)
    if errors:
        raise Invalid(_("Some fields of this report need fixing."), errors)
    client_id, digest = str(body.client_id), _hashes(body)
    stored = db.session.scalar(select(GatheringReport).where(GatheringReport.client_id == client_id))
    if stored is not None:
        return _replay(stored, gathering, digest), 200, {}
    if gathering.report is not None:
        raise Conflict(_("This gathering was already reported; nothing was changed."),
                       {"client_id": _("another report of this gathering is stored")})
    scope.refuse_if_closed(made_at=gathering.starts_at)
    scrubbed = privacy.scrub(body.would_do_differently)
    report = GatheringReport(
        gathering_id=gathering.id, client_id=client_id, content_hash=digest[0], text_hash=digest[1],
        reported_by_id=user.id,
        held=body.held, attendance=body.attendance, under_18=body.under_18, over_64=body.over_64,
        minutes=body.minutes, topics=[slug for slug in GATHERING_TOPICS if slug in body.topics],
        referrals={slug: body.referrals[slug] for slug in REFERRALS if body.referrals.get(slug)},
        practised_user_ids=list(dict.fromkeys(body.practised_user_ids)),
        would_do_differently=scrubbed.text or None, need_ids=[])
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        # The same report arrived twice at once (or another gathering's report holds the client_id).
        stored = db.session.scalar(select(GatheringReport).where(GatheringReport.client_id == client_id))
        if stored is None:
            raise Conflict(_("This gathering was already reported; nothing was changed."),
                           {"client_id": _("another report of this gathering is stored")}) from None
        return _replay(stored, gathering, digest), 200, {}
    report.need_ids = _raise_needs(gathering, body.needs)
    practice.record(gathering, report.practised_user_ids, to_user_timezone(gathering.starts_at).date())
    audit.record(user, "gathering_reported", gathering, {"held": body.held, "attendance": body.attendance,
                                                         "needs": len(report.need_ids)})
    db.session.flush()
    db.session.refresh(gathering)
    return gathering, 201, ({"would_do_differently": scrubbed.redactions} if scrubbed.redactions else {})


def _replay(stored: GatheringReport, gathering: Gathering, digest: tuple[str, str | None]) -> Gathering:
    """The gathering with its stored report when this is the same report again (its text compared only while it
    is kept); Conflict otherwise."""
    structure, text = digest
    same_text = stored.text_hash == text or (stored.would_do_differently is None and stored.text_hash is None)
    if stored.gathering_id != gathering.id or stored.operation_id != scope.current_id() \
            or stored.content_hash != structure or not same_text:
        raise Conflict(_("A different report was already stored with this client_id; nothing was changed."),
                       {"client_id": _("already used for another report")})
    return gathering


def _raise_needs(gathering: Gathering, raised: list[ReportNeedIn]) -> list[int]:
    """Each need raised becomes an open need on the gathering's block; answers their ids."""
    if not raised:
        return []
    block = need_block(gathering)
    now = utcnow()
    needs = [Need(block_id=block.id, category=need.category, urgency=need.urgency, people=need.people,
                  status="open", created_at=now) for need in raised]
    db.session.add_all(needs)
    db.session.flush()
    refresh_status(block)
    return [need.id for need in needs]
