"""Visits from phones: validate, scrub, store each exactly once (idempotent by client_id).

A visit records what happened on a block, never who lives where (DESIGN.md
sections 2 and 5). The rules here are the contract every phone, the paper-log
entry and the intake benchmark go through:

- Unknown fields are refused; fields that look like a name, an address, a
  contact or a position are refused with a message saying why.
- Notes and drop-off hints are scrubbed before anything is stored or hashed;
  the redactions go back to the volunteer.
- `client_id` makes a post idempotent: new -> 201, the same content again ->
  200 with the stored visit, other content under a stored client_id -> 409.
- A visit on a block that is not the pair's is accepted and marked
  `outside_assignment` (pairs help each other; the coordinator sees it).
  "The pair's" means assigned to the pair now or when the visit happened, so a
  visit queued offline while an assignment ended still counts as the pair's.
"""
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only, selectinload

from ..errors import Conflict, DomainError, Forbidden, Invalid
from ..extensions import db
from ..models import Assignment, Block, Need, Team, TeamMember, User, Visit, utcnow
from ..vocab import ECPR, NEED_CATEGORIES, NEED_URGENCIES, REACTIONS, REFERRALS, RISKS, VISIT_OUTCOMES
from . import privacy
from .blocks import refresh_statuses
from .teams import active_team_of

MAX_BATCH = 500
# A household, or a shelter hall at most; beyond this a count is a typo.
MAX_PEOPLE = 500
MAX_NEEDS = 20
MAX_NOTES = 2000
MAX_HINT = 200
# Phones' clocks drift; a visit "from the future" within this margin is accepted.
CLOCK_SKEW = timedelta(minutes=15)
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)

COUNTS = ("adults", "children", "older_adults")
SLUG_LISTS = {"risks": RISKS, "reactions": REACTIONS, "ecpr": ECPR, "referrals": REFERRALS}
FLAGS = ("safety_concern", "follow_up")
REQUIRED = ("client_id", "block_id", "visited_at", "outcome")
FIELDS = {*REQUIRED, *COUNTS, *SLUG_LISTS, *FLAGS, "notes", "needs"}
NEED_FIELDS = {"category", "urgency", "people", "consented_hint"}
# Keys a phone might send that would carry a resident's identity or position: refused by name.
PII_FIELDS = {
    "name", "names", "first_name", "last_name", "full_name", "resident", "resident_name",
    "address", "street", "street_address", "house_number", "unit", "zip", "postcode",
    "phone", "phone_number", "telephone", "email", "dob", "birth_date", "date_of_birth", "age",
    "ssn", "id_number", "lat", "lon", "lng", "latitude", "longitude", "location", "coords",
    "coordinates", "gps", "position", "geometry", "point", "accuracy",
}


@dataclass
class CleanVisit:
    """A validated, scrubbed visit ready to store, with its content hash."""

    client_id: str
    block_id: int
    values: dict
    needs: list[dict]
    redactions: dict
    content_hash: str


@dataclass
class Author:
    """Who sends visits, and the pair they are credited to (None for a coordinator without one)."""

    user: User
    team: Team | None


@dataclass
class Result:
    """What became of one visit: 201 stored, 200 replay, 409 conflict, 422 invalid."""

    status: int
    client_id: str | None
    visit_id: int | None = None
    redactions: dict = field(default_factory=dict)
    error: DomainError | None = None

    def as_json(self, index: int) -> dict:
        """The per-item answer of a batch."""
        answer = {"index": index, "client_id": self.client_id, "status": self.status}
        if self.visit_id is not None:
            answer["id"] = self.visit_id
        if self.redactions:
            answer["redactions"] = self.redactions
        if self.error is not None:
            answer["error"] = {"code": self.error.code, "message": self.error.message,
                               "fields": self.error.fields}
        return answer


# ---------------------------------------------------------------- validation

def validate(data) -> CleanVisit:
    """Check a visit as DESIGN.md section 5 describes it; raise Invalid naming every bad field."""
    if not isinstance(data, dict):
        raise Invalid(_("A visit must be a JSON object."), {"visit": _("not an object")})
    errors: dict[str, str] = {}
    _check_keys(data, FIELDS, "", errors)
    for name in REQUIRED:
        if data.get(name) is None:
            errors[name] = _("required")
    values = {
        "client_id": _client_id(data.get("client_id"), errors),
        "block_id": _whole(data.get("block_id"), "block_id", 1, None, errors),
        "visited_at": _moment(data.get("visited_at"), errors),
        "outcome": _slug(data.get("outcome"), VISIT_OUTCOMES, "outcome", errors),
    }
    for name in COUNTS:
        given = data.get(name)
        values[name] = _whole(0 if given is None else given, name, 0, MAX_PEOPLE, errors)  # null means none
    for name, vocabulary in SLUG_LISTS.items():
        values[name] = _slugs(data.get(name, []), vocabulary, name, errors)
    for name in FLAGS:
        values[name] = _flag(data.get(name, False), name, errors)
    redactions: dict[str, dict] = {}
    values["notes"] = _text(data.get("notes"), "notes", MAX_NOTES, errors, redactions)
    needs = _needs(data.get("needs", []), errors, redactions)
    if errors:
        raise Invalid(_("Some fields of this visit need fixing."), errors)
    client_id = values.pop("client_id")
    block_id = values.pop("block_id")
    return CleanVisit(client_id=client_id, block_id=block_id, values=values, needs=needs,
                      redactions=redactions, content_hash=content_hash(client_id, block_id, values, needs))


def content_hash(client_id: str, block_id: int, values: dict, needs: list[dict]) -> str:
    """SHA-256 of the canonical content, after scrubbing.

    Hashing the scrubbed text, not the raw one, keeps any derivative of a
    phone number out of the database (a hash of a known note plus a 10-digit
    number is easy to brute-force). Two posts that differ only in redacted
    PII therefore count as the same visit, which loses nothing.
    """
    canonical = {"client_id": client_id, "block_id": block_id, **values,
                 "visited_at": values["visited_at"].isoformat(), "needs": needs}
    encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _check_keys(data: dict, allowed: set, prefix: str, errors: dict) -> None:
    """Refuse unknown keys, and say plainly why PII-like keys are refused."""
    for key in data:
        if key in allowed:
            continue
        if str(key).lower() in PII_FIELDS:
            errors[prefix + str(key)] = _(
                "Visits never carry names, addresses, contact details or positions: remove this field.")
        else:
            errors[prefix + str(key)] = _("unknown field")


def _client_id(value, errors: dict) -> str | None:
    """A UUID in its usual 36-character form, lower-cased."""
    if value is None:
        return None
    try:
        parsed = uuid.UUID(value) if isinstance(value, str) and len(value) == 36 else None
    except ValueError:
        parsed = None
    if parsed is None:
        errors["client_id"] = _("must be a UUID such as 0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11")
        return None
    return str(parsed)


def _whole(value, name: str, low: int, high: int | None, errors: dict) -> int | None:
    """A whole number within [low, high]."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = _("must be a whole number")
    elif value < low or (high is not None and value > high):
        errors[name] = _("must be between %(low)d and %(high)d", low=low, high=high) if high is not None \
            else _("must be at least %(low)d", low=low)
    else:
        return value
    return None


def _moment(value, errors: dict) -> datetime | None:
    """An ISO 8601 time with a UTC offset, not in the future (beyond clock skew)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        errors["visited_at"] = _("must be an ISO 8601 time with its offset, e.g. 2005-09-14T15:30:00-05:00")
        return None
    if moment > utcnow() + CLOCK_SKEW:
        errors["visited_at"] = _("is in the future; check the phone's clock")
    elif moment < EARLIEST:
        errors["visited_at"] = _("is too far in the past")
    return moment.astimezone(timezone.utc)


def _slug(value, vocabulary: tuple, name: str, errors: dict) -> str | None:
    """One slug of `vocabulary`."""
    if value is None:
        return None
    if value not in vocabulary if isinstance(value, str) else True:
        errors[name] = _("must be one of: %(slugs)s", slugs=", ".join(vocabulary))
        return None
    return value


def _slugs(value, vocabulary: tuple, name: str, errors: dict) -> list:
    """A list of slugs of `vocabulary`, de-duplicated, in the vocabulary's order."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors[name] = _("must be a list of: %(slugs)s", slugs=", ".join(vocabulary))
        return []
    unknown = [item for item in value if item not in vocabulary]
    if unknown:
        errors[name] = _("unknown: %(unknown)s (allowed: %(slugs)s)",
                         unknown=", ".join(unknown), slugs=", ".join(vocabulary))
        return []
    return [slug for slug in vocabulary if slug in value]


def _flag(value, name: str, errors: dict) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        errors[name] = _("must be true or false")
        return False
    return value


def _text(value, name: str, limit: int, errors: dict, redactions: dict) -> str | None:
    """Optional free text, scrubbed of PII; what was taken out is noted in `redactions`."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors[name] = _("must be text")
        return None
    if len(value) > limit:
        errors[name] = _("is longer than %(limit)d characters", limit=limit)
        return None
    scrubbed = privacy.scrub(value.strip())
    if scrubbed.redactions:
        redactions[name] = scrubbed.redactions
    return scrubbed.text or None


def _needs(value, errors: dict, redactions: dict) -> list[dict]:
    """The needs met at the door: category, urgency, people and an optional consented hint."""
    if not isinstance(value, list):
        errors["needs"] = _("must be a list")
        return []
    if len(value) > MAX_NEEDS:
        errors["needs"] = _("at most %(limit)d needs per visit", limit=MAX_NEEDS)
        return []
    needs = []
    for index, item in enumerate(value):
        prefix = f"needs[{index}]."
        if not isinstance(item, dict):
            errors[f"needs[{index}]"] = _("must be an object")
            continue
        mine: dict[str, str] = {}
        _check_keys(item, NEED_FIELDS, prefix, errors)
        need = {
            "category": _slug(item.get("category"), NEED_CATEGORIES, "category", mine),
            "urgency": _slug(item.get("urgency"), NEED_URGENCIES, "urgency", mine),
            "people": _whole(1 if item.get("people") is None else item["people"], "people", 1, MAX_PEOPLE, mine),
            "consented_hint": _text(item.get("consented_hint"), "consented_hint", MAX_HINT, mine, redactions),
        }
        for name in ("category", "urgency"):
            if item.get(name) is None:
                mine[name] = _("required")
        errors.update({prefix + name: message for name, message in mine.items()})
        if "consented_hint" in redactions:
            redactions[prefix + "consented_hint"] = redactions.pop("consented_hint")
        needs.append(need)
    return needs


# ------------------------------------------------------------------- storage

def author_for(user: User, team: Team | None = None) -> Author:
    """Who is credited: `team` when given, else the sender's pair.

    A volunteer whose pair was disbanded while visits waited on the phone is
    credited to that last pair, so the visits are not lost; a volunteer who was
    never in a pair is refused (nobody goes out alone).
    """
    if team is None and user.role != "coordinator":
        team = active_team_of(user) or db.session.scalar(
            select(Team).join(TeamMember).where(TeamMember.user_id == user.id).order_by(Team.id.desc()).limit(1))
        if team is None:
            raise Forbidden(_("You are not in a pair yet, so visits cannot be recorded for you. "
                              "Ask your coordinator to pair you; visits on your phone stay saved there."),
                            code="not_in_pair")
    elif team is None:
        team = active_team_of(user)
    return Author(user=user, team=team)


def record_visit(data, author: Author) -> Result:
    """Validate and store one visit; raises Invalid, Conflict or Forbidden like the API answers."""
    result = record_batch([data], author)[0]
    if result.error is not None:
        raise result.error
    return result


def record_batch(items: list, author: Author) -> list[Result]:
    """Validate and store many visits, each on its own: one bad item spoils no other."""
    results: list[Result | None] = [None] * len(items)
    cleans: dict[int, CleanVisit] = {}
    for index, item in enumerate(items):
        try:
            cleans[index] = validate(item)
        except Invalid as error:
            results[index] = Result(422, _client_id_of(item), error=error)
    if cleans:
        for index, result in _store(cleans, author).items():
            results[index] = result
    return results


def _client_id_of(item) -> str | None:
    """The client_id of an item as sent, to label its answer."""
    value = item.get("client_id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _store(cleans: dict[int, CleanVisit], author: Author) -> dict[int, Result]:
    """Store the new visits in a few statements; answer replays and conflicts from what is stored."""
    ids = {clean.client_id for clean in cleans.values()}
    # Two posts of one client_id may both pass this check; the unique index then stops the
    # second insert and _insert answers it as a replay. Not locking before the check keeps
    # writers from queueing behind each other's reads (SQLite and PostgreSQL alike).
    stored = _stored_hashes(ids)
    # Only what a block's status needs: decoding each block's polygon would cost more than the insert.
    blocks = {block.id: block for block in db.session.scalars(
        select(Block).options(load_only(Block.id, Block.status, Block.hazard_note))
        .where(Block.id.in_({clean.block_id for clean in cleans.values()})))}
    results: dict[int, Result] = {}
    fresh: dict[int, CleanVisit] = {}
    for index, clean in cleans.items():
        if clean.block_id not in blocks:
            error = Invalid(_("There is no block %(id)s.", id=clean.block_id), {"block_id": _("no such block")})
            results[index] = Result(422, clean.client_id, error=error)
        elif clean.client_id in stored:
            results[index] = _replay(clean, *stored[clean.client_id])
        else:
            stored[clean.client_id] = (None, clean.content_hash)  # a repeat later in this batch is a replay
            fresh[index] = clean
    if fresh:
        inserted = _insert(fresh, author)
        for index, clean in cleans.items():
            visit_id, raced_hash = inserted.get(clean.client_id, (None, None))
            if index in fresh:
                results[index] = Result(201, clean.client_id, visit_id, clean.redactions) if raced_hash is None \
                    else _replay(clean, visit_id, raced_hash)
            elif visit_id is not None:
                results[index].visit_id = visit_id  # a repeat within this batch
        refresh_statuses([blocks[clean.block_id] for clean in fresh.values()])
    return results


def _replay(clean: CleanVisit, visit_id: int | None, stored_hash: str) -> Result:
    """200 for the same content again, 409 for other content under a stored client_id."""
    if stored_hash == clean.content_hash:
        return Result(200, clean.client_id, visit_id, clean.redactions)
    error = Conflict(_("A different visit was already stored with this client_id; nothing was changed."),
                     {"client_id": _("already used for another visit")})
    return Result(409, clean.client_id, visit_id, error=error)


def _stored_hashes(client_ids) -> dict[str, tuple[int, str]]:
    """Map each stored client_id among `client_ids` to its visit id and content hash."""
    if not client_ids:
        return {}
    rows = db.session.execute(select(Visit.client_id, Visit.id, Visit.content_hash)
                              .where(Visit.client_id.in_(client_ids)))
    return {client_id: (visit_id, digest) for client_id, visit_id, digest in rows}


def _insert(fresh: dict[int, CleanVisit], author: Author) -> dict[str, tuple[int, str | None]]:
    """Insert visits and their needs with one statement each, in a savepoint.

    Answers client_id -> (visit id, None), or (visit id, stored hash) for a visit that
    another request stored first.

    Should another server have stored one of these client_ids after all (the
    unique index says so), the savepoint is undone and the batch is sent one
    visit at a time, each answered as new or as a replay.
    """
    outside = _outside_assignment(fresh.values(), author.team)
    try:
        with db.session.begin_nested():
            ids = _insert_rows(list(fresh.values()), author, outside)
        return {client_id: (visit_id, None) for client_id, visit_id in ids.items()}
    except IntegrityError:
        return _insert_one_by_one(fresh, author, outside)


def _insert_one_by_one(fresh: dict[int, CleanVisit], author: Author, outside: set) -> dict:
    """The slow path after a race: each visit in its own savepoint; a duplicate is looked up."""
    inserted = {}
    for clean in fresh.values():
        try:
            with db.session.begin_nested():
                ids = _insert_rows([clean], author, outside)
            inserted[clean.client_id] = (ids[clean.client_id], None)
        except IntegrityError:
            inserted[clean.client_id] = _stored_hashes({clean.client_id})[clean.client_id]
    return inserted


def _insert_rows(cleans: list[CleanVisit], author: Author, outside: set) -> dict[str, int]:
    """INSERT the visits (RETURNING their ids), then their needs."""
    now = utcnow()
    rows = [{"client_id": clean.client_id, "content_hash": clean.content_hash, "block_id": clean.block_id,
             "team_id": author.team.id if author.team else None, "user_id": author.user.id,
             "received_at": now, "outside_assignment": clean.client_id in outside, **clean.values}
            for clean in cleans]
    returned = db.session.execute(
        insert(Visit).returning(Visit.client_id, Visit.id), rows)  # matched by client_id: order is free
    ids = dict(returned.all())
    needs = [{"visit_id": ids[clean.client_id], "block_id": clean.block_id, "category": need["category"],
              "urgency": need["urgency"], "people": need["people"], "hint": need["consented_hint"],
              "status": "open", "created_at": clean.values["visited_at"]}
             for clean in cleans for need in clean.needs]
    if needs:
        db.session.execute(insert(Need), needs)
    return ids


def _outside_assignment(cleans, team: Team | None) -> set[str]:
    """client_ids of visits on blocks the pair held neither now nor when the visit happened."""
    cleans = list(cleans)
    if team is None:
        return set()
    windows: dict[int, list[tuple]] = {}
    rows = db.session.execute(select(Assignment.block_id, Assignment.assigned_at, Assignment.released_at).where(
        Assignment.team_id == team.id, Assignment.block_id.in_({clean.block_id for clean in cleans})))
    for block_id, start, end in rows:
        windows.setdefault(block_id, []).append((start, end))
    return {clean.client_id for clean in cleans
            if not any(_held(start, end, clean.values["visited_at"]) for start, end in windows.get(clean.block_id, []))}


def _held(start: datetime, end: datetime | None, moment: datetime) -> bool:
    """The assignment is active now, or was when the visit happened (with clock skew)."""
    return end is None or start - CLOCK_SKEW <= moment <= end + CLOCK_SKEW


# -------------------------------------------------------------------- reading

def visit_json(visit: Visit) -> dict:
    """A stored visit with every field of DESIGN.md section 5, plus its id and how it was filed."""
    return {
        "id": visit.id,
        "client_id": visit.client_id,
        "block_id": visit.block_id,
        "visited_at": visit.visited_at.isoformat(),
        "outcome": visit.outcome,
        **{name: getattr(visit, name) for name in COUNTS},
        **{name: list(getattr(visit, name)) for name in SLUG_LISTS},
        **{name: getattr(visit, name) for name in FLAGS},
        "notes": visit.notes,
        "needs": [{"id": need.id, "category": need.category, "urgency": need.urgency, "people": need.people,
                   "consented_hint": need.hint, "status": need.status} for need in visit.needs],
        "team_id": visit.team_id,
        "user_id": visit.user_id,
        "received_at": visit.received_at.isoformat(),
        "outside_assignment": visit.outside_assignment,
    }


def list_visits(block_id: int | None = None, after_id: int | None = None, limit: int | None = None) -> list[Visit]:
    """Stored visits in id order, optionally of one block, a page at a time."""
    query = select(Visit).options(selectinload(Visit.needs)).order_by(Visit.id)
    if block_id is not None:
        query = query.where(Visit.block_id == block_id)
    if after_id is not None:
        query = query.where(Visit.id > after_id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def get_visit(visit_id: int) -> Visit:
    """One stored visit with its needs."""
    return db.session.scalars(select(Visit).options(selectinload(Visit.needs)).where(Visit.id == visit_id)).one()

