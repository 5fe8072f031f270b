"""What the coordinator's dashboard shows of texts: help calls from unknown numbers, what came by text, and
how the texts of each message to pairs fared (per pair)."""
from sqlalchemy import select

from ... import scope
from ...extensions import db
from ...models import Alert, Block, Message, SmsLog, SmsOutgoing, Team, Visit

SHOWN = 20


def unmatched_help() -> list[SmsLog]:
    """Help calls texted from numbers nobody registered, newest first (last four digits and scrubbed words)."""
    return list(db.session.scalars(select(SmsLog).where(
        SmsLog.operation_id == scope.current_id(), SmsLog.result == "unmatched", SmsLog.acknowledged_at.is_(None))
        .order_by(SmsLog.received_at.desc()).limit(SHOWN)))


def taken_by_text() -> list[dict]:
    """The latest help calls, check-ins and visits that came by text: kind, pair, block and when."""
    rows = db.session.execute(
        select(SmsLog.kind, SmsLog.received_at, SmsLog.note, Team.name, Block.code)
        .outerjoin(Alert, Alert.id == SmsLog.alert_id).outerjoin(Visit, Visit.id == SmsLog.visit_id)
        .outerjoin(Team, Team.id.in_([Alert.team_id, Visit.team_id]))
        .outerjoin(Block, Block.id.in_([Alert.block_id, Visit.block_id]))
        .where(SmsLog.operation_id == scope.current_id(), SmsLog.result == "stored")
        .order_by(SmsLog.received_at.desc()).limit(SHOWN))
    return [{"kind": kind, "at": at, "note": note, "pair": pair, "block": code}
            for kind, at, note, pair, code in rows]


def message_texts() -> list[dict]:
    """For the latest messages that were texted, each pair's texts by status ({"delivered": 2})."""
    rows = db.session.execute(
        select(Message.id, Message.text, Message.sent_at, Team.name, SmsOutgoing.status)
        .join(SmsOutgoing, SmsOutgoing.message_id == Message.id).join(Team, Team.id == SmsOutgoing.team_id)
        .where(Message.operation_id == scope.current_id())
        .order_by(Message.sent_at.desc(), Team.name)).all()
    found: dict[int, dict] = {}
    for message_id, text, sent_at, pair, status in rows:
        if message_id not in found and len(found) == SHOWN:
            break
        message = found.setdefault(message_id, {"text": text, "sent_at": sent_at, "pairs": {}})
        counts = message["pairs"].setdefault(pair, {})
        counts[status] = counts.get(status, 0) + 1
    return list(found.values())
