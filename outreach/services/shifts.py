"""Shifts: check in with an expected end, check out with a word on how you are.

Nobody is alone out there: a coordinator sees who is out, who is overdue,
who asked to talk it through afterwards (debrief) and who is not ok.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Shift, User, utcnow
from ..vocab import SELF_CARE
from . import audit
from .teams import active_team_of

# Longer than this and the heat wins; a coordinator should plan a second shift instead.
MAX_SHIFT_HOURS = 12
SHIFT_LENGTHS = (2, 3, 4, 6, 8)


def open_shift(user: User) -> Shift | None:
    """The shift `user` is on now, if any."""
    return db.session.scalar(select(Shift).where(Shift.user_id == user.id, Shift.checked_out_at.is_(None))
                             .order_by(Shift.checked_in_at.desc()).limit(1))


def check_in(user: User, hours: float) -> Shift:
    """Start a shift expected to last `hours`; one open shift per person."""
    if not isinstance(hours, (int, float)) or not 0.5 <= hours <= MAX_SHIFT_HOURS:
        raise Invalid(_("A shift lasts between half an hour and %(max)d hours.", max=MAX_SHIFT_HOURS),
                      {"hours": _("out of range")})
    if open_shift(user) is not None:
        raise Conflict(_("You are already checked in."), {"shift": _("already open")})
    now = utcnow()
    shift = Shift(user_id=user.id, team_id=getattr(active_team_of(user), "id", None), checked_in_at=now,
                  expected_end_at=now + timedelta(hours=hours))
    db.session.add(shift)
    db.session.flush()
    audit.record(user, "shift_checked_in", shift, {"hours": hours})
    return shift


def check_out(user: User, self_care: str, debrief_requested: bool) -> Shift:
    """End the open shift with the self-care answer and, if asked, a debrief request."""
    if self_care not in SELF_CARE:
        raise Invalid(_("Tell us how you are with one of the answers."), {"self_care": _("choose one")})
    shift = open_shift(user)
    if shift is None:
        raise Conflict(_("You are not checked in."), {"shift": _("none open")})
    shift.checked_out_at = utcnow()
    shift.self_care = self_care
    shift.debrief_requested = bool(debrief_requested)
    audit.record(user, "shift_checked_out", shift, {"self_care": self_care, "debrief": shift.debrief_requested})
    return shift


def shift_json(shift: Shift | None) -> dict | None:
    """The open shift as the phone shows it."""
    if shift is None:
        return None
    return {"id": shift.id, "checked_in_at": shift.checked_in_at.isoformat(),
            "expected_end_at": shift.expected_end_at.isoformat()}
