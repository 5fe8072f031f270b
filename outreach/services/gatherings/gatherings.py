"""Gatherings (DESIGN.md section 8): planned by a coordinator, held by two or more facilitators, never alone.

A gathering belongs to the operation it was planned in: every read here filters on
scope.current_id(), and a block or place of another operation is NotFound (404) like
a missing one. The title is scrubbed like any free text; a gathering keeps no
attendee's name anywhere. Facilitators check in and out of a gathering through the
shift service, so the safety loop (help button, overdue) covers them as it covers a pair.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

from flask_babel import gettext as _
from msgspec import Meta, Struct
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import scope
from ...errors import Forbidden, Invalid, NotFound
from ...extensions import db
from ...models import Block, Gathering, GatheringFacilitator, Membership, Place, Shift, User, in_utc, utcnow
from ...parsers import Id, convert, one_line
from ...vocab import GATHERING_KINDS
from .. import privacy
from ..areas.blocks import bump_version
from ..operation import audit
from ..safety import shifts

MAX_TITLE = 200
MIN_FACILITATORS = 2  # nobody holds a gathering alone
MAX_FACILITATORS = 20
# A gathering is an afternoon, not a week: longer is a typo in a date.
MAX_LENGTH = timedelta(hours=12)
LANGUAGE_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LIST_LIMIT = 500


class GatheringIn(Struct, forbid_unknown_fields=True):
    """A gathering as a coordinator plans it (DESIGN.md section 8)."""

    kind: Literal[GATHERING_KINDS]
    title: one_line(MAX_TITLE, min_length=1, description="scrubbed of personal details before it is stored")
    starts_at: Annotated[datetime, Meta(tz=True)]
    ends_at: Annotated[datetime, Meta(tz=True)]
    facilitator_ids: Annotated[list[Id], Meta(max_length=MAX_FACILITATORS,
                                              description="two or more volunteers of the operation")]
    block_id: Id | None = None
    place_id: Id | None = None
    language: Annotated[str, Meta(pattern=LANGUAGE_PATTERN, description="a language tag: en, es, vi")] | None = None
    public: bool = False


@dataclass
class Planned:
    """A gathering just planned, with what the scrubber took out of its title."""

    gathering: Gathering
    redactions: dict


def plan(actor: User, data) -> Planned:
    """Check and store a gathering; Invalid names every bad field, NotFound a block or place not of this
    operation. Nothing is stored on a refusal."""
    body = data if isinstance(data, GatheringIn) else convert(data, GatheringIn)
    scope.refuse_if_closed()
    errors = _rules(body)
    block, place = _location(body)
    facilitator_ids = list(dict.fromkeys(body.facilitator_ids))
    errors.update(facilitator_problems(facilitator_ids))
    if errors:
        raise Invalid(_("Some fields of this gathering need fixing."), errors)
    title = privacy.scrub(body.title)
    gathering = Gathering(kind=body.kind, title=title.text, starts_at=in_utc(body.starts_at),
                          ends_at=in_utc(body.ends_at), block_id=getattr(block, "id", None),
                          place_id=getattr(place, "id", None), language=body.language, public=body.public,
                          planned_by_id=actor.id)
    db.session.add(gathering)
    db.session.flush()
    gathering.facilitators = [GatheringFacilitator(gathering_id=gathering.id, user_id=user_id)
                              for user_id in facilitator_ids]
    db.session.flush()
    audit.record(actor, "gathering_planned", gathering, {"kind": body.kind, "facilitator_ids": facilitator_ids})
    bump_version()  # the coordinator map shows gatherings as a layer
    return Planned(gathering, {"title": title.redactions} if title.redactions else {})


def _rules(body: GatheringIn) -> dict[str, str]:
    """What the types cannot say: the times are in order and plausible, and there is exactly one location."""
    errors = {}
    if body.ends_at <= body.starts_at:
        errors["ends_at"] = _("must be after the start")
    elif body.ends_at - body.starts_at > MAX_LENGTH:
        errors["ends_at"] = _("is more than %(hours)d hours after the start", hours=MAX_LENGTH.seconds // 3600)
    if body.block_id is None and body.place_id is None:
        errors["block_id"] = _("give a block or a place")
    elif body.block_id is not None and body.place_id is not None:
        errors["place_id"] = _("give a block or a place, not both")
    return errors


def _location(body: GatheringIn) -> tuple[Block | None, Place | None]:
    """The block or place named, of this operation; NotFound otherwise (another operation's is not shown)."""
    block = place = None
    if body.block_id is not None:
        block = db.session.get(Block, body.block_id)
        if block is None or block.operation_id != scope.current_id():
            raise NotFound(_("There is no block %(id)s.", id=body.block_id), {"block_id": _("unknown block")})
    if body.place_id is not None:
        place = db.session.get(Place, body.place_id)
        if place is None or place.operation_id != scope.current_id():
            raise NotFound(_("There is no place %(id)s.", id=body.place_id), {"place_id": _("unknown place")})
    return block, place


def facilitator_problems(user_ids: list[int]) -> dict[str, str]:
    """Why these people cannot facilitate together (empty when they can): two or more active volunteers of the
    operation."""
    if len(user_ids) < MIN_FACILITATORS:
        return {"facilitator_ids": _("needs two or more facilitators: nobody holds a gathering alone")}
    found = set(db.session.scalars(
        select(User.id).join(Membership, Membership.user_id == User.id)
        .where(Membership.operation_id == scope.current_id(), Membership.role == "volunteer",
               User.active.is_(True), User.id.in_(user_ids))))
    strangers = [str(user_id) for user_id in user_ids if user_id not in found]
    if strangers:
        return {"facilitator_ids": _("not active volunteers of this operation: %(ids)s", ids=", ".join(strangers))}
    return {}


def places() -> list[Place]:
    """The operation's imported places by name, for choosing where a gathering is held."""
    return list(db.session.scalars(select(Place).where(Place.operation_id == scope.current_id())
                                   .order_by(Place.name, Place.id)))


def block_by_code(code: str) -> Block:
    """The operation's block with this code (as printed on the map), or Invalid naming block_id."""
    block = db.session.scalar(select(Block).where(Block.operation_id == scope.current_id(),
                                                  Block.code == code.strip().upper()))
    if block is None:
        raise Invalid(_("There is no block %(code)s.", code=code), {"block_id": _("no block has this code")})
    return block


def _query():
    """The operation's gatherings with their facilitators, place and report, by start."""
    return (select(Gathering)
            .options(selectinload(Gathering.facilitators).selectinload(GatheringFacilitator.user),
                     selectinload(Gathering.place), selectinload(Gathering.block), selectinload(Gathering.report))
            .where(Gathering.operation_id == scope.current_id())
            .order_by(Gathering.starts_at, Gathering.id))


def list_gatherings(facilitator: User | None = None, since: datetime | None = None) -> list[Gathering]:
    """The operation's gatherings by start; only those `facilitator` holds when given; from `since` when given."""
    query = _query().limit(LIST_LIMIT)
    if facilitator is not None:
        query = query.where(Gathering.id.in_(select(GatheringFacilitator.gathering_id)
                                             .where(GatheringFacilitator.user_id == facilitator.id)))
    if since is not None:
        query = query.where(Gathering.ends_at >= since)
    return list(db.session.scalars(query))


def get_gathering(gathering_id: int) -> Gathering:
    """The gathering of this id in the operation being worked in, or NotFound (another operation's too)."""
    gathering = db.session.scalar(_query().where(Gathering.id == gathering_id))
    if gathering is None:
        raise NotFound(_("There is no gathering %(id)s.", id=gathering_id), {"id": _("unknown")})
    return gathering


def facilitates(user: User, gathering: Gathering) -> bool:
    """Whether `user` is one of the gathering's facilitators."""
    return any(facilitator.user_id == user.id for facilitator in gathering.facilitators)


def require_facilitator(user: User, gathering: Gathering, coordinators_too: bool = True) -> None:
    """Forbidden unless `user` facilitates the gathering (or coordinates the operation, when allowed)."""
    if facilitates(user, gathering) or (coordinators_too and user.role == "coordinator"):
        return
    raise Forbidden(_("Only the facilitators of this gathering (or a coordinator) may do this."),
                    {"gathering": _("not a facilitator")})


def status_of(gathering: Gathering) -> str:
    """planned until reported; then held or not_held."""
    if gathering.report is None:
        return "planned"
    return "held" if gathering.report.held else "not_held"


def place_name(gathering: Gathering) -> str:
    """Where it is held, as people name it: the place's name, or the block's code."""
    if gathering.place is not None:
        return gathering.place.name
    return gathering.block.name or gathering.block.code if gathering.block is not None else ""


def report_json(gathering: Gathering) -> dict | None:
    """The report as stored (counts, categories, scrubbed text), or None before one came."""
    report = gathering.report
    if report is None:
        return None
    return {"id": report.id, "client_id": report.client_id, "held": report.held, "attendance": report.attendance,
            "under_18": report.under_18, "over_64": report.over_64, "minutes": report.minutes,
            "topics": list(report.topics), "referrals": dict(report.referrals), "need_ids": list(report.need_ids),
            "practised_user_ids": list(report.practised_user_ids),
            "would_do_differently": report.would_do_differently, "reported_by_id": report.reported_by_id,
            "reported_at": report.reported_at.isoformat()}


def gathering_json(gathering: Gathering) -> dict:
    """A gathering with the fields of DESIGN.md section 5, plus where it is held by name."""
    return {"id": gathering.id, "kind": gathering.kind, "title": gathering.title,
            "starts_at": gathering.starts_at.isoformat(), "ends_at": gathering.ends_at.isoformat(),
            "block_id": gathering.block_id, "place_id": gathering.place_id,
            "facilitator_ids": [facilitator.user_id for facilitator in gathering.facilitators],
            "language": gathering.language, "public": gathering.public, "status": status_of(gathering),
            "report": report_json(gathering), "place_name": place_name(gathering)}


# ------------------------------------------------------------------ conflicts

@dataclass(frozen=True)
class Clash:
    """A facilitator busy elsewhere at a gathering's time: on a shift, or at another gathering."""

    user: User
    what: str  # "shift" or "gathering"
    other: Gathering | None = None


def conflicts(gathering: Gathering) -> list[Clash]:
    """The gathering's facilitators who are on a shift or at another gathering during its time."""
    ids = [facilitator.user_id for facilitator in gathering.facilitators]
    clashes = []
    for shift in db.session.scalars(
            select(Shift).options(selectinload(Shift.user))
            .where(Shift.operation_id == scope.current_id(), Shift.user_id.in_(ids),
                   Shift.checked_in_at < gathering.ends_at, Shift.expected_end_at > gathering.starts_at,
                   Shift.id.not_in(select(GatheringFacilitator.shift_id).where(
                       GatheringFacilitator.shift_id.is_not(None))))):
        clashes.append(Clash(shift.user, "shift"))
    for other, facilitator in db.session.execute(
            select(Gathering, GatheringFacilitator).join(
                GatheringFacilitator, GatheringFacilitator.gathering_id == Gathering.id)
            .options(selectinload(GatheringFacilitator.user))
            .where(Gathering.operation_id == scope.current_id(), Gathering.id != gathering.id,
                   GatheringFacilitator.user_id.in_(ids),
                   Gathering.starts_at < gathering.ends_at, Gathering.ends_at > gathering.starts_at)
            .order_by(Gathering.starts_at)):
        clashes.append(Clash(facilitator.user, "gathering", other))
    return clashes


# ---------------------------------------------------------- the safety loop

def check_in(user: User, gathering: Gathering, at: datetime | None = None) -> Shift:
    """Check the facilitators in for the gathering as a shift (until its end): the safety loop watches them."""
    require_facilitator(user, gathering, coordinators_too=False)
    start = at or utcnow()
    hours = min(max((gathering.ends_at - start).total_seconds() / 3600, 0.5), shifts.MAX_SHIFT_HOURS)
    others = [facilitator.user for facilitator in gathering.facilitators if facilitator.user_id != user.id]
    shift = shifts.check_in(user, hours, at=at, companions=others)
    for facilitator in gathering.facilitators:
        opened = shifts.open_shift(facilitator.user)
        # Only the shifts this check-in opened belong to the gathering; one already open elsewhere stays its own.
        if opened is not None and opened.checked_in_at == shift.checked_in_at:
            facilitator.shift_id = opened.id
    return shift


def check_out(user: User, gathering: Gathering, self_care: str, debrief: bool,
              at: datetime | None = None) -> Shift:
    """End the facilitator's shift at the gathering with their self-care answer, as a shift ends."""
    require_facilitator(user, gathering, coordinators_too=False)
    return shifts.check_out(user, self_care, debrief, at=at)


def checked_in(user: User, gathering: Gathering) -> bool:
    """Whether `user` is on the open shift they checked in to this gathering with."""
    for facilitator in gathering.facilitators:
        if facilitator.user_id == user.id and facilitator.shift is not None:
            return facilitator.shift.checked_out_at is None
    return False


# ------------------------------------------------------------------ the coordinator map

# The map shows what is coming and what just happened (a report may still be due).
MAP_SINCE = timedelta(days=2)


def map_points() -> list[dict]:
    """The operation's recent and upcoming gatherings as points for the coordinator map's layer."""
    points = []
    for gathering in list_gatherings(since=utcnow() - MAP_SINCE):
        if gathering.place is not None:
            lat, lon = gathering.place.lat, gathering.place.lon
        else:
            lat, lon = gathering.block.centroid_lat, gathering.block.centroid_lon
        points.append({"id": gathering.id, "kind": gathering.kind, "title": gathering.title,
                       "starts_at": gathering.starts_at.isoformat(), "ends_at": gathering.ends_at.isoformat(),
                       "where": place_name(gathering), "status": status_of(gathering),
                       "lat": round(lat, 6), "lon": round(lon, 6)})
    return points


# ------------------------------------------------------------------ the phone

PHONE_SINCE = timedelta(days=2)  # a gathering stays on the phone two days after it ends: time to report it


def phone_gatherings(user: User) -> list[dict]:
    """The gatherings `user` facilitates, as the phone shows them (data.json): when, where, with whom, whether
    they are checked in and whether it is reported; a practice also lists the volunteers who may have practised."""
    found = list_gatherings(facilitator=user, since=utcnow() - PHONE_SINCE)
    volunteers = None
    answers = []
    for gathering in found:
        answer = {"id": gathering.id, "kind": gathering.kind, "title": gathering.title,
                  "starts_at": gathering.starts_at.isoformat(), "ends_at": gathering.ends_at.isoformat(),
                  "where": place_name(gathering), "status": status_of(gathering),
                  "checked_in": checked_in(user, gathering),
                  "with": [f.user.name for f in gathering.facilitators if f.user_id != user.id]}
        if gathering.kind == "ecpr_practice":
            volunteers = volunteers if volunteers is not None else [
                {"id": volunteer.id, "name": volunteer.name} for volunteer in db.session.scalars(
                    select(User).join(Membership, Membership.user_id == User.id)
                    .where(Membership.operation_id == scope.current_id(), Membership.role == "volunteer",
                           User.active.is_(True)).order_by(User.name, User.id))]
            answer["volunteers"] = volunteers
        answers.append(answer)
    return answers


# ------------------------------------------------------------------ care for the carers

def carers_not_ok() -> list[User]:
    """Volunteers who checked out answering anything but "ok" and are not debriefed yet: a debrief is offered."""
    found = {shift.user_id: shift.user for shift in shifts.care_requests()
             if shift.self_care is not None and shift.self_care != "ok"}
    return sorted(found.values(), key=lambda user: (user.name, user.id))
