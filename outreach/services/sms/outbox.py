"""Texts to send: a coordinator's message to pairs, texted to each member with a number, one row a member.

A row is offered to the gateway at every poll until the gateway reports a status for it; cht-gateway
never sends the same id twice, so offering again cannot send twice. A FAILED text is tried again under
a new id until SMS_MAX_ATTEMPTS; then it stays failed. The statuses show per pair on the dashboard.
"""
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ... import scope
from ...extensions import db
from ...models import Message, SmsOutgoing, Team, User, utcnow
from . import grammar

# How far a text has come, in order: a late or repeated status never moves one back.
PROGRESS = ("queued", "offered", "pending", "sent", "delivered")
WAITING = ("queued", "offered")
MAX_OFFER = 50  # texts handed to the gateway in one answer


def queue_message(message: Message) -> int:
    """Queue the message as a text to every member of its pairs who has a number; returns how many."""
    team_ids = [recipient.team_id for recipient in message.recipients]
    if not team_ids:
        return 0
    members = db.session.execute(select(Team.id, User.id).join(Team.members).where(
        Team.id.in_(team_ids), Team.operation_id == scope.current_id(), User.sms_phone.is_not(None),
        User.active.is_(True))).all()
    content = f"Staging: {message.text}"
    for team_id, user_id in members:
        db.session.add(SmsOutgoing(gateway_uuid=str(uuid.uuid4()), message_id=message.id, team_id=team_id,
                                   user_id=user_id, content=content))
    return len(members)


@dataclass
class Outgoing:
    """One text for the gateway to send, as its protocol says: id, to, content."""

    id: str
    to: str
    content: str


def offer() -> list[Outgoing]:
    """The operation's texts waiting for the gateway (to numbers still registered), marked offered."""
    rows = db.session.execute(select(SmsOutgoing, User.sms_phone).join(User, User.id == SmsOutgoing.user_id).where(
        SmsOutgoing.operation_id == scope.current_id(), SmsOutgoing.status.in_(WAITING))
        .order_by(SmsOutgoing.id).limit(MAX_OFFER)).all()
    now = utcnow()
    offered = []
    for row, number in rows:
        if number is None:  # the volunteer took their number off since
            row.status, row.reason, row.updated_at = "failed", "no number", now
            continue
        row.status, row.offered_at = "offered", now
        offered.append(Outgoing(row.gateway_uuid, number, row.content))
    return offered


def update(gateway_uuid: str, status: str, reason: str | None) -> bool:
    """Take one status update from the gateway; False when the id is none of ours (or an earlier attempt's)."""
    row = db.session.scalar(select(SmsOutgoing).where(SmsOutgoing.operation_id == scope.current_id(),
                                                      SmsOutgoing.gateway_uuid == gateway_uuid))
    if row is None:
        return False
    status = status.lower()
    now = utcnow()
    if status == "failed":
        _failed(row, grammar.gsm7(reason or "")[:200] or None)
    elif row.status in PROGRESS and PROGRESS.index(status) > PROGRESS.index(row.status):
        row.status = status
    row.updated_at = now
    return True


def _failed(row: SmsOutgoing, reason: str | None) -> None:
    """A failed attempt: try again under a new id, unless the attempts are spent (then it stays failed)."""
    if row.status in ("failed", "delivered"):
        return
    row.attempts += 1
    row.reason = reason
    if row.attempts < current_app.config["SMS_MAX_ATTEMPTS"]:
        row.gateway_uuid, row.status = str(uuid.uuid4()), "queued"
    else:
        row.status = "failed"


def statuses_by_message(message_ids: list[int]) -> dict[int, dict[int, dict[str, int]]]:
    """For each message, for each pair, how many of its texts are in each status (for the dashboard)."""
    found: dict[int, dict[int, dict[str, int]]] = {}
    if not message_ids:
        return found
    for message_id, team_id, status in db.session.execute(select(
            SmsOutgoing.message_id, SmsOutgoing.team_id, SmsOutgoing.status).where(
            SmsOutgoing.operation_id == scope.current_id(), SmsOutgoing.message_id.in_(message_ids))):
        counts = found.setdefault(message_id, {}).setdefault(team_id, {})
        counts[status] = counts.get(status, 0) + 1
    return found
