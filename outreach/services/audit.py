"""The audit trail: who did what, when."""
from ..extensions import db
from ..models import AuditEvent


def record(actor, action: str, subject=None, detail: dict | None = None) -> AuditEvent:
    """Add an audit event to the session (the caller commits it with the change it describes)."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=type(subject).__name__.lower() if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        detail=detail or {},
    )
    db.session.add(event)
    return event
