"""A pair's safety signals: `help` (we need help now) and `ok` (the check-in rhythm's "all OK").

An alert is idempotent by `client_id`, like a visit (DESIGN.md section 5): the
phone queues it first and sends it until it is answered, so the same alert may
arrive many times. New -> 201, the same content again -> 200 with the stored
alert (carrying `acknowledged_at`, so the phone learns the coordinator has it),
other content under a stored client_id -> 409.

A help call is never refused for want of a pair: a volunteer whose pair was
dissolved while the alert waited on the phone is still heard (team_id empty).
"""
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import Alert, Block, Team, User, utcnow
from ..vocab import ALERT_KINDS
from . import audit, shifts
from .teams import active_team_of

# One rule for a phone's timestamps; the request parsers of issue 15 may take it over.
from .visits import phone_time

FIELDS = ("client_id", "kind", "block_id", "sent_at")
LIST_LIMIT = 200


@dataclass(frozen=True)
class CleanAlert:
    """A validated alert as the phone described it."""

    client_id: str
    kind: str
    block_id: int | None
    sent_at: datetime


def validate(data) -> CleanAlert:
    """Check an alert's fields; raise Invalid naming every bad one."""
    if not isinstance(data, dict):
        raise Invalid(_("An alert must be a JSON object."), {"alert": _("not an object")})
    errors = {str(key): _("unknown field") for key in data if key not in FIELDS}
    client_id = _uuid(data.get("client_id"), errors)
    kind = data.get("kind")
    if kind not in ALERT_KINDS:
        errors["kind"] = _("must be one of: %(slugs)s", slugs=", ".join(ALERT_KINDS))
    block_id = _block_id(data.get("block_id"), errors)
    sent_at = _sent_at(data.get("sent_at"), errors)
    if errors:
        raise Invalid(_("Some fields of this alert need fixing."), errors)
    return CleanAlert(client_id=client_id, kind=kind, block_id=block_id, sent_at=sent_at)


def _uuid(value, errors: dict) -> str | None:
    """The client_id: a UUID in its 36-character form, lower-cased."""
    try:
        if isinstance(value, str) and len(value) == 36:
            return str(uuid.UUID(value))
    except ValueError:
        pass
    errors["client_id"] = _("must be a UUID such as 0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11")
    return None


def _block_id(value, errors: dict) -> int | None:
    """An optional block that exists (help may come from any block, not only the pair's)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2**31 - 1 \
            or db.session.get(Block, value) is None:
        errors["block_id"] = _("unknown block")
        return None
    return value


def _sent_at(value, errors: dict) -> datetime | None:
    """When the phone raised the alert, by the same rule as a visit's time (ISO 8601 with an offset, not ahead)."""
    if value is None:
        errors["sent_at"] = _("required")
        return None
    try:
        return phone_time(value, "sent_at")
    except Invalid as wrong:
        errors.update(wrong.fields)
        return None


def find(client_id: str) -> Alert | None:
    """The stored alert with this client_id, if any."""
    return db.session.scalar(select(Alert).where(Alert.client_id == client_id))


def record_alert(data, user: User) -> tuple[Alert, int]:
    """Store a volunteer's alert once; answers it with 201 (new) or 200 (replay). Raises Invalid or Conflict."""
    clean = validate(data)
    stored = find(clean.client_id)
    if stored is not None:
        return _replay(stored, clean, user), 200
    team = active_team_of(user)
    alert = Alert(client_id=clean.client_id, kind=clean.kind, team_id=getattr(team, "id", None), user_id=user.id,
                  block_id=clean.block_id, sent_at=clean.sent_at)
    try:
        with db.session.begin_nested():
            db.session.add(alert)
    except IntegrityError:
        # Two deliveries of one alert raced; the other one stored it first.
        return _replay(find(clean.client_id), clean, user), 200
    if clean.kind == "ok":
        shifts.record_ok(user, team, clean.sent_at)
    else:
        audit.record(user, "help_alert_received", alert, {"team_id": alert.team_id, "block_id": alert.block_id})
    return alert, 201


def _replay(stored: Alert, clean: CleanAlert, user: User) -> Alert:
    """The stored alert when `clean` is the same alert again; Conflict when the client_id holds another."""
    same = (stored.user_id == user.id and stored.kind == clean.kind and stored.block_id == clean.block_id
            and stored.sent_at == clean.sent_at)
    if not same:
        raise Conflict(_("This client_id was already used for a different alert."),
                       {"client_id": _("already used")})
    return stored


def get_alert(alert_id: int) -> Alert:
    """The alert, or NotFound."""
    alert = db.session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(_("There is no alert %(id)s.", id=alert_id))
    return alert


def list_alerts(*, open_only: bool = False, team: Team | None = None, user: User | None = None) -> list[Alert]:
    """Alerts, newest first: all of them, or of one pair (or, outside a pair, one sender)."""
    query = select(Alert).order_by(Alert.received_at.desc(), Alert.id.desc()).limit(LIST_LIMIT)
    if open_only:
        query = query.where(Alert.kind == "help", Alert.acknowledged_at.is_(None))
    if team is not None:
        query = query.where(Alert.team_id == team.id)
    elif user is not None:
        query = query.where(Alert.user_id == user.id)
    return list(db.session.scalars(query))


def open_help_alerts() -> list[Alert]:
    """Help calls nobody has acknowledged yet, oldest first (the longest wait is the most urgent)."""
    return list(db.session.scalars(
        select(Alert).options(selectinload(Alert.team).selectinload(Team.members), selectinload(Alert.block),
                              selectinload(Alert.user))
        .where(Alert.kind == "help", Alert.acknowledged_at.is_(None)).order_by(Alert.received_at, Alert.id)))


def acknowledge(actor: User, alert_id: int) -> Alert:
    """The coordinator has the alert in hand; acknowledging again changes nothing."""
    alert = get_alert(alert_id)
    if alert.acknowledged_at is None:
        alert.acknowledged_at = utcnow()
        alert.acknowledged_by_id = actor.id
        audit.record(actor, "alert_acknowledged", alert, {"kind": alert.kind, "team_id": alert.team_id})
    return alert


def alert_json(alert: Alert) -> dict:
    """An alert as DESIGN.md section 5 lists it."""
    return {
        "id": alert.id, "client_id": alert.client_id, "kind": alert.kind, "team_id": alert.team_id,
        "user_id": alert.user_id, "block_id": alert.block_id, "sent_at": alert.sent_at.isoformat(),
        "received_at": alert.received_at.isoformat(),
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
    }
