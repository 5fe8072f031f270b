"""Messages from the staging area to pairs in the field ("storm cell coming, come back to staging").

A message goes to chosen pairs, the pairs working in a neighborhood, or every
active pair. Each pair acknowledges it for itself; a pair never sees a message
that was not sent to it. The text is written by a coordinator, not about a
resident, so it is not scrubbed of PII; it is stripped of control and
formatting characters (a right-to-left override could make a banner lie) and
escaped wherever it is shown.

Messages, and the pairs they go to, are of the operation being worked in
(DESIGN section 7): another operation's message or pair is unknown here.
"""
import unicodedata
from typing import Annotated

from flask_babel import gettext as _
from msgspec import Meta, Struct
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ... import scope
from ...errors import Invalid, NotFound
from ...extensions import db
from ...models import Assignment, Block, Message, MessageRecipient, Team, User, utcnow
from ...parsers import Id, free_text
from ..operation import audit
from ..people.teams import active_team_of
from ..sms import outbox

# A banner on a small phone: a few lines, read at a glance.
MAX_TEXT = 500
MAX_TEAMS = 1000
LIST_LIMIT = 100
KEPT_CONTROLS = {"\n"}


class MessageIn(Struct, forbid_unknown_fields=True):
    """A message as a coordinator sends it from the API (DESIGN.md section 5)."""

    text: free_text(MAX_TEXT, min_length=1)
    team_ids: Annotated[list[Id], Meta(min_length=1, max_length=MAX_TEAMS,
                                       description="absent or null: every active pair")] | None = None


def clean_text(value: str) -> str:
    """The message text without control or formatting characters; Invalid when empty or too long."""
    text = "".join(char for char in value.replace("\r\n", "\n")
                   if char in KEPT_CONTROLS or unicodedata.category(char) not in ("Cc", "Cf")).strip()
    if not text:
        raise Invalid(_("Write the message first."), {"text": _("required")})
    if len(text) > MAX_TEXT:
        raise Invalid(_("Keep a message under %(limit)d characters: it has to fit on a phone.", limit=MAX_TEXT),
                      {"text": _("is longer than %(limit)d characters", limit=MAX_TEXT)})
    return text


def active_team_ids() -> list[int]:
    """Every active pair of the operation."""
    return list(db.session.scalars(select(Team.id).where(Team.operation_id == scope.current_id(),
                                                         Team.active.is_(True)).order_by(Team.id)))


def teams_in_neighborhood(neighborhood_id: int) -> list[int]:
    """The active pairs with a block of this neighborhood assigned now."""
    return list(db.session.scalars(
        select(Team.id).distinct().join(Assignment, Assignment.team_id == Team.id)
        .join(Block, Block.id == Assignment.block_id)
        .where(Team.operation_id == scope.current_id(), Block.neighborhood_id == neighborhood_id,
               Assignment.released_at.is_(None), Team.active.is_(True))
        .order_by(Team.id)))


def _recipients(team_ids: list[int] | None) -> list[int]:
    """Check the addressed pairs are active (None means every active pair)."""
    if team_ids is None:
        chosen = active_team_ids()
        if not chosen:
            raise Invalid(_("There is no active pair to send to."), {"team_ids": _("no active pair")})
        return chosen
    chosen = sorted(set(team_ids))
    known = set(db.session.scalars(select(Team.id).where(Team.operation_id == scope.current_id(), Team.id.in_(chosen),
                                                         Team.active.is_(True))))
    unknown = [team_id for team_id in chosen if team_id not in known]
    if unknown:
        raise Invalid(_("Some of these pairs do not exist or are dissolved."),
                      {"team_ids": _("unknown or dissolved: %(ids)s", ids=", ".join(map(str, unknown)))})
    return chosen


def send_message(actor: User, text: str, team_ids: list[int] | None = None) -> Message:
    """Send a message to the pairs `team_ids` (None: every active pair)."""
    message = Message(text=clean_text(text), sent_by_id=actor.id, sent_at=utcnow())
    chosen = _recipients(team_ids)
    message.recipients = [MessageRecipient(team_id=team_id) for team_id in chosen]
    db.session.add(message)
    db.session.flush()
    outbox.queue_message(message)  # also texted to members with a number (DESIGN section 9)
    audit.record(actor, "message_sent", message, {"team_ids": chosen})
    return message


def messages_for(user: User) -> list[tuple[Message, MessageRecipient]]:
    """The messages sent to the volunteer's pair, newest first, each with the pair's acknowledgement."""
    team = active_team_of(user)
    if team is None:
        return []
    rows = db.session.execute(
        select(Message, MessageRecipient).join(MessageRecipient)
        .where(Message.operation_id == scope.current_id(), MessageRecipient.team_id == team.id)
        .order_by(Message.sent_at.desc(), Message.id.desc())
        .limit(LIST_LIMIT))
    return [(message, recipient) for message, recipient in rows]


def all_messages(limit: int = LIST_LIMIT) -> list[Message]:
    """Every message, newest first, with its pairs and their acknowledgements."""
    return list(db.session.scalars(
        select(Message).options(selectinload(Message.recipients).selectinload(MessageRecipient.team))
        .where(Message.operation_id == scope.current_id())
        .order_by(Message.sent_at.desc(), Message.id.desc()).limit(limit)))


def read_summary(limit: int) -> list[dict]:
    """The latest messages with how many of their pairs have read each and the names of those that have not.

    Three light queries, not one object per pair and message: a message to 300 pairs is 300 rows.
    """
    latest = db.session.execute(select(Message.id, Message.text, Message.sent_at)
                                .where(Message.operation_id == scope.current_id())
                                .order_by(Message.sent_at.desc(), Message.id.desc()).limit(limit)).all()
    ids = [row.id for row in latest]
    counts = {row.message_id: row for row in db.session.execute(
        select(MessageRecipient.message_id, func.count().label("total"),
               func.count(MessageRecipient.acknowledged_at).label("read"))
        .where(MessageRecipient.message_id.in_(ids)).group_by(MessageRecipient.message_id))}
    unread: dict[int, list[str]] = {message_id: [] for message_id in ids}
    for message_id, name in db.session.execute(
            select(MessageRecipient.message_id, Team.name).join(Team)
            .where(MessageRecipient.message_id.in_(ids), MessageRecipient.acknowledged_at.is_(None))
            .order_by(Team.name, Team.id)):
        unread[message_id].append(name)
    return [{"id": row.id, "text": row.text, "sent_at": _when(row.sent_at), "total": counts[row.id].total,
             "read": counts[row.id].read, "unread": unread[row.id]} for row in latest]


def acknowledge(user: User, message_id: int) -> tuple[Message, MessageRecipient]:
    """The volunteer's pair has read the message; again changes nothing. NotFound unless sent to the pair."""
    team = active_team_of(user)
    recipient = db.session.get(MessageRecipient, (message_id, team.id)) if team else None
    message = db.session.get(Message, message_id) if recipient else None
    if message is None or message.operation_id != scope.current_id():
        raise NotFound(_("There is no message %(id)s for your pair.", id=message_id))
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = utcnow()
        recipient.acknowledged_by_id = user.id
        audit.record(user, "message_acknowledged", message, {"team_id": team.id})
    return message, recipient


def _when(moment) -> str | None:
    """An optional time as ISO 8601."""
    return moment.isoformat() if moment else None


def pair_message_json(message: Message, recipient: MessageRecipient) -> dict:
    """A message as a pair sees it: only its own pair, and its own acknowledgement."""
    return {"id": message.id, "text": message.text, "sent_at": message.sent_at.isoformat(),
            "team_ids": [recipient.team_id], "acknowledged_at": _when(recipient.acknowledged_at)}


def message_json(message: Message) -> dict:
    """A message as a coordinator sees it: every pair, who has and has not acknowledged.

    `acknowledged_at` is when the last pair acknowledged, empty while any pair has not.
    """
    times = [recipient.acknowledged_at for recipient in message.recipients]
    return {
        "id": message.id, "text": message.text, "sent_at": message.sent_at.isoformat(),
        "team_ids": [recipient.team_id for recipient in message.recipients],
        "acknowledged_at": _when(max(times)) if times and all(times) else None,
        "acknowledgements": [{"team_id": recipient.team_id, "team_name": recipient.team.name,
                              "acknowledged_at": _when(recipient.acknowledged_at)}
                             for recipient in message.recipients],
    }
