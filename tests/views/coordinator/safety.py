"""What the coordinator's safety tests share: a pair's help call, stored as the phone's outbox would send it."""
import uuid

from outreach.extensions import db
from outreach.models import Alert, utcnow
from outreach.services.safety import alerts


def call_for_help(user, block=None) -> Alert:
    """A help call from `user`'s phone, on `block` when the phone knew it; committed."""
    data = {"client_id": str(uuid.uuid4()), "kind": "help", "sent_at": utcnow().isoformat()}
    if block is not None:
        data["block_id"] = block.id
    alert, _ = alerts.record_alert(data, user)
    db.session.commit()
    return alert
