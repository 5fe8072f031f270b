"""Visits from phones: checked against one declared contract, scrubbed, stored exactly once.

A visit records what happened on a block, never who lives where (DESIGN.md
sections 2 and 5). The rules here are the contract every phone, the paper-log
entry and the intake benchmark go through:

- The contract is declared once, as the msgspec Structs `VisitIn` and `NeedIn`:
  they validate (msgspec decodes and checks in C) and they produce the VISIT
  schema of /api/v1/openapi.json. Unknown fields are refused; fields that look
  like a name, an address, a contact or a position are refused with a message
  saying why.
- Structure first, scrubbing last: ids, slugs, sizes and the block are checked
  for every item before any note is scrubbed, and one request scrubs at most
  TEXT_BUDGET characters; items beyond it are answered 413 (send again later).
- `client_id` makes a post idempotent: new -> 201, the same content again ->
  200 with the stored visit, other content under a stored client_id -> 409.
  A replay is the sender's or their pair's only: anyone else gets 409 with
  nothing of the stored visit (not even its id).
  The check is the insert itself (INSERT ... ON CONFLICT DO NOTHING RETURNING),
  so two servers racing on one client_id store it once.
- "The same content" is judged by two keyed hashes (BLAKE2b with a key derived
  from SECRET_KEY; HMAC-SHA256 for visits stored before): one of the counts and
  categories, one of the free text.
  Erasing a note or a hint clears the text hash, so nothing stored still
  encodes the erased words; a replay is then judged by what is left.
- A visit on a block that is not the pair's is accepted and marked
  `outside_assignment` (pairs help each other; the coordinator sees it).
  "The pair's" means assigned to the pair now or when the visit happened, so a
  visit queued offline while an assignment ended still counts as the pair's.
"""
import hashlib
import hmac
import operator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Literal

import msgspec
from flask import current_app
from flask_babel import gettext as _
from msgspec import Meta, Struct
from sqlalchemy import and_, bindparam, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from ... import scope
from ...database import Prepared
from ...errors import Conflict, DomainError, Forbidden, Invalid, TooLarge
from ...extensions import db
from ...models import Assignment, Block, Hazard, Need, Team, User, Visit, in_utc, utc_isoformat, utcnow
from ...parsers import explain, free_text
from ...parsers import printable as _printable
from ...security import MAX_ID
from ...vocab import ECPR, NEED_CATEGORIES, NEED_URGENCIES, REACTIONS, REFERRALS, RISKS, VISIT_OUTCOMES
from .. import privacy
from ..areas.blocks import by_ids, refresh_after_visits
from ..people.tokens import Caller, caller_of

MAX_BATCH = 500
# A household, or a shelter hall at most; beyond this a count is a typo.
MAX_PEOPLE = 500
MAX_NEEDS = 20
MAX_NOTES = 2000
MAX_HINT = 200
# Scrubbing is the costliest step per character: one request scrubs at most this many characters of
# notes and hints (100 full-length notes, or 500 visits with 400-character notes); the rest wait.
TEXT_BUDGET = 200_000
# Phones' clocks drift; a visit "from the future" within this margin is accepted.
CLOCK_SKEW = timedelta(minutes=15)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
# The purpose label of the content-hash key: the same SECRET_KEY derives unrelated keys for other uses.
HASH_PURPOSE = b"outreach.visit-content-hash.v1"

COUNTS = ("adults", "children", "older_adults")
SLUG_LISTS = {"risks": RISKS, "reactions": REACTIONS, "ecpr": ECPR, "referrals": REFERRALS}
CHOICES: dict[str, dict[frozenset, tuple]] = {name: {} for name in SLUG_LISTS}  # filled by _in_order
FLAGS = ("safety_concern", "follow_up")
# The values structure_hash reads after the time and outcome, in the order hashed (stored hashes depend on it).
HASHED_FIELDS = operator.itemgetter(*COUNTS, *SLUG_LISTS, *FLAGS)
# Keys a phone might send that would carry a resident's identity or position: refused by name.
PII_FIELDS = {
    "name", "names", "first_name", "last_name", "full_name", "resident", "resident_name",
    "address", "street", "street_address", "house_number", "unit", "zip", "postcode",
    "phone", "phone_number", "telephone", "email", "dob", "birth_date", "date_of_birth", "age",
    "ssn", "id_number", "lat", "lon", "lng", "latitude", "longitude", "location", "coords",
    "coordinates", "gps", "position", "geometry", "point", "accuracy",
}

# The hot path's statements, built once: constructing a select costs more Python than running it.
_VISIT, _BLOCK, _ASSIGNMENT = Visit.__table__, Block.__table__, Assignment.__table__
# Each block of the operation with its status, hazard flag and the sender's pair's assignment windows on it
# (one row per window); another operation's block is not found, exactly like a missing one.
_HAZARD = Hazard.__table__
_WARNED = exists().where(_HAZARD.c.block_id == _BLOCK.c.id, _HAZARD.c.cleared_at.is_(None))
_BLOCKS = (select(_BLOCK.c.id, _BLOCK.c.status, _WARNED, _ASSIGNMENT.c.assigned_at,
                  _ASSIGNMENT.c.released_at)
           .select_from(_BLOCK.outerjoin(_ASSIGNMENT, and_(_ASSIGNMENT.c.block_id == _BLOCK.c.id,
                                                           _ASSIGNMENT.c.team_id == bindparam("team_id"))))
           .where(_BLOCK.c.operation_id == bindparam("operation_id")))
BLOCKS = _BLOCKS.where(_BLOCK.c.id.in_(bindparam("ids", expanding=True)))
# A single post names one block (blocks.by_ids).
ONE_BLOCK = Prepared(_BLOCKS.where(_BLOCK.c.id == bindparam("id")))
# client_id is unique across operations: a stored one is found wherever it is, and its operation told.
STORED_HASHES = select(_VISIT.c.client_id, _VISIT.c.id, _VISIT.c.content_hash, _VISIT.c.text_hash,
                       _VISIT.c.user_id, _VISIT.c.team_id, _VISIT.c.operation_id).where(
    _VISIT.c.client_id.in_(bindparam("client_ids", expanding=True)))
# The columns a CleanVisit's `values` give (check() fills them); _insert adds the others.
VALUE_KEYS = ("visited_at", "outcome", "adults", "children", "older_adults", "risks", "reactions", "ecpr", "referrals",
              "safety_concern", "follow_up", "notes")
# The columns a visit row gives: every one that has a Python-side default, so none is left to SQLAlchemy. Not
# safety_resolved_at, which has none and starts NULL: pysqlite binds a None through its adapter lookup, about
# 3,000 instructions a row.
VISIT_KEYS = ("operation_id", "client_id", "content_hash", "text_hash", "block_id", "team_id", "user_id", "received_at",
              "outside_assignment", *VALUE_KEYS)
# Rows are matched by client_id afterwards, so RETURNING's order is free; many rows go in one statement.
INSERT_VISITS = {dialect.__name__.rsplit(".", 1)[-1]: Prepared(
    dialect.insert(_VISIT).on_conflict_do_nothing(index_elements=["client_id"])
    .returning(_VISIT.c.client_id, _VISIT.c.id), keys=VISIT_KEYS) for dialect in (sqlite, postgresql)}
_NEED = Need.__table__
NEED_KEYS = ("operation_id", "visit_id", "block_id", "category", "urgency", "people", "hint", "status", "created_at")
INSERT_NEEDS = Prepared(_NEED.insert().returning(_NEED.c.visit_id, _NEED.c.id), keys=NEED_KEYS)

# ------------------------------------------------------------------ contract

Count = Annotated[int, Meta(ge=0, le=MAX_PEOPLE, description="absent or null means 0")]


class NeedIn(Struct, forbid_unknown_fields=True):
    """A need met at the door."""

    category: Literal[NEED_CATEGORIES]
    urgency: Literal[NEED_URGENCIES]
    people: Annotated[int, Meta(ge=1, le=MAX_PEOPLE, description="absent or null means 1")] | None = 1
    consented_hint: free_text(MAX_HINT) | None = None


class VisitIn(Struct, forbid_unknown_fields=True):
    """A visit as a phone sends it (DESIGN.md section 5)."""

    client_id: Annotated[str, Meta(pattern=UUID_PATTERN, description="a UUID made on the phone")]
    block_id: Annotated[int, Meta(ge=1, le=MAX_ID)]
    visited_at: Annotated[datetime, Meta(tz=True)]
    outcome: Literal[VISIT_OUTCOMES]
    adults: Count | None = 0
    children: Count | None = 0
    older_adults: Count | None = 0
    risks: list[Literal[RISKS]] = []
    reactions: list[Literal[REACTIONS]] = []
    ecpr: list[Literal[ECPR]] = []
    referrals: list[Literal[REFERRALS]] = []
    safety_concern: bool = False
    follow_up: bool = False
    notes: free_text(MAX_NOTES) | None = None
    needs: Annotated[list[NeedIn], Meta(max_length=MAX_NEEDS)] = []


class BatchIn(Struct, forbid_unknown_fields=True):
    """A phone's outbox, or part of it (an unknown field sends the batch the slow, explained way)."""

    visits: Annotated[list[VisitIn], Meta(max_length=MAX_BATCH)]


def decode_visit(body: bytes) -> VisitIn | None:
    """Decode and check one visit in a single pass; None when it is not simply valid (explained later)."""
    try:
        return msgspec.json.decode(body, type=VisitIn)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None


def decode_batch(body: bytes) -> list[VisitIn] | None:
    """Decode and check a whole batch in a single pass; None unless every item is simply valid."""
    try:
        return msgspec.json.decode(body, type=BatchIn).visits
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None


@dataclass
class CleanVisit:
    """A checked visit on its way to storage: values, needs, then scrubbed text and hashes."""

    client_id: str
    block_id: int
    values: dict
    needs: list[dict]
    redactions: dict = field(default_factory=dict)
    content_hash: str = ""
    text_hash: str = ""

    def redacted_texts(self) -> dict:
        """Each scrubbed field that lost personal details, as stored (the phone shows it beside what was typed)."""
        texts = {}
        for name in self.redactions:
            if name == "notes":
                texts[name] = self.values["notes"]
            else:  # "needs[i].consented_hint"
                texts[name] = self.needs[int(name[name.index("[") + 1:name.index("]")])]["consented_hint"]
        return texts

    def text_size(self) -> int:
        """Characters of free text to scrub."""
        size = len(self.values["notes"] or "")
        for need in self.needs:
            size += len(need["consented_hint"] or "")
        return size


@dataclass
class Author:
    """Who sends visits, and the pair they are credited to (None for a coordinator without one)."""

    user_id: int
    team_id: int | None


@dataclass
class Result:
    """What became of one visit: 201 stored, 200 replay, 409 conflict, 413 later, 422 invalid."""

    status: int
    client_id: str | None
    visit_id: int | None = None
    redactions: dict = field(default_factory=dict)
    stored: dict = field(default_factory=dict)  # each redacted field's text as stored, for the phone to show
    error: DomainError | None = None
    answer: dict | None = None  # a 201's stored visit, built from the values just stored

    def as_json(self, index: int) -> dict:
        """The per-item answer of a batch."""
        answer = {"index": index, "client_id": self.client_id, "status": self.status}
        if self.visit_id is not None:
            answer["id"] = self.visit_id
        if self.redactions:
            answer["redactions"] = self.redactions
            answer["stored"] = self.stored
        if self.error is not None:
            answer["error"] = {"code": self.error.code, "message": self.error.message,
                               "fields": self.error.fields}
        return answer


# ---------------------------------------------------------------- validation

def validate(data) -> CleanVisit:
    """Check, scrub and hash one visit as DESIGN.md section 5 describes it; raise Invalid naming every bad field."""
    clean = check(data)
    scrub(clean)
    return clean


def check(data, latest: datetime | None = None) -> CleanVisit:
    """The structure of one visit (a decoded VisitIn, or JSON to check against it), not yet scrubbed;
    `latest` is the latest plausible visit time (now plus clock skew: a batch reads the clock once)."""
    if not isinstance(data, VisitIn):
        try:
            data = msgspec.convert(data, VisitIn)
        except (msgspec.ValidationError, UnicodeEncodeError):  # the latter: half an emoji in a slug
            raise Invalid(_("Some fields of this visit need fixing."),
                          explain(data, VisitIn, unknown=_unknown_field, name="visit")) from None
    errors = _rules(data, latest or utcnow() + CLOCK_SKEW)
    if errors:
        raise Invalid(_("Some fields of this visit need fixing."), errors)
    values = {
        "visited_at": in_utc(data.visited_at), "outcome": data.outcome,
        "adults": data.adults or 0, "children": data.children or 0, "older_adults": data.older_adults or 0,
        # An empty list is the shared empty tuple without a call (most lists of most visits are empty).
        "risks": _in_order(data.risks, "risks") if data.risks else (),
        "reactions": _in_order(data.reactions, "reactions") if data.reactions else (),
        "ecpr": _in_order(data.ecpr, "ecpr") if data.ecpr else (),
        "referrals": _in_order(data.referrals, "referrals") if data.referrals else (),
        "safety_concern": data.safety_concern, "follow_up": data.follow_up, "notes": data.notes,
    }
    needs = [{"category": need.category, "urgency": need.urgency, "people": need.people or 1,
              "consented_hint": need.consented_hint} for need in data.needs] if data.needs else []
    return CleanVisit(data.client_id.lower(), data.block_id, values, needs)  # positional: a third cheaper


def _rules(data: VisitIn, latest: datetime) -> dict[str, str]:
    """What a type cannot say: the time is plausible, and text fits its limit as it will be stored (whole
    characters in text: the contract's free_text)."""
    errors = {}
    if data.visited_at > latest:
        errors["visited_at"] = _("is in the future; check the phone's clock")
    elif data.visited_at < EARLIEST:
        errors["visited_at"] = _("is too far in the past")
    if data.notes is not None and not fits_once_normalised(data.notes, MAX_NOTES):
        errors["notes"] = _longer_than(MAX_NOTES)
    for index, need in enumerate(data.needs):
        if need.consented_hint is not None and not fits_once_normalised(need.consented_hint, MAX_HINT):
            errors[f"needs[{index}].consented_hint"] = _longer_than(MAX_HINT)
    return errors


def _longer_than(limit: int) -> str:
    """The message for a text over `limit` characters once normalised."""
    return _("is longer than %(limit)d characters once its letters are written out in full; please shorten it",
             limit=limit)


def fits_once_normalised(text: str, limit: int) -> bool:
    """Whether `text` is at most `limit` characters as the scrubber normalises it before it is stored.

    Normalising can make a text longer (one Devanagari "qa" is two characters in NFC and NFKC, one
    ligature is many), so the limit the contract checked on the text as sent is checked again on what
    will be stored. ASCII never grows (normalising only shortens runs of spaces): no need to look.
    """
    return text.isascii() or len(privacy.normalise(text)) <= limit


def _in_order(slugs: list, name: str) -> tuple:
    """The slugs (at least one) of list `name` de-duplicated, in the vocabulary's order: one shared tuple per
    distinct choice, so a batch's equal choices are one object, which Prepared encodes for storage once."""
    choices = CHOICES[name]
    chosen = frozenset(slugs)
    ordered = choices.get(chosen)
    if ordered is None:  # msgspec let only the vocabulary's slugs through: at most 2^n choices a list
        ordered = choices[chosen] = tuple(slug for slug in SLUG_LISTS[name] if slug in chosen)
    return ordered


def _unknown_field(key) -> str:
    """Unknown keys are refused; PII-like keys say plainly why."""
    if str(key).lower() in PII_FIELDS:
        return _("Visits never carry names, addresses, contact details or positions: remove this field.")
    return _("unknown field")


# ------------------------------------------------------- scrubbing, hashing

def scrub(clean: CleanVisit, key: bytes | None = None, seen: "SeenText | None" = None) -> None:
    """Scrub the notes and hints of a checked visit (what was taken out goes to `redactions`), then hash it
    with `key` (hash_key(), which a batch looks up once); `seen` holds what the request already scrubbed."""
    seen = seen or SeenText()
    values, redactions = clean.values, clean.redactions
    if values["notes"] is not None:
        values["notes"] = _scrubbed(values["notes"], "notes", redactions, seen)
    hints = []
    for index, need in enumerate(clean.needs):
        if need["consented_hint"] is not None:
            need["consented_hint"] = _scrubbed(need["consented_hint"], f"needs[{index}].consented_hint", redactions,
                                               seen)
        hints.append(need["consented_hint"])
    key = key or hash_key()
    clean.content_hash = structure_hash(key, clean.client_id, clean.block_id, values, clean.needs)
    clean.text_hash = seen.text_hash(key, values["notes"], hints)


@dataclass
class SeenText:
    """What one request has scrubbed and hashed, by text: a phone's outbox repeats its short notes, and the
    scrubber and the hash give one text one answer, so each distinct text is scrubbed and hashed once. Held
    only for the request, so no raw note outlives it."""

    scrubbed: dict[str, privacy.Scrubbed] = field(default_factory=dict)
    hashes: dict[tuple, str] = field(default_factory=dict)

    def scrub(self, text: str) -> privacy.Scrubbed:
        """privacy.scrub(text), once per distinct text."""
        found = self.scrubbed.get(text)
        if found is None:
            found = self.scrubbed[text] = privacy.scrub(text)
        return found

    def text_hash(self, key: bytes, notes: str | None, hints: list[str | None]) -> str:
        """text_hash(key, notes, hints), once per distinct key and text."""
        seen = (key, notes, *hints)
        found = self.hashes.get(seen)
        if found is None:
            found = self.hashes[seen] = text_hash(key, notes, hints)
        return found


def _scrubbed(text: str, name: str, redactions: dict, seen: SeenText) -> str | None:
    """Free text without PII; None when nothing is left."""
    scrubbed = seen.scrub(text.strip())
    if scrubbed.redactions:
        redactions[name] = dict(scrubbed.redactions)  # each item's own counts, though the text repeats
    return scrubbed.text or None


def hash_key(secret: str | bytes | None = None) -> bytes:
    """The content hashes' key: derived from SECRET_KEY (or `secret`) under its own purpose label."""
    if secret is None:
        cached = current_app.extensions.get("visit_hash_key")
        if cached is not None:
            return cached
        key = hash_key(current_app.config["SECRET_KEY"])
        current_app.extensions["visit_hash_key"] = key
        return key
    return hmac.new(secret.encode() if isinstance(secret, str) else secret, HASH_PURPOSE, hashlib.sha256).digest()


def keyed_hash(key: bytes, message: bytes) -> str:
    """Keyed BLAKE2b of `message`, in hex: a MAC by design (hashlib's own stand-in for HMAC), in half the
    instructions of HMAC-SHA256 on messages this short, where OpenSSL's set-up outweighs the hashing."""
    state = _keyed_state(key).copy()
    state.update(message)
    return state.hexdigest()


@lru_cache(maxsize=8)
def _keyed_state(key: bytes):
    """BLAKE2b with `key` absorbed and nothing else: a copy of it hashes a message without compressing the key's
    block again (a fifth of a short message's instructions)."""
    return hashlib.blake2b(key=key, digest_size=32)


def hmac_sha256(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 of `message`, in hex: the keyed hash of visits stored before keyed_hash replaced it."""
    return hmac.digest(key, message, "sha256").hex()


def structure_hash(key: bytes, client_id: str, block_id: int, values: dict, needs: list[dict],
                   mac=keyed_hash) -> str:
    """Keyed hash of everything but the free text: counts, categories, flags, time, block and needs.

    The time is hashed in UTC, so the same moment sent with another offset is the same visit.
    """
    canonical = [client_id, block_id, utc_isoformat(values["visited_at"]), values["outcome"],
                 *HASHED_FIELDS(values), [[need["category"], need["urgency"], need["people"]] for need in needs]]
    return mac(key, msgspec.json.encode(canonical))


def text_hash(key: bytes, notes: str | None, hints: list[str | None], mac=keyed_hash) -> str:
    """Keyed hash of the scrubbed free text (notes and hints): cleared when that text is erased.

    Hashing the scrubbed text, not the raw one, keeps any derivative of a phone
    number out of the database; keying it keeps an erased note from being
    confirmed by guessing. Two posts that differ only in redacted PII count as
    the same visit, which loses nothing.
    """
    if notes is None and hints.count(None) == len(hints):
        return _no_text_hash(key, len(hints), mac)
    return mac(key, msgspec.json.encode([notes, hints]))


@lru_cache(maxsize=8)
def _no_text_hash(key: bytes, needs: int, mac) -> str:
    """text_hash of a visit without notes or hints (most are): the same for every such visit."""
    return mac(key, msgspec.json.encode([None, [None] * needs]))


def forget_text(visit_ids) -> None:
    """A visit's note or a need's hint was erased: drop the hash that still encoded it.

    `visit_ids` is a list of ids or a select of them. A replay of such a visit is then
    judged by its counts and categories alone.
    """
    db.session.execute(update(Visit).where(Visit.id.in_(visit_ids), Visit.operation_id == scope.current_id())
                       .values(text_hash=None)
                       .execution_options(synchronize_session=False))


# ------------------------------------------------------------------- storage

def author_for(user: User | Caller, team: Team | None = None) -> Author:
    """Who is credited: `team` when given, else the sender's pair. `user` is an account or an API Caller
    (whose token lookup brought the pair; an account's pair costs one query).

    A volunteer whose pair was disbanded while visits waited on the phone is
    credited to that last pair, so the visits are not lost; a volunteer who was
    never in a pair is refused (nobody goes out alone).
    """
    if team is not None:
        return Author(user_id=user.id, team_id=team.id)
    caller = user if isinstance(user, Caller) else caller_of(user)  # an API caller brought its pair along
    team_id, active = caller.team_id, caller.team_active
    if user.role == "coordinator":
        return Author(user_id=user.id, team_id=team_id if active else None)
    if team_id is None:
        raise Forbidden(_("You are not in a pair yet, so visits cannot be recorded for you. "
                          "Ask your coordinator to pair you; visits on your phone stay saved there."),
                        code="not_in_pair")
    return Author(user_id=user.id, team_id=team_id)


def record_visit(data, author: Author) -> Result:
    """Check and store one visit; raises Invalid, Conflict or Forbidden like the API answers.

    A 201's `answer` is the stored visit, built from the values just stored.
    """
    result = record_batch([data], author, answers=True)[0]
    if result.error is not None:
        raise result.error
    return result


def record_batch(items: list, author: Author, *, answers: bool = False,
                 text_budget: int = TEXT_BUDGET) -> list[Result]:
    """Check and store many visits, each on its own: one bad item spoils no other.

    Structure first (every item's fields, then its block, in one query), scrubbing
    last and only for items that passed, within `text_budget` characters. Everything
    happens in the operation being worked in (the request's: no query to know it); a
    closed one takes only visits made before its close (DESIGN section 7).
    """
    results: list[Result | None] = [None] * len(items)
    cleans: dict[int, CleanVisit] = {}
    latest = utcnow() + CLOCK_SKEW
    operation = scope.current()
    is_open = operation.is_open
    for index, item in enumerate(items):
        try:
            clean = check(item, latest)
            if not is_open:
                scope.refuse_if_closed(made_at=clean.values["visited_at"])
            cleans[index] = clean
        except Invalid as error:
            results[index] = Result(422, _client_id_of(item), error=error)
        except Conflict as error:
            results[index] = Result(409, clean.client_id, error=error)
    connection = db.session.connection()  # the request's transaction, fetched once for every statement
    blocks, windows = _blocks(connection, {clean.block_id for clean in cleans.values()}, author.team_id,
                              operation.id)
    for index, clean in list(cleans.items()):
        if clean.block_id not in blocks:
            error = Invalid(_("There is no block %(id)s.", id=clean.block_id), {"block_id": _("no such block")})
            results[index] = Result(422, clean.client_id, error=error)
            del cleans[index]
    key, seen = hash_key(), SeenText()
    for index, clean in list(cleans.items()):
        text_budget -= clean.text_size()
        if text_budget < 0:
            results[index] = Result(413, clean.client_id, error=_over_budget())
            del cleans[index]
        else:
            scrub(clean, key, seen)
    if cleans:
        results_of = _store(connection, cleans, author, operation.id, blocks, windows, answers)
        for index, result in results_of.items():
            results[index] = result
    return results


def _over_budget() -> TooLarge:
    """The request carried more text than one request may scrub: this item waits for the next."""
    return TooLarge(_("This batch carried more note text than one request may; this visit was not stored, "
                      "send it again in a later request."), {"notes": _("over this request's text budget")})


def _client_id_of(item) -> str | None:
    """The client_id of an item as sent, to label its answer."""
    value = item.client_id if isinstance(item, VisitIn) else item.get("client_id") if isinstance(item, dict) else None
    return _printable(value) if isinstance(value, str) else None


def _blocks(connection, ids: set[int], team_id: int | None,
            operation_id: int) -> tuple[dict[int, tuple[str, bool]], dict[int, list]]:
    """For the blocks of the operation among `ids`: (status, hazard flagged) by id, and the pair's assignment
    windows (start, end) by id; one query, no polygons decoded."""
    blocks: dict[int, tuple[str, bool]] = {}
    windows: dict[int, list[tuple]] = {}
    if not ids:
        return blocks, windows
    rows = by_ids(connection, ONE_BLOCK, BLOCKS, list(ids), team_id=team_id, operation_id=operation_id)
    for block_id, status, hazard, start, end in rows:
        blocks[block_id] = (status, bool(hazard))
        if start is not None:
            windows.setdefault(block_id, []).append((start, end))
    return blocks, windows


def _store(connection, cleans: dict[int, CleanVisit], author: Author, operation_id: int, blocks: dict,
           windows: dict, answers: bool) -> dict[int, Result]:
    """Insert the new visits; a client_id already stored (before, or by a racing server) is a replay."""
    firsts: dict[str, CleanVisit] = {}
    for clean in cleans.values():
        firsts.setdefault(clean.client_id, clean)  # a repeat later in this batch is judged against the first
    now = utcnow()
    outside = _outside_assignment(firsts.values(), windows, author.team_id)
    inserted = _insert(connection, list(firsts.values()), author, operation_id, outside, now)
    stored = _stored_hashes(connection, [client_id for client_id in firsts if client_id not in inserted])
    need_ids = _insert_needs(connection, [clean for clean in firsts.values() if clean.client_id in inserted], inserted,
                             operation_id, returning=answers)
    results = {}
    for index, clean in cleans.items():
        first = firsts[clean.client_id]
        if clean is first and clean.client_id in inserted:
            visit_id = inserted[clean.client_id]
            answer = stored_json(clean, visit_id, need_ids.get(visit_id, []), author, now,
                                 clean.client_id in outside) if answers else None
            results[index] = Result(201, clean.client_id, visit_id, clean.redactions,  # positional: cheaper
                                    clean.redacted_texts() if clean.redactions else {}, None, answer)
        elif clean.client_id in inserted:
            results[index] = _replay(clean, inserted[clean.client_id], first.content_hash, first.text_hash)
        else:
            visit_id, structure, text, user_id, team_id, stored_in = stored[clean.client_id]
            results[index] = (_replay(clean, visit_id, structure, text)
                              if stored_in == operation_id and _sent_by(author, user_id, team_id) else _taken(clean))
    fresh = [firsts[client_id] for client_id in inserted]
    refresh_after_visits(connection, blocks, [(clean.block_id, clean.values["follow_up"], bool(clean.needs))
                                  for clean in fresh])
    return results


def _replay(clean: CleanVisit, visit_id: int, structure: str, text: str | None) -> Result:
    """200 for the same content again, 409 for other content; erased text (no hash) is not compared."""
    if _same_content(clean, structure, text):
        return Result(200, clean.client_id, visit_id, clean.redactions)
    error = Conflict(_("A different visit was already stored with this client_id; nothing was changed."),
                     {"client_id": _("already used for another visit")})
    return Result(409, clean.client_id, visit_id, error=error)


def _sent_by(author: Author, user_id: int | None, team_id: int | None) -> bool:
    """Whether a stored visit is the author's own or their pair's: only then may a replay see it."""
    return user_id == author.user_id or (author.team_id is not None and team_id == author.team_id)


def _taken(clean: CleanVisit) -> Result:
    """409 for a client_id someone outside the sender's pair stored, or stored in another operation: nothing
    of that visit is answered."""
    error = Conflict(_("This client_id belongs to a visit someone else sent; nothing was stored."),
                     {"client_id": _("already used by another sender")})
    return Result(409, clean.client_id, error=error)


def _same_content(clean: CleanVisit, structure: str, text: str | None) -> bool:
    """Whether a stored visit's hashes are those of `clean`: keyed_hash, or hmac_sha256 for a visit stored
    before keyed_hash (its phone may still replay it); the latter is computed only when the former differs."""
    if structure == clean.content_hash:
        return text is None or text == clean.text_hash
    key = hash_key()
    if structure != structure_hash(key, clean.client_id, clean.block_id, clean.values, clean.needs, hmac_sha256):
        return False
    hints = [need["consented_hint"] for need in clean.needs]
    return text is None or text == text_hash(key, clean.values["notes"], hints, hmac_sha256)


def _stored_hashes(connection, client_ids: list[str]) -> dict[str, tuple]:
    """Map each stored client_id among `client_ids` to its visit id, both hashes, its user, its pair and its
    operation."""
    if not client_ids:
        return {}
    rows = connection.execute(STORED_HASHES, {"client_ids": client_ids})
    return {client_id: tuple(rest) for client_id, *rest in rows}


def _insert(connection, cleans: list[CleanVisit], author: Author, operation_id: int, outside: set,
            now: datetime) -> dict[str, int]:
    """INSERT the visits in one statement; answers client_id -> id for the rows it stored.

    ON CONFLICT DO NOTHING makes the unique client_id the idempotency check: a visit
    stored before, or by another server a moment ago, is skipped (not an error), and
    the caller answers it as a replay. SQLite (3.35+) and PostgreSQL both have it.
    """
    values = [clean.values for clean in cleans]
    columns = {name: [row[name] for row in values] for name in VALUE_KEYS}
    columns.update(client_id=[clean.client_id for clean in cleans], block_id=[clean.block_id for clean in cleans],
                   content_hash=[clean.content_hash for clean in cleans],
                   text_hash=[clean.text_hash for clean in cleans],
                   outside_assignment=[clean.client_id in outside for clean in cleans])
    same = {"operation_id": operation_id, "team_id": author.team_id, "user_id": author.user_id, "received_at": now}
    return dict(INSERT_VISITS[connection.dialect.name].insert_columns(connection, columns, same))


def _insert_needs(connection, cleans: list[CleanVisit], ids: dict[str, int], operation_id: int, *,
                  returning: bool) -> dict[int, list[int]]:
    """INSERT the new visits' needs in one statement; their ids by visit, in the order given, when `returning`
    (a 201's answer): ids grow in insertion order."""
    rows = [{"operation_id": operation_id, "visit_id": ids[clean.client_id], "block_id": clean.block_id,
             "category": need["category"], "urgency": need["urgency"], "people": need["people"],
             "hint": need["consented_hint"], "status": "open", "created_at": clean.values["visited_at"]}
            for clean in cleans for need in clean.needs]
    if not rows:
        return {}
    stored = INSERT_NEEDS.insert_rows(connection, rows)
    if not returning:
        return {}
    found: dict[int, list[int]] = {}
    for visit_id, need_id in sorted(stored):
        found.setdefault(visit_id, []).append(need_id)
    return found


def _outside_assignment(cleans, windows: dict[int, list[tuple]], team_id: int | None) -> set[str]:
    """client_ids of visits on blocks the pair held neither now nor when the visit happened.

    A block the pair holds now takes a visit from any time; only on the others is the visit's
    time compared with the pair's ended assignments.
    """
    if team_id is None:
        return set()
    held_now = {block_id for block_id, spans in windows.items() if any(end is None for _start, end in spans)}
    return {clean.client_id for clean in cleans if clean.block_id not in held_now
            and not any(_held_then(start, end, clean.values["visited_at"])
                        for start, end in windows.get(clean.block_id, []))}


def _held_then(start: datetime, end: datetime, moment: datetime) -> bool:
    """An ended assignment was active when the visit happened (with clock skew)."""
    return start - CLOCK_SKEW <= moment <= end + CLOCK_SKEW


# -------------------------------------------------------------------- reading

def stored_json(clean: CleanVisit, visit_id: int, need_ids: list[int], author: Author, received_at: datetime,
                outside: bool) -> dict:
    """What visit_json would read back for a visit just stored, built from the values stored."""
    values = clean.values
    return {
        "id": visit_id, "client_id": clean.client_id, "block_id": clean.block_id,
        "visited_at": utc_isoformat(values["visited_at"]), "outcome": values["outcome"],
        **{name: values[name] for name in COUNTS}, **{name: values[name] for name in SLUG_LISTS},
        **{name: values[name] for name in FLAGS}, "notes": values["notes"],
        "needs": [{"id": need_id, "category": need["category"], "urgency": need["urgency"], "people": need["people"],
                   "consented_hint": need["consented_hint"], "status": "open"}
                  for need_id, need in zip(need_ids, clean.needs)],
        "team_id": author.team_id, "user_id": author.user_id,
        "received_at": utc_isoformat(received_at), "outside_assignment": outside,
    }


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
    """The operation's stored visits in id order, optionally of one block, a page at a time."""
    query = (select(Visit).options(selectinload(Visit.needs)).where(Visit.operation_id == scope.current_id())
             .order_by(Visit.id))
    if block_id is not None:
        query = query.where(Visit.block_id == block_id)
    if after_id is not None:
        query = query.where(Visit.id > after_id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def get_visit(visit_id: int) -> Visit:
    """One stored visit of the operation with its needs."""
    return db.session.scalars(select(Visit).options(selectinload(Visit.needs)).where(
        Visit.id == visit_id, Visit.operation_id == scope.current_id())).one()


def phone_time(moment: datetime, field: str) -> datetime:
    """A time a phone reports (decoded with its offset, queued offline and sent later), in UTC; Invalid if
    it is ahead of the server beyond clock skew, or before 2000."""
    if moment > utcnow() + CLOCK_SKEW:
        raise Invalid(_("This time is in the future; check the phone's clock."),
                      {field: _("is in the future; check the phone's clock")})
    if moment < EARLIEST:
        raise Invalid(_("This time is too far in the past."), {field: _("is too far in the past")})
    return in_utc(moment)
