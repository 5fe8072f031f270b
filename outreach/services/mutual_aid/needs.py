"""The life of a need (DESIGN.md section 3): open -> claimed -> fulfilled -> confirmed, or closed.

Every change is a compare-and-set UPDATE on the row as it was read, so two aid
groups (or two app servers) racing for one need cannot both win: the loser gets
a Conflict. Claims lapse after CLAIM_TTL_HOURS; `expire_claims` reopens them and
is called lazily before needs are listed and by the `expire-claims` command, so
no app server has to run a timer.

Drop-off hints cannot be harvested by claiming and giving back: every claim a
group gives back unfulfilled (released or lapsed) is a ClaimReturn; a group may
not claim the same need again for CLAIM_RECLAIM_HOURS, may give back at most
CLAIM_RETURNS_PER_DAY claims in 24 hours before its claiming pauses, and holds
at most CLAIM_MAX_HELD claims at once. A need a later visit found still there
(reopened after a group called it met) counts as given back too.

Fulfilling is no way around it: a group may have at most CLAIM_UNCONFIRMED_PER_DAY
needs it called met in the last day that no later visit has confirmed yet before
its claiming pauses (a confirmed fulfil no longer counts). So a group that meets
nothing reads at most CLAIM_MAX_HELD + CLAIM_RETURNS_PER_DAY +
CLAIM_UNCONFIRMED_PER_DAY hints a day. A fulfil keeps the hint for coordinators
(the group no longer reads it) until the need is confirmed or closed (DESIGN.md
2.5), so a false fulfil loses nobody the way to the door. Every hint an aid
member reads is audited; coordinators see groups that reach the limits, and a
burst of fulfils (FULFIL_BURST within FULFIL_BURST_WINDOW) with a button that
reopens them all.

Operations (DESIGN section 7): every read and change is of the operation being
worked in (scope.current_id()); another operation's need is NotFound like a
missing one. Aid groups are shared, so a group working in an operation sees and
claims that operation's needs only, while its claim limits count across every
operation (ClaimReturn is per group): one set of people, one allowance of hints.
A closed operation still takes claims, give-backs and fulfils (groups finish
their deliveries after the close); an archived one takes no change (409
operation_closed).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

from flask_babel import gettext as _
from msgspec import Meta, Struct
from sqlalchemy import case, delete, func, select, update

from ... import scope
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...models import AidGroup, Block, ClaimReturn, Need, Neighborhood, User, Visit, utcnow
from ...parsers import Id
from ...vocab import CLOSE_REASONS, LIVE_NEED_STATUSES, NEED_CATEGORIES, NEED_STATUSES, NEED_URGENCIES
from ..areas import blocks
from ..fieldwork import visits
from ..operation import audit

# Only the reclaim rule and the day's give-back count read ClaimReturn rows; a week is well past both.
CLAIM_RETURNS_KEPT = timedelta(days=7)
# A person who really delivers marks a need met after the drive to the door and back; three within ten
# minutes is a group marking its list done (or reading hints), which a coordinator should look at.
FULFIL_BURST = 3
FULFIL_BURST_WINDOW = timedelta(minutes=10)
URGENCY_ORDER = {urgency: rank for rank, urgency in enumerate(NEED_URGENCIES)}
# Fields a claim carries; cleared whenever a need goes back to open.
NO_CLAIM = {"claimed_by_group_id": None, "claimed_at": None, "claim_expires_at": None}


class ClaimIn(Struct, forbid_unknown_fields=True):
    """A claim's optional body: the group a coordinator claims for (an aid member claims for their own)."""

    group_id: Id | None = None


class CloseIn(Struct, forbid_unknown_fields=True):
    """Why a coordinator closes a need, and which need it repeats when it is a duplicate."""

    reason: Literal[CLOSE_REASONS]
    duplicate_of: Annotated[Id, Meta(description="required when reason is duplicate")] | None = None


@dataclass(frozen=True)
class ClaimLimits:
    """How far an aid group may claim without meeting needs (settings CLAIM_MAX_HELD and friends)."""

    max_held: int = 10
    returns_per_day: int = 3
    reclaim_hours: float = 24
    unconfirmed_per_day: int = 5

    @classmethod
    def from_config(cls, config) -> "ClaimLimits":
        """The limits an app is configured with."""
        return cls(config["CLAIM_MAX_HELD"], config["CLAIM_RETURNS_PER_DAY"], config["CLAIM_RECLAIM_HOURS"],
                   config["CLAIM_UNCONFIRMED_PER_DAY"])


@dataclass
class NeedFilter:
    """What a list of needs is narrowed to; None means any."""

    statuses: tuple[str, ...] | None = None
    category: str | None = None
    urgency: str | None = None
    neighborhood_id: int | None = None
    categories: tuple[str, ...] | None = None  # any of these (an aid group's own), besides `category`
    claimed_by_group_id: int | None = None

    @classmethod
    def from_args(cls, args, default_statuses=LIVE_NEED_STATUSES) -> "NeedFilter":
        """A need board's filters from its query arguments (a mapping); unknown values raise Invalid."""
        neighborhood = args.get("neighborhood_id", "")
        if neighborhood and not neighborhood.isdigit():
            raise Invalid(_("Choose a neighborhood from the list."), {"neighborhood_id": "not a number"})
        status = args.get("status") or None
        return cls(
            statuses=(status,) if status else default_statuses,
            category=args.get("category") or None,
            urgency=args.get("urgency") or None,
            neighborhood_id=int(neighborhood) if neighborhood else None,
        ).validate()

    def validate(self) -> "NeedFilter":
        """Raise Invalid naming each value outside the vocabularies."""
        wrong = {}
        if self.statuses and not set(self.statuses) <= set(NEED_STATUSES):
            wrong["status"] = f"one of {', '.join(NEED_STATUSES)}"
        if (self.category and self.category not in NEED_CATEGORIES) or not set(self.categories or ()) <= set(
                NEED_CATEGORIES):
            wrong["category"] = f"one of {', '.join(NEED_CATEGORIES)}"
        if self.urgency and self.urgency not in NEED_URGENCIES:
            wrong["urgency"] = f"one of {', '.join(NEED_URGENCIES)}"
        if wrong:
            raise Invalid("Some filter values are not known.", wrong)
        return self


# --- drop-off hints (stored scrubbed by services.fieldwork.visits) -------------------

def can_read_hint(user: User, need: Need) -> bool:
    """Coordinators, and members of the group holding the claim, may read a hint."""
    if user.role == "coordinator":
        return True
    return (user.role == "aid" and need.status == "claimed" and user.aid_group_id is not None
            and user.aid_group_id == need.claimed_by_group_id)


# --- reading ----------------------------------------------------------------

def get_need(need_id: int) -> Need:
    """The need with this id in the operation being worked in, or NotFound (another operation's too)."""
    need = db.session.get(Need, need_id)
    if need is None or need.operation_id != scope.current_id():
        raise NotFound(f"There is no need {need_id}.", {"id": "unknown"})
    return need


def select_needs(needs: NeedFilter):
    """Needs with their block code, neighborhood and claiming group, most urgent and oldest first."""
    urgency_rank = case(URGENCY_ORDER, value=Need.urgency, else_=len(URGENCY_ORDER))
    query = (select(Need, Block.code, Neighborhood.name, AidGroup.name)
             .join(Block, Need.block_id == Block.id)
             .join(Neighborhood, Block.neighborhood_id == Neighborhood.id)
             .outerjoin(AidGroup, Need.claimed_by_group_id == AidGroup.id)
             .where(Need.operation_id == scope.current_id())
             .order_by(urgency_rank, Need.created_at, Need.id))
    if needs.statuses:
        query = query.where(Need.status.in_(needs.statuses))
    if needs.category:
        query = query.where(Need.category == needs.category)
    if needs.categories is not None:
        query = query.where(Need.category.in_(needs.categories))
    if needs.claimed_by_group_id is not None:
        query = query.where(Need.claimed_by_group_id == needs.claimed_by_group_id)
    if needs.urgency:
        query = query.where(Need.urgency == needs.urgency)
    if needs.neighborhood_id is not None:
        query = query.where(Block.neighborhood_id == needs.neighborhood_id)
    return query


def count_needs(needs: NeedFilter) -> int:
    """How many needs match (the lists above show only the first few)."""
    return db.session.scalar(select(func.count()).select_from(select_needs(needs.validate()).subquery()))


def need_summary(need: Need, block_code: str, neighborhood: str, group_name: str | None, viewer: User) -> dict:
    """A need at block level, as aid groups may see it: never the visit's notes."""
    summary = {
        "id": need.id, "category": need.category, "urgency": need.urgency, "people": need.people,
        "status": need.status, "block_id": need.block_id, "block_code": block_code,
        "neighborhood": neighborhood, "created_at": need.created_at.isoformat(),
        "claimed_by": ({"id": need.claimed_by_group_id, "name": group_name}
                       if need.claimed_by_group_id else None),
        "claim_expires_at": need.claim_expires_at.isoformat() if need.claim_expires_at else None,
    }
    if need.hint and can_read_hint(viewer, need):
        summary["hint"] = need.hint
        if viewer.role == "aid":  # coordinators read hints all day at triage; a group's reads are the risk
            audit.record(viewer, "hint_read", need, {"group_id": viewer.aid_group_id})
    return summary


def summary_of(need: Need, viewer: User) -> dict:
    """One need as `need_summary` shows it, read in one query."""
    row = db.session.execute(select_needs(NeedFilter()).where(Need.id == need.id)).one()
    return need_summary(*row, viewer)


def list_needs(needs: NeedFilter, viewer: User, limit: int | None = None) -> list[dict]:
    """The filtered needs as summaries for `viewer`, in one query."""
    query = select_needs(needs.validate())
    if limit:
        query = query.limit(limit)
    return [need_summary(*row, viewer) for row in db.session.execute(query)]


def parse_time(text: str) -> datetime:
    """A timestamp as `need_summary` writes it."""
    return datetime.fromisoformat(text)


def block_centroids(block_ids) -> dict[int, tuple[float, float]]:
    """Map block id to its centroid (lat, lon): the only place a need is shown."""
    if not block_ids:
        return {}
    rows = db.session.execute(select(Block.id, Block.centroid_lat, Block.centroid_lon)
                              .where(Block.operation_id == scope.current_id(), Block.id.in_(block_ids)))
    return {block_id: (lat, lon) for block_id, lat, lon in rows}


def neighborhood_outlines(block_ids) -> list[dict]:
    """The GeoJSON geometries of the neighborhoods these blocks are in (all of them when none)."""
    query = select(Neighborhood.geometry).where(Neighborhood.operation_id == scope.current_id())
    if block_ids:
        query = query.where(Neighborhood.id.in_(select(Block.neighborhood_id).where(Block.id.in_(block_ids))))
    return list(db.session.scalars(query))


def operation_bounds() -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around every neighborhood, to frame a map with no needs."""
    row = db.session.execute(select(func.min(Neighborhood.min_lon), func.min(Neighborhood.min_lat),
                                    func.max(Neighborhood.max_lon), func.max(Neighborhood.max_lat))
                             .where(Neighborhood.operation_id == scope.current_id())).one()
    return None if row[0] is None else tuple(row)


def open_counts_by_neighborhood(categories) -> tuple[list[str], list[list[int]]]:
    """Neighborhood names and, per neighborhood, its open or claimed needs per category (zeros included)."""
    names = dict(db.session.execute(select(Neighborhood.id, Neighborhood.name)
                                    .where(Neighborhood.operation_id == scope.current_id())
                                    .order_by(Neighborhood.name)).all())
    counts = {hood: dict.fromkeys(categories, 0) for hood in names}
    query = (select(Block.neighborhood_id, Need.category, func.count())
             .join(Block, Need.block_id == Block.id)
             .where(Need.operation_id == scope.current_id(), Need.status.in_(LIVE_NEED_STATUSES))
             .group_by(Block.neighborhood_id, Need.category))
    for hood, category, count in db.session.execute(query):
        if category in counts[hood]:
            counts[hood][category] = count
    return list(names.values()), [list(counts[hood].values()) for hood in names]


def triage_rows(needs: NeedFilter, limit: int) -> list[tuple]:
    """For coordinators only: (need, block code, neighborhood, group, visit notes) rows.

    Unhandled (open) needs first, then by urgency, newest first: a need reported a minute ago is at the
    top of its urgency, where the coordinator looks, not below hundreds of older ones.
    """
    unhandled_first = case((Need.status == "open", 0), else_=1)
    urgency_rank = case(URGENCY_ORDER, value=Need.urgency, else_=len(URGENCY_ORDER))
    query = (select_needs(needs.validate()).add_columns(Visit.notes)
             .outerjoin(Visit, Need.visit_id == Visit.id)
             .order_by(None).order_by(unhandled_first, urgency_rank, Need.created_at.desc(), Need.id.desc())
             .limit(limit))
    return db.session.execute(query).all()


def duplicate_candidates(rows) -> dict[int, list[int]]:
    """For each listed live need, the other listed live needs of its block and category."""
    by_place: dict[tuple, list[int]] = {}
    for need, *_others in rows:
        if need.status != "closed":
            by_place.setdefault((need.block_id, need.category), []).append(need.id)
    return {need_id: [other for other in ids if other != need_id]
            for ids in by_place.values() for need_id in ids}


# --- changing ---------------------------------------------------------------

def _apply(need: Need, actor, action: str, values: dict, detail: dict | None = None) -> Need:
    """Write `values` only if the need's status and claim are still as read, then audit it."""
    same_group = (Need.claimed_by_group_id.is_(None) if need.claimed_by_group_id is None
                  else Need.claimed_by_group_id == need.claimed_by_group_id)
    result = db.session.execute(
        update(Need).where(Need.id == need.id, Need.operation_id == scope.current_id(), Need.status == need.status,
                           same_group)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict("Someone changed this need a moment ago. Reload and try again.", {"id": "changed"})
    if "hint" in values and values["hint"] is None and need.visit_id is not None:
        visits.forget_text([need.visit_id])  # no hash may still encode the erased hint
    before = need.status
    db.session.refresh(need)
    audit.record(actor, action, need, {"from": before, "to": need.status, **(detail or {})})
    return need


def _refuse_if_archived() -> None:
    """An archived operation is a closed record: groups and coordinators change its needs no more (a closed one
    still takes claims and deliveries: the people behind its needs still wait for them)."""
    if scope.current().status == "archived":
        scope.refuse_if_closed()


def _refresh_block(need: Need) -> None:
    """Keep the block's status in step with whether it still has an open need."""
    blocks.refresh_status(db.session.get(Block, need.block_id))


def _claim_is_live(need: Need, now: datetime) -> bool:
    """A claim holds until it expires."""
    return need.status == "claimed" and need.claim_expires_at is not None and need.claim_expires_at > now


def claim(need: Need, group: AidGroup, actor, *, ttl_hours: float, limits: ClaimLimits = ClaimLimits(),
          now: datetime | None = None) -> Need:
    """Claim `need` for `group` (or renew the group's own claim) for `ttl_hours`, within the group's limits."""
    _refuse_if_archived()
    now = now or utcnow()
    expires = now + timedelta(hours=ttl_hours)
    if need.status == "claimed" and need.claimed_by_group_id == group.id:
        return _apply(need, actor, "need_claim_renewed", {"claim_expires_at": expires}, {"group_id": group.id})
    if _claim_is_live(need, now):
        raise Conflict("Another group has claimed this need.", {"status": "claimed by another group"})
    if need.status not in LIVE_NEED_STATUSES:
        raise Conflict(f"This need is {need.status}; only open needs can be claimed.", {"status": need.status})
    if actor.role != "coordinator":  # a coordinator claiming for a group is trusted with the hint anyway
        _check_claim_limits(need, group, limits, now)
    return _apply(need, actor, "need_claimed",
                  {"status": "claimed", "claimed_by_group_id": group.id, "claimed_at": now,
                   "claim_expires_at": expires}, {"group_id": group.id})


def returns_since(group_id: int, since: datetime) -> int:
    """How many claims the group gave back unfulfilled since then, in every operation (its limits are the group's)."""
    return db.session.scalar(select(func.count()).select_from(ClaimReturn)
                             .where(ClaimReturn.group_id == group_id, ClaimReturn.returned_at > since))


def _check_claim_limits(need: Need, group: AidGroup, limits: ClaimLimits, now: datetime) -> None:
    """Refuse a claim that would let a group collect hints without meeting needs (see the module's rules)."""
    recently = db.session.scalar(select(ClaimReturn.id).where(
        ClaimReturn.need_id == need.id, ClaimReturn.group_id == group.id,
        ClaimReturn.returned_at > now - timedelta(hours=limits.reclaim_hours)).limit(1))
    if recently:
        raise Conflict("Your group gave this need back recently; another group can take it now.",
                       {"id": "given back recently"}, code="reclaim_too_soon")
    returned = returns_since(group.id, now - timedelta(days=1))
    if returned >= limits.returns_per_day:
        raise Conflict(f"Your group gave back {returned} needs in the last day without meeting them, so claiming "
                       "is paused for now. Call the coordinators: they can hand you a need directly.",
                       {"group": "too many given back"}, code="claims_paused")
    unconfirmed = unconfirmed_since(group.id, now - timedelta(days=1))
    if unconfirmed >= limits.unconfirmed_per_day:
        raise Conflict(_("Your group marked %(count)d needs met in the last day that no visit has confirmed yet, "
                         "so claiming is paused for now. Call the coordinators: they can confirm them or hand you "
                         "a need directly.", count=unconfirmed), {"group": _("too many unconfirmed")},
                       code="claims_paused")
    # Held in any operation: a group working in two has one allowance, not one per operation.
    held = db.session.scalar(select(func.count()).select_from(Need)
                             .where(Need.status == "claimed", Need.claimed_by_group_id == group.id))
    if held >= limits.max_held:
        raise Conflict(f"Your group holds {held} claims already; meet or release some before taking more.",
                       {"group": "holds too many claims"}, code="too_many_claims")


def unconfirmed_since(group_id: int, since: datetime) -> int:
    """How many needs the group called met since then that no later visit has confirmed (yet), in every operation."""
    return db.session.scalar(select(func.count()).select_from(Need).where(
        Need.claimed_by_group_id == group_id, Need.status == "fulfilled", Need.fulfilled_at > since))


def unconfirmed_fulfils(since: datetime, group_id: int | None = None) -> list[Need]:
    """This operation's needs called met since then and not confirmed, by group and time (one group's, when named)."""
    query = select(Need).where(Need.operation_id == scope.current_id(), Need.status == "fulfilled",
                               Need.fulfilled_at > since, Need.claimed_by_group_id.is_not(None))
    if group_id is not None:
        query = query.where(Need.claimed_by_group_id == group_id)
    return list(db.session.scalars(query.order_by(Need.claimed_by_group_id, Need.fulfilled_at, Need.id)))


def _has_burst(times: list[datetime]) -> bool:
    """Whether FULFIL_BURST of these times (in order) fall within FULFIL_BURST_WINDOW."""
    return any(times[i + FULFIL_BURST - 1] - times[i] <= FULFIL_BURST_WINDOW
               for i in range(len(times) - FULFIL_BURST + 1))


def fulfil_bursts(now: datetime | None = None) -> list[tuple[AidGroup, int]]:
    """Groups that called a burst of needs met in the last day, none confirmed since, with how many they
    called met and not confirmed in that day (what one click reopens)."""
    by_group: dict[int, list[datetime]] = {}
    for need in unconfirmed_fulfils((now or utcnow()) - timedelta(days=1)):
        by_group.setdefault(need.claimed_by_group_id, []).append(need.fulfilled_at)
    flagged = {group_id: len(times) for group_id, times in by_group.items() if _has_burst(times)}
    if not flagged:
        return []
    groups = db.session.scalars(select(AidGroup).where(AidGroup.id.in_(flagged)).order_by(AidGroup.name))
    return sorted(((group, flagged[group.id]) for group in groups), key=lambda pair: -pair[1])


def reopen_fulfils(actor: User, group: AidGroup, now: datetime | None = None) -> list[Need]:
    """A coordinator reopens every need `group` called met in the last day that no visit confirmed (a burst)."""
    reopened = [reopen(need, actor) for need in unconfirmed_fulfils((now or utcnow()) - timedelta(days=1), group.id)]
    audit.record(actor, "fulfils_reopened", group,
                 {"count": len(reopened), "need_ids": [need.id for need in reopened]})
    return reopened


def groups_giving_back(limits: ClaimLimits, now: datetime | None = None) -> list[tuple[AidGroup, int]]:
    """Groups that gave back at least the daily limit of this operation's claims in the last day: coordinators
    should call (what they gave back in other operations is not this operation's to see)."""
    since = (now or utcnow()) - timedelta(days=1)
    counts = (select(ClaimReturn.group_id, func.count().label("returned")).join(Need, Need.id == ClaimReturn.need_id)
              .where(Need.operation_id == scope.current_id(), ClaimReturn.returned_at > since)
              .group_by(ClaimReturn.group_id).having(func.count() >= limits.returns_per_day).subquery())
    return [(group, returned) for group, returned in db.session.execute(
        select(AidGroup, counts.c.returned).join(counts, counts.c.group_id == AidGroup.id)
        .order_by(counts.c.returned.desc(), AidGroup.name))]


def _given_back(need: Need, group_id: int, reason: str, now: datetime | None = None) -> None:
    """Remember that a group gave a claim back unfulfilled."""
    db.session.add(ClaimReturn(need_id=need.id, group_id=group_id, reason=reason, returned_at=now or utcnow()))


def _check_holder(need: Need, actor: User) -> None:
    """Aid members act only on their own group's claims; coordinators on any."""
    if actor.role != "coordinator" and (need.status != "claimed" or need.claimed_by_group_id != actor.aid_group_id):
        if need.status == "claimed":
            raise Conflict("Another group has claimed this need.", {"status": "claimed by another group"})
        raise Conflict(f"This need is {need.status}; claim it first.", {"status": need.status})


def release(need: Need, actor: User) -> Need:
    """Give a claimed need back to the open list: the group loses its hint (kept for the next group)."""
    _refuse_if_archived()
    _check_holder(need, actor)
    if need.status != "claimed":
        raise Conflict(f"This need is {need.status}, not claimed.", {"status": need.status})
    group_id = need.claimed_by_group_id
    _apply(need, actor, "need_released", {"status": "open", **NO_CLAIM}, {"group_id": group_id})
    if actor.role == "aid":  # a coordinator taking a claim back is no sign of harvesting
        _given_back(need, group_id, "released")
    return need


def fulfill(need: Need, actor: User, now: datetime | None = None) -> Need:
    """The group says the need is met; the group is kept for the record, and the hint for coordinators
    until a visit confirms it (or it is closed): if nothing was delivered, the next group needs it."""
    _refuse_if_archived()
    _check_holder(need, actor)
    if need.status not in LIVE_NEED_STATUSES:
        raise Conflict(f"This need is {need.status} already.", {"status": need.status})
    _apply(need, actor, "need_fulfilled",
           {"status": "fulfilled", "fulfilled_at": now or utcnow(), "claim_expires_at": None},
           {"group_id": need.claimed_by_group_id})
    _refresh_block(need)
    return need


def _check_fulfilled(need: Need) -> None:
    """Only a need a group called fulfilled can be confirmed or reopened by a visit."""
    if need.status != "fulfilled":
        raise Conflict(f"This need is {need.status}; only fulfilled needs can be confirmed or reopened.",
                       {"status": need.status})


def confirm(need: Need, actor: User, now: datetime | None = None) -> Need:
    """A later visit found the need met."""
    _check_fulfilled(need)
    _apply(need, actor, "need_confirmed", {"status": "confirmed", "confirmed_at": now or utcnow(), "hint": None})
    _refresh_block(need)
    return need


def reopen(need: Need, actor: User) -> Need:
    """A later visit (or a coordinator) found the need still there: open again for any group, the hint kept;
    the group that called it met gave it back unmet."""
    _check_fulfilled(need)
    group_id = need.claimed_by_group_id
    _apply(need, actor, "need_reopened", {"status": "open", "fulfilled_at": None, **NO_CLAIM},
           {"group_id": group_id})
    if group_id is not None:
        _given_back(need, group_id, "reopened")
    _refresh_block(need)
    return need


def close(need: Need, actor: User, reason: str, duplicate_of: Need | None = None,
          now: datetime | None = None) -> Need:
    """A coordinator closes a withdrawn need, or merges a duplicate into the need it repeats."""
    _refuse_if_archived()
    if reason not in CLOSE_REASONS:
        raise Invalid(f"A need is closed as {' or '.join(CLOSE_REASONS)}.", {"reason": "unknown"})
    if need.status == "closed":
        raise Conflict("This need is closed already.", {"status": "closed"})
    values = {"status": "closed", "closed_at": now or utcnow(), "hint": None, "claim_expires_at": None}
    detail = {"reason": reason}
    if reason == "duplicate":
        _check_duplicate_target(need, duplicate_of)
        _merge_into(duplicate_of, need)
        values["duplicate_of_id"] = duplicate_of.id
        detail["duplicate_of"] = duplicate_of.id
    _apply(need, actor, "need_closed", values, detail)
    _refresh_block(need)
    return need


def _check_duplicate_target(need: Need, target: Need | None) -> None:
    """A duplicate points at another live need of the same category (so no chains or loops)."""
    if target is None:
        raise Invalid("Say which need this one duplicates.", {"duplicate_of": "required"})
    if target.id == need.id:
        raise Invalid("A need cannot duplicate itself.", {"duplicate_of": "same need"})
    if target.status == "closed":
        raise Invalid("That need is closed; merge into a need that is still live.", {"duplicate_of": "closed"})
    if target.category != need.category:
        raise Invalid("Only needs of the same category can be merged.", {"duplicate_of": "other category"})


def _merge_into(target: Need, duplicate: Need) -> None:
    """The kept need takes the larger head count and the more pressing urgency."""
    target.people = max(target.people, duplicate.people)
    target.urgency = min(target.urgency, duplicate.urgency, key=URGENCY_ORDER.__getitem__)


def expire_claims(now: datetime | None = None) -> int:
    """Reopen every claim of this operation past its expiry; returns how many. Safe to run on every server at once."""
    now = now or utcnow()
    stale = db.session.scalars(select(Need).where(Need.operation_id == scope.current_id(), Need.status == "claimed",
                                                  Need.claim_expires_at <= now)).all()
    expired = 0
    for need in stale:
        # The same claim as read: another server may have expired or renewed it meanwhile.
        result = db.session.execute(
            update(Need).where(Need.id == need.id, Need.operation_id == need.operation_id, Need.status == "claimed",
                               Need.claimed_by_group_id == need.claimed_by_group_id,
                               Need.claim_expires_at == need.claim_expires_at)
            .values(status="open", **NO_CLAIM).execution_options(synchronize_session=False))
        if result.rowcount == 1:
            expired += 1
            audit.record(None, "need_claim_expired", need,
                         {"from": "claimed", "to": "open", "group_id": need.claimed_by_group_id})
            _given_back(need, need.claimed_by_group_id, "expired", now)
    for need in stale:
        db.session.expire(need)
    return expired


def forget_old_returns(limits: ClaimLimits, now: datetime | None = None) -> int:
    """Delete given-back claims no rule reads any more (older than a week or the reclaim hours); returns how many."""
    kept = max(CLAIM_RETURNS_KEPT, timedelta(hours=limits.reclaim_hours))
    return db.session.execute(delete(ClaimReturn).where(ClaimReturn.returned_at < (now or utcnow()) - kept)
                              .execution_options(synchronize_session=False)).rowcount
