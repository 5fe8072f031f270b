"""A pair's safety signals: `help` (we need help now) and `ok` (the check-in rhythm's "all OK").

An alert is idempotent by `client_id`, like a visit (DESIGN.md section 5): the
phone queues it first and sends it until it is answered, so the same alert may
arrive many times. New -> 201, the same content again -> 200 with the stored
alert (carrying `acknowledged_at`, so the phone learns the coordinator has it),
other content under a stored client_id -> 409.

A help call is never refused for want of a pair: a volunteer whose pair was
dissolved while the alert waited on the phone is still heard (team_id empty).

An alert belongs to the operation it was sent to (DESIGN section 7); every read
here is of the operation being worked in, and another operation's alert is
NotFound. A closed operation still takes an alert the phone made before the
close (its sent_at), and refuses a later one (409 operation_closed).
"""
import uuid
from datetime import datetime
from typing import Annotated, Literal

from flask_babel import gettext as _
from msgspec import Meta, Struct
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ... import scope
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...models import Alert, Block, Team, User, Visit, utcnow
from ...parsers import Id, convert
from ...vocab import ALERT_KINDS
from ..fieldwork.visits import phone_time
from ..operation import audit
from ..people.teams import active_team_of
from . import shifts

LIST_LIMIT = 200


class AlertIn(Struct, forbid_unknown_fields=True):
    """An alert as the phone sends it (DESIGN.md section 5)."""

    client_id: Annotated[uuid.UUID, Meta(description="made on the phone; the alert is idempotent by it")]
    kind: Literal[ALERT_KINDS]
    sent_at: Annotated[datetime, Meta(tz=True, description="when the phone raised it (ISO 8601 with offset)")]
    block_id: Annotated[Id, Meta(description="help may come from any block, not only the pair's")] | None = None


def validate(data) -> AlertIn:
    """An alert (an AlertIn, or JSON to check against it) whose block exists and whose time is plausible."""
    alert = data if isinstance(data, AlertIn) else convert(data, AlertIn)
    block = db.session.get(Block, alert.block_id) if alert.block_id is not None else None
    if alert.block_id is not None and (block is None or block.operation_id != scope.current_id()):
        raise Invalid(_("Some fields of this alert need fixing."), {"block_id": _("unknown block")})
    return AlertIn(client_id=alert.client_id, kind=alert.kind, block_id=alert.block_id,
                   sent_at=phone_time(alert.sent_at, "sent_at"))


def find(client_id: str) -> Alert | None:
    """The stored alert of this operation with this client_id, if any."""
    return db.session.scalar(select(Alert).where(Alert.operation_id == scope.current_id(),
                                                 Alert.client_id == client_id))


def record_alert(data, user: User) -> tuple[Alert, int]:
    """Store a volunteer's alert once; answers it with 201 (new) or 200 (replay). Raises Invalid or Conflict."""
    clean = validate(data)
    client_id = str(clean.client_id)
    stored = find(client_id)
    if stored is not None:
        return _replay(stored, clean, user), 200
    scope.refuse_if_closed(made_at=clean.sent_at)
    team = active_team_of(user)
    alert = Alert(client_id=client_id, kind=clean.kind, team_id=getattr(team, "id", None), user_id=user.id,
                  block_id=clean.block_id, sent_at=clean.sent_at)
    try:
        with db.session.begin_nested():
            db.session.add(alert)
    except IntegrityError:
        # Two deliveries of one alert raced; the other one stored it first (or another operation holds the id).
        return _replay(find(client_id), clean, user), 200
    if clean.kind == "ok":
        shifts.record_ok(user, team, clean.sent_at)
    else:
        audit.record(user, "help_alert_received", alert, {"team_id": alert.team_id, "block_id": alert.block_id})
    return alert, 201


def _replay(stored: Alert | None, clean: AlertIn, user: User) -> Alert:
    """The stored alert when `clean` is the same alert again; Conflict when the client_id holds another."""
    same = (stored is not None and stored.user_id == user.id and stored.kind == clean.kind
            and stored.block_id == clean.block_id and stored.sent_at == clean.sent_at)
    if not same:
        raise Conflict(_("This client_id was already used for a different alert."),
                       {"client_id": _("already used")})
    return stored


def get_alert(alert_id: int) -> Alert:
    """The alert of this id in the operation being worked in, or NotFound (another operation's too)."""
    alert = db.session.get(Alert, alert_id)
    if alert is None or alert.operation_id != scope.current_id():
        raise NotFound(_("There is no alert %(id)s.", id=alert_id))
    return alert


def list_alerts(*, open_only: bool = False, team: Team | None = None, user: User | None = None) -> list[Alert]:
    """Alerts, newest first: all of them, or of one pair (or, outside a pair, one sender)."""
    query = (select(Alert).options(selectinload(Alert.acknowledged_by))
             .where(Alert.operation_id == scope.current_id())
             .order_by(Alert.received_at.desc(), Alert.id.desc()).limit(LIST_LIMIT))
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
        .where(Alert.operation_id == scope.current_id(), Alert.kind == "help", Alert.acknowledged_at.is_(None))
        .order_by(Alert.received_at, Alert.id)))


# A coordinator acting on a call wants the last few answers to this pair, not its whole history.
EARLIER_CALLS = 3


def caller_of(row) -> tuple[str, int]:
    """Whom a call or visit speaks for: its pair, or its sender when it came from nobody's pair."""
    return ("team", row.team_id) if row.team_id is not None else ("user", row.user_id)


def _of_callers(model, calls: list[Alert]):
    """A condition on `model` (Alert or Visit): made by one of these calls' pairs or pair-less senders."""
    teams = {call.team_id for call in calls if call.team_id is not None}
    users = {call.user_id for call in calls if call.team_id is None}
    return or_(model.team_id.in_(teams), and_(model.team_id.is_(None), model.user_id.in_(users)))


def earlier_help_calls(calls: list[Alert]) -> dict[tuple[str, int], list[tuple[Alert, str]]]:
    """For each caller (pair or pair-less sender) of `calls`, their last answered help calls and who answered."""
    if not calls:
        return {}
    answered = and_(Alert.operation_id == scope.current_id(), Alert.kind == "help", Alert.acknowledged_at.is_not(None),
                    _of_callers(Alert, calls))
    rank = func.row_number().over(partition_by=(Alert.team_id, Alert.user_id), order_by=Alert.acknowledged_at.desc())
    ranked = select(Alert.id, rank.label("rank")).where(answered).subquery()
    found: dict[tuple[str, int], list[tuple[Alert, str]]] = {}
    for alert, name in db.session.execute(
            select(Alert, User.name).join(ranked, ranked.c.id == Alert.id)
            .join(User, User.id == Alert.acknowledged_by_id).where(ranked.c.rank <= EARLIER_CALLS)
            .order_by(Alert.acknowledged_at.desc())):
        found.setdefault(caller_of(alert), []).append((alert, name))
    return {key: answers[:EARLIER_CALLS] for key, answers in found.items()}


def last_visited_blocks(calls: list[Alert]) -> dict[tuple[str, int], tuple[Block, datetime]]:
    """For each caller of `calls` that did not say where they are, the block of their latest visit."""
    blind = [call for call in calls if call.block_id is None]
    if not blind:
        return {}
    rank = func.row_number().over(partition_by=(Visit.team_id, Visit.user_id), order_by=Visit.visited_at.desc())
    ranked = (select(Visit.id, rank.label("rank"))
              .where(Visit.operation_id == scope.current_id(), _of_callers(Visit, blind)).subquery())
    found = {}
    for visit, block in db.session.execute(
            select(Visit, Block).join(ranked, ranked.c.id == Visit.id).join(Block, Block.id == Visit.block_id)
            .where(ranked.c.rank == 1).order_by(Visit.visited_at)):
        found[caller_of(visit)] = (block, visit.visited_at)  # latest last: a pair's newest visit wins
    return found


def acknowledge(actor: User, alert_id: int) -> Alert:
    """The coordinator has the alert in hand; acknowledging again changes nothing."""
    alert = get_alert(alert_id)
    if alert.acknowledged_at is None:
        alert.acknowledged_at = utcnow()
        alert.acknowledged_by = actor
        audit.record(actor, "alert_acknowledged", alert, {"kind": alert.kind, "team_id": alert.team_id})
    return alert


def alert_json(alert: Alert) -> dict:
    """An alert as DESIGN.md section 5 lists it."""
    return {
        "id": alert.id, "client_id": alert.client_id, "kind": alert.kind, "team_id": alert.team_id,
        "user_id": alert.user_id, "block_id": alert.block_id, "sent_at": alert.sent_at.isoformat(),
        "received_at": alert.received_at.isoformat(),
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
        # Who has it: the pair's phone says "a coordinator has it (name, time)" (issue 23).
        "acknowledged_by": alert.acknowledged_by.name if alert.acknowledged_by else None,
    }
