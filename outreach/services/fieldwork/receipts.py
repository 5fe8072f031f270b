"""Field actions from a phone's outbox, each carried out exactly once (idempotent by person and client_id).

A phone may send one queued action many times: no answer came back, a retry,
a reload, another order. The first is carried out and its answer kept in a
receipt written in the same transaction as the action; the same content again
gets that answer back (200); other content under the same client_id is refused
(409). Visits keep their own client_id column (services/fieldwork/visits.py).
A receipt belongs to the operation the action was carried out in: the same
client_id sent to another operation is refused (409), never answered from it.
In a closed operation only actions made on the phone before the close are
carried out (DESIGN section 7); a replay of one carried out before is answered.
"""
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from flask_babel import gettext as _
from msgspec import Meta, Struct
from sqlalchemy import select

from ... import scope
from ...errors import Conflict
from ...extensions import db
from ...models import FieldReceipt, User

# When the phone says an action happened (queued offline, sent later), if it says.
PhoneTime = Annotated[datetime, Meta(tz=True, description="when it happened on the phone (ISO 8601 with offset); "
                                                          "absent or null: when it arrives")]


class FieldAction(Struct, forbid_unknown_fields=True):
    """A field action from the phone's outbox: its client_id, and (in each kind of action) what it carries."""

    client_id: Annotated[uuid.UUID, Meta(description="made on the phone; the action is idempotent by it")]


@dataclass
class Outcome:
    """What a field action answered, and whether it was carried out now (201) or earlier (200)."""

    answer: dict
    status: int


def content_hash(key: bytes, kind: str, content: dict) -> str:
    """A keyed hash of the action: the receipt proves sameness without keeping the content."""
    encoded = json.dumps([kind, content], sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, encoded.encode(), hashlib.sha256).hexdigest()


def stored(user: User, client_id: str) -> FieldReceipt | None:
    """The receipt of `user`'s action `client_id`, if it was carried out (in whichever operation)."""
    return db.session.scalar(select(FieldReceipt).where(FieldReceipt.user_id == user.id,
                                                        FieldReceipt.client_id == client_id))


# Coming home is taken even from a closed operation: refusing it would leave the pair "out" on the care board
# for good, and its self-care word and debrief request are what the carers need.
ALWAYS_TAKEN = frozenset({"check_out"})


def replay(receipt: FieldReceipt, kind: str, digest: str) -> Outcome:
    """The stored answer for the same action; Conflict when the client_id was used for another, or in another
    operation (whose answer stays there)."""
    if (receipt.operation_id != scope.current_id() or receipt.kind != kind
            or not hmac.compare_digest(receipt.content_hash, digest)):
        raise Conflict(_("This phone already sent a different action under the same client_id."),
                       {"client_id": _("already used for other content")})
    return Outcome(receipt.answer, 200)


def carry_out(user: User, client_id: str, kind: str, content: dict, key: bytes,
              action: Callable[[], dict], made_at: datetime | None = None) -> Outcome:
    """Run `action` unless this client_id was already carried out; keep its answer in a receipt.

    `made_at` is when the phone says the action happened (None: now): a closed operation refuses it
    if that is after its close (409 operation_closed), a check-out aside (ALWAYS_TAKEN).
    """
    digest = content_hash(key, kind, content)
    found = stored(user, client_id)
    if found is not None:
        return replay(found, kind, digest)
    if kind not in ALWAYS_TAKEN:
        scope.refuse_if_closed(made_at=made_at)
    answer = action()
    db.session.add(FieldReceipt(user_id=user.id, client_id=client_id, kind=kind, content_hash=digest,
                                answer=answer))
    db.session.flush()
    return Outcome(answer, 201)


def replay_after_race(user: User, client_id: str, kind: str, content: dict, key: bytes) -> Outcome | None:
    """After a unique-key clash (the same action twice at once), the winner's answer; None if there is none."""
    found = stored(user, client_id)
    return None if found is None else replay(found, kind, content_hash(key, kind, content))
