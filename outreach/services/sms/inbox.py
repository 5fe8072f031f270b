"""Texts a gateway phone received: each parsed, carried out once through the same services as the data
path (alerts, visits), logged without its words, and answered.

Exactly once: the SMS log's unique keys take a gateway's message id once and a sender's #REF once, in
the same transaction as the visit or alert, so two polls carrying the same text at once store it once
(the loser's insert fails and it answers with the winner's reply). A #REF is the first six characters
of the client_id the phone's outbox gave the item: the item made here gets a client_id starting with
it, and when the phone later syncs the item over data, api/sms.py recognises it (`synced_item`).
"""
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from ... import scope
from ...database import Prepared
from ...errors import DomainError
from ...extensions import db
from ...models import Alert, Assignment, Block, SmsGateway, SmsLog, User, Visit, role_in, utcnow
from ..fieldwork import visits
from ..people.teams import active_team_of
from ..privacy import TextTooLong, scrub
from ..privacy.digests import keyed_hash
from ..safety import alerts
from . import grammar, phones

UNKNOWN_SENDER = "This number is not registered with Outreach. Ask your coordinator to add it."
UNKNOWN_HELP = ("Help call passed to staging, without your name: this number is not registered. "
                "If a life is at risk call 911.")


@dataclass
class Incoming:
    """A text as the gateway gave it (id, from, content, and when it was sent in ms since the epoch)."""

    id: str
    sender: str
    content: str
    sms_sent: int | None = None


@dataclass
class Reply:
    """The text to send back: its id (the same for the same incoming text, so a gateway sends it once)."""

    id: str
    to: str
    content: str


def reply_id(gateway: SmsGateway, message_id: str) -> str:
    """The id of the reply to one incoming text: derived from it, so answering it again sends nothing new."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"outreach-sms:{gateway.id}:{message_id}"))


def receive(gateway: SmsGateway, text: Incoming) -> Reply:
    """Carry out one received text (at most once) and answer it."""
    earlier = _logged(gateway, text.id)
    if earlier is None:
        try:
            with db.session.begin_nested():
                earlier = _carry_out(gateway, text)
        except IntegrityError:  # the same text in another poll at once, or the same #REF: the other won
            earlier = _logged(gateway, text.id) or _again(gateway, text)
    return Reply(reply_id(gateway, text.id), text.sender, grammar.gsm7(earlier.reply))


def _logged(gateway: SmsGateway, message_id: str) -> SmsLog | None:
    """The log row of a text already taken from this gateway."""
    return db.session.scalar(select(SmsLog).where(SmsLog.gateway_id == gateway.id, SmsLog.message_id == message_id))


def _carry_out(gateway: SmsGateway, text: Incoming) -> SmsLog:
    """Parse the text, act on it, and log what it became (flushed, so the unique keys are checked now)."""
    log = _log(gateway, text)
    try:
        command = grammar.parse(text.content)
    except grammar.Refused as refused:
        return _logged_as(log, refused.kind, "refused", refused.reply)
    user = phones.sender(text.sender)
    if user is None or role_in(user.id, scope.current_id()) != "volunteer":
        return _unknown(log, command, text)
    log.user_id = user.id
    if command.kind == "codes":
        return _logged_as(log, "codes", "answered", grammar.codes_card())
    if command.ref is not None:
        done = _already(user, command.ref)
        if done is not None:
            return _logged_as(log, command.kind, "replayed", f"Already stored #{command.ref}. Thank you.")
    try:
        with db.session.begin_nested():
            reply = _act(log, command, user, _sent_at(text))
            log.ref = command.ref
            return _logged_as(log, command.kind, "stored", reply)
    except DomainError as error:
        return _logged_as(log, command.kind, "refused", _refusal(error, command))


def _log(gateway: SmsGateway, text: Incoming) -> SmsLog:
    """The log row of a text: keyed hashes of its number and its words, never the words."""
    secret = current_app.config["SECRET_KEY"]
    return SmsLog(gateway_id=gateway.id, message_id=text.id, number_hash=keyed_hash(secret, text.sender),
                  text_hash=keyed_hash(secret, _whole(text.content)), sms_sent_at=_sent_at(text), kind="invalid",
                  result="refused", reply="")


def _whole(text: str) -> str:
    """The text with any lone surrogate (half an emoji) kept as its code, so it can be hashed."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def _logged_as(log: SmsLog, kind: str, result: str, reply: str) -> SmsLog:
    """Finish and store the log row."""
    log.kind, log.result, log.reply = kind, result, grammar.gsm7(reply)
    db.session.add(log)
    db.session.flush()
    return log


def _again(gateway: SmsGateway, text: Incoming) -> SmsLog:
    """The same #REF came in another text at the same moment: log this one as a replay."""
    with db.session.begin_nested():
        command = grammar.parse(text.content)
        log = _log(gateway, text)
        log.user_id = getattr(phones.sender(text.sender), "id", None)
        return _logged_as(log, command.kind, "replayed", f"Already stored #{command.ref}. Thank you.")


def _unknown(log: SmsLog, command: grammar.Command, text: Incoming) -> SmsLog:
    """A number that is no volunteer's here: nothing stored, but a help call reaches the dashboard."""
    if command.kind != "help":
        return _logged_as(log, command.kind, "unknown", UNKNOWN_SENDER)
    log.last_four = phones.last_four(text.sender)
    log.note = _scrubbed(" ".join(command.rest)) or None
    return _logged_as(log, "help", "unmatched", UNKNOWN_HELP)


def _scrubbed(words: str) -> str:
    """Free words after HELP as the dashboard may show them: scrubbed of personal details."""
    try:
        return scrub(words).text
    except TextTooLong:
        return ""


def _already(user: User, ref: str) -> str | None:
    """Whether the sender's item with this #REF was stored, by text or over data."""
    by_text = db.session.scalar(select(SmsLog.id).where(SmsLog.operation_id == scope.current_id(),
                                                        SmsLog.user_id == user.id, SmsLog.ref == ref))
    if by_text is not None:
        return "text"
    for model in (Alert, Visit):
        found = db.session.scalar(select(model.id).where(model.operation_id == scope.current_id(),
                                                         model.user_id == user.id,
                                                         model.client_id.startswith(ref, autoescape=True)).limit(1))
        if found is not None:
            return "data"
    return None


def _sent_at(text: Incoming) -> datetime:
    """When the pair sent the text (the gateway says, in ms), never later than now."""
    now = utcnow()
    if text.sms_sent is None:
        return now
    try:
        return min(datetime.fromtimestamp(text.sms_sent / 1000, UTC), now)
    except (OverflowError, OSError, ValueError):
        return now


def client_id(ref: str | None) -> str:
    """A client_id for an item made by text: starting with the #REF when the phone gave one."""
    made = str(uuid.uuid4())
    return made if ref is None else ref + made[len(ref):]


def _act(log: SmsLog, command: grammar.Command, user: User, sent_at: datetime) -> str:
    """Store the help call, check-in or visit through its service; the reply says what was stored."""
    tag = f" #{command.ref}" if command.ref else ""
    if command.kind == "visit":
        block = _own_block(command.block, user)
        data = {"client_id": client_id(command.ref), "block_id": block.id, "visited_at": sent_at.isoformat(),
                "outcome": command.outcome,
                "needs": [{"category": category, "urgency": urgency} for category, urgency in command.needs]}
        result = visits.record_visit(data, visits.author_for(user))
        log.visit_id = result.visit_id
        return f"Visit stored: {block.code} {command.outcome}, {len(command.needs)} need(s){tag}. Thank you."
    block, words = _help_block(command.rest) if command.kind == "help" else (None, [])
    data = {"client_id": client_id(command.ref), "kind": command.kind, "sent_at": sent_at.isoformat(),
            "block_id": getattr(block, "id", None)}
    alert, _status = alerts.record_alert(data, user)
    log.alert_id = alert.id
    if command.kind == "ok":
        return f"OK received{tag}: your check-in is noted. Stay safe."
    log.note = _scrubbed(" ".join(words)) or None
    where = f" at {block.code}" if block else ""
    return f"Help call received{where}{tag}. Staging has it. Stay where it is safe. If a life is at risk call 911."


class NotYours(DomainError):
    """A block code that is not one of the sender's pair's blocks in this operation."""


def _find_block(tokens: list[str]) -> Block | None:
    """The operation's block these tokens name, however the code was typed (case, hyphens, spaces, zeros)."""
    keys = grammar.block_keys(" ".join(tokens))
    if not keys:
        return None
    first = min(keys)[:1]  # every code starts with its neighborhood's letters: look only at those blocks
    candidates = db.session.scalars(select(Block).where(Block.operation_id == scope.current_id(),
                                                        Block.code.ilike(f"{first}%", escape="\\")))
    return next((block for block in candidates if keys & grammar.block_keys(block.code)), None)


def _own_block(tokens: list[str], user: User) -> Block:
    """The block of a texted visit: it must be one the sender's pair holds now."""
    block = _find_block(tokens)
    team = active_team_of(user)
    held = block is not None and team is not None and db.session.scalar(
        select(Assignment.id).where(Assignment.operation_id == scope.current_id(), Assignment.block_id == block.id,
                                    Assignment.team_id == team.id, Assignment.released_at.is_(None))) is not None
    if not held:
        raise NotYours(f"Block {' '.join(tokens).upper()} is not one of your pair's blocks. Nothing stored. "
                       f"Check the code on your list.")
    return block


def _help_block(tokens: list[str]) -> tuple[Block | None, list[str]]:
    """The block a help call names first (any block of the operation: help may come from anywhere), and the
    words after it."""
    for size in range(min(grammar.MAX_BLOCK_TOKENS, len(tokens)), 0, -1):
        block = _find_block(tokens[:size])
        if block is not None:
            return block, tokens[size:]
    return None, tokens


def _refusal(error: DomainError, command: grammar.Command) -> str:
    """The reply to a text the services refused: why, and the right form."""
    if isinstance(error, NotYours):
        return error.message
    if error.code == "operation_closed":
        return "This operation is closed: nothing stored. Ask staging."
    form = grammar.FORMS_BY_KIND[command.kind]
    return f"Not stored: {error.message[:60]} Send: {form.usage}"


_LOG = SmsLog.__table__
# A single visit or alert from the phone's outbox asks this once: prepared, as the intake path's statements are.
SYNCED_REF = Prepared(select(_LOG.c.alert_id, _LOG.c.visit_id).where(
    _LOG.c.operation_id == bindparam("operation_id"), _LOG.c.user_id == bindparam("user_id"),
    _LOG.c.ref == bindparam("ref")))
# A batch first asks whether its sender ever stored anything by text (most never do): one cheap look-up.
ANY_REF = Prepared(select(_LOG.c.id).where(
    _LOG.c.operation_id == bindparam("operation_id"), _LOG.c.user_id == bindparam("user_id"),
    _LOG.c.ref.is_not(None)).limit(1))
# Then, only if so, once for all its client_ids' REFs (Core on the request's connection: no ORM rows needed).
SYNCED_REFS = select(_LOG.c.ref, _LOG.c.alert_id, _LOG.c.visit_id).where(
    _LOG.c.operation_id == bindparam("operation_id"), _LOG.c.user_id == bindparam("user_id"),
    _LOG.c.ref.in_(bindparam("refs", expanding=True)))


def synced_item(user_id: int, ref: str) -> tuple[str, int] | None:
    """The item this sender made by text under this REF, if any: ("alert" or "visit", its id)."""
    rows = SYNCED_REF.rows(db.session.connection(), {"operation_id": scope.current_id(), "user_id": user_id,
                                                     "ref": ref})
    if not rows:
        return None
    alert_id, visit_id = rows[0]
    return ("alert", alert_id) if alert_id is not None else ("visit", visit_id)


def texted_anything(user_id: int) -> bool:
    """Whether this sender ever stored something by text in this operation (a batch asks before reading REFs)."""
    return bool(ANY_REF.rows(db.session.connection(), {"operation_id": scope.current_id(), "user_id": user_id}))


def synced_items(user_id: int, refs: set[str]) -> dict[str, tuple[str, int]]:
    """The items this sender made by text under these REFs (the first characters of client_ids synced over
    data): REF -> ("alert" or "visit", its id)."""
    rows = db.session.connection().execute(SYNCED_REFS, {"operation_id": scope.current_id(), "user_id": user_id,
                                                         "refs": sorted(refs)})
    return {ref: ("alert", alert_id) if alert_id is not None else ("visit", visit_id)
            for ref, alert_id, visit_id in rows}
