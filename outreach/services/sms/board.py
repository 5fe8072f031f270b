"""What the coordinator's dashboard shows of texts: help calls from unknown numbers, what came by text, and
how the texts of each message to pairs fared (per pair)."""
from flask_babel import gettext as _
from sqlalchemy import select

from ... import scope
from ...errors import NotFound
from ...extensions import db
from ...models import Alert, Block, Message, SmsLog, SmsOutgoing, Team, User, Visit, utcnow
from ..operation import audit

SHOWN = 20


def unmatched_help() -> list[SmsLog]:
    """Help calls texted from numbers nobody registered, newest first (last four digits and scrubbed words)."""
    return list(db.session.scalars(select(SmsLog).where(
        SmsLog.operation_id == scope.current_id(), SmsLog.result == "unmatched", SmsLog.acknowledged_at.is_(None))
        .order_by(SmsLog.received_at.desc()).limit(SHOWN)))


def alerts_by_text(alert_ids: list[int]) -> set[int]:
    """Which of these alerts came by text."""
    if not alert_ids:
        return set()
    return set(db.session.scalars(select(SmsLog.alert_id).where(SmsLog.operation_id == scope.current_id(),
                                                                SmsLog.alert_id.in_(alert_ids))))


def acknowledge_unmatched(actor: User, log_id: int) -> SmsLog:
    """A coordinator has an unregistered number's help call in hand; again changes nothing."""
    log = db.session.get(SmsLog, log_id)
    if log is None or log.operation_id != scope.current_id() or log.result != "unmatched":
        raise NotFound(_("There is no help call by text %(id)s.", id=log_id))
    if log.acknowledged_at is None:
        log.acknowledged_at, log.acknowledged_by_id = utcnow(), actor.id
        audit.record(actor, "alert_acknowledged", log, {"kind": "help", "by_text": True})
    return log


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
