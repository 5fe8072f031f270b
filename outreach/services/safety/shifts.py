"""Shifts: check in with an expected return, say "all OK" on a rhythm, check out with a word on how you are.

Nobody is alone out there: a coordinator sees who is out, who is overdue,
who asked to talk it through afterwards (debrief) and who is not ok.

The safety rhythm: checking in sets the expected return time and puts both
members of the pair on the shift (one phone may check in the pair). While out,
the pair's phone asks for an "all OK" (an `ok` alert) every
OUTREACH_CHECKIN_MINUTES. A shift is overdue when its return time has passed,
or when no "all OK" came within the rhythm plus CHECKIN_GRACE.

A shift belongs to the operation it was checked in to (DESIGN section 7): every
query here reads the operation being worked in. A closed operation takes no new
check-in (409 operation_closed) unless the phone made it before the close.
"""
from datetime import datetime, timedelta
from typing import Annotated, Literal

from flask import current_app
from flask_babel import gettext as _
from msgspec import Meta
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ... import scope
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import Shift, Team, TeamMember, User, utcnow
from ...vocab import SELF_CARE
from ..fieldwork.receipts import FieldAction, PhoneTime
from ..operation import audit
from ..people.teams import active_team_of

# Longer than this and the heat wins; a coordinator should plan a second shift instead.
MAX_SHIFT_HOURS = 12
SHIFT_LENGTHS = (2, 3, 4, 6, 8)
# A pair in the middle of a conversation at a door should finish it before tapping "all OK", and an
# "all OK" made without signal waits in the outbox until the next bar of signal: a quarter of an hour
# covers both, yet a pair in trouble is missed at most 75 minutes after their last word (with 60).
CHECKIN_GRACE = timedelta(minutes=15)
OVERDUE_RETURN = "return"
OVERDUE_CHECKIN = "checkin"


class CheckIn(FieldAction):
    """A check-in from the phone: the shift is expected to last `hours` from `at`."""

    hours: Annotated[float, Meta(ge=0.5, le=MAX_SHIFT_HOURS)]
    at: PhoneTime | None = None


class CheckOut(FieldAction):
    """A check-out from the phone: how the volunteer is, and whether they would like a debrief."""

    self_care: Literal[SELF_CARE]
    debrief: bool = False
    at: PhoneTime | None = None


def open_shift(user: User) -> Shift | None:
    """The shift `user` is on now in the operation being worked in, if any."""
    return db.session.scalar(select(Shift).where(Shift.operation_id == scope.current_id(), Shift.user_id == user.id,
                                                 Shift.checked_out_at.is_(None))
                             .order_by(Shift.checked_in_at.desc()).limit(1))


def check_in(user: User, hours: float, *, at: datetime | None = None,
             companions: list[User] | None = None) -> Shift:
    """Start a shift expected to last `hours` from `at` (default now) for `user` and the rest of the pair.

    One open shift per person: checking in twice is a Conflict; a partner who is
    already checked in keeps their own shift. Answers `user`'s shift. `companions`, when
    given, go out with `user` instead of the pair (a gathering's co-facilitators), outside any pair.
    """
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0.5 <= hours <= MAX_SHIFT_HOURS:
        raise Invalid(_("A shift lasts between half an hour and %(max)d hours.", max=MAX_SHIFT_HOURS),
                      {"hours": _("out of range")})
    scope.refuse_if_closed(made_at=at)
    if open_shift(user) is not None:
        raise Conflict(_("You are already checked in."), {"shift": _("already open")})
    start = at or utcnow()
    team = active_team_of(user) if companions is None else None
    partners = [member for member in (team.members if team else companions or []) if member.id != user.id]
    shift = _start(user, user, team, start, hours)
    for partner in partners:
        if open_shift(partner) is None:
            _start(partner, user, team, start, hours)
    return shift


def _start(member: User, by: User, team: Team | None, start: datetime, hours: float) -> Shift:
    """Open one member's shift; `by` is who checked them in."""
    shift = Shift(user_id=member.id, team_id=getattr(team, "id", None), checked_in_at=start,
                  expected_end_at=start + timedelta(hours=hours))
    db.session.add(shift)
    db.session.flush()
    audit.record(by, "shift_checked_in", shift, {"hours": hours, "user_id": member.id})
    return shift


def check_out(user: User, self_care: str, debrief_requested: bool, *, at: datetime | None = None) -> Shift:
    """End `user`'s open shift at `at` (default now) with their self-care answer and, if asked, a debrief request.

    Each member answers for themselves, so the partner's shift stays open until
    they check out (or a coordinator closes it).
    """
    if self_care not in SELF_CARE:
        raise Invalid(_("Tell us how you are with one of the answers."), {"self_care": _("choose one")})
    shift = open_shift(user)
    if shift is None:
        raise Conflict(_("You are not checked in."), {"shift": _("none open")})
    shift.checked_out_at = at or utcnow()
    shift.self_care = self_care
    shift.debrief_requested = bool(debrief_requested)
    audit.record(user, "shift_checked_out", shift, {"self_care": self_care, "debrief": shift.debrief_requested})
    return shift


def checkin_interval() -> timedelta | None:
    """How often a pair in the field says "all OK" (OUTREACH_CHECKIN_MINUTES); None when the rhythm is off."""
    minutes = current_app.config["CHECKIN_MINUTES"]
    return timedelta(minutes=minutes) if minutes and minutes > 0 else None


def record_ok(user: User, team: Team | None, sent_at: datetime) -> int:
    """An "all OK" from `user` counts for the open shifts of the whole pair; answers how many it reached."""
    member_ids = select(TeamMember.user_id).where(TeamMember.team_id == team.id) if team else [user.id]
    return db.session.execute(
        update(Shift).where(Shift.operation_id == scope.current_id(), Shift.user_id.in_(member_ids),
                            Shift.checked_out_at.is_(None),
                            Shift.checked_in_at <= sent_at,
                            or_(Shift.last_ok_at.is_(None), Shift.last_ok_at < sent_at))
        .values(last_ok_at=sent_at).execution_options(synchronize_session="fetch")).rowcount


def next_checkin_at(shift: Shift) -> datetime | None:
    """When the pair's next "all OK" is due (None when the rhythm is off)."""
    interval = checkin_interval()
    return (shift.last_ok_at or shift.checked_in_at) + interval if interval else None


def overdue_reason(shift: Shift, now: datetime | None = None) -> str | None:
    """Why an open shift is overdue (OVERDUE_RETURN before OVERDUE_CHECKIN), or None when it is not."""
    now = now or utcnow()
    if shift.checked_out_at is not None:
        return None
    if shift.expected_end_at < now:
        return OVERDUE_RETURN
    due = next_checkin_at(shift)
    if due is not None and due + CHECKIN_GRACE < now:
        return OVERDUE_CHECKIN
    return None


def overdue_shifts(now: datetime | None = None) -> list[Shift]:
    """Open shifts past their return time or past a missed "all OK" plus grace, longest overdue first."""
    now = now or utcnow()
    late = Shift.expected_end_at < now
    interval = checkin_interval()
    last_word = func.coalesce(Shift.last_ok_at, Shift.checked_in_at)
    if interval is not None:
        late = or_(late, last_word < now - interval - CHECKIN_GRACE)
    return list(db.session.scalars(
        select(Shift).options(selectinload(Shift.user), selectinload(Shift.team))
        .where(Shift.operation_id == scope.current_id(), Shift.checked_out_at.is_(None), late)
        .order_by(Shift.expected_end_at, Shift.id)))


def care_requests() -> list[Shift]:
    """Ended shifts whose volunteer asked for a debrief or answered anything but "ok", not yet debriefed."""
    return list(db.session.scalars(
        select(Shift).options(selectinload(Shift.user), selectinload(Shift.team))
        .where(Shift.operation_id == scope.current_id(), Shift.checked_out_at.is_not(None),
               Shift.debrief_done_at.is_(None),
               or_(Shift.debrief_requested.is_(True), Shift.self_care != "ok"))
        .order_by(Shift.checked_out_at, Shift.id)))


def needs_care(shift: Shift) -> bool:
    """Whether a coordinator should talk with this volunteer after the shift."""
    return shift.debrief_requested or (shift.self_care is not None and shift.self_care != "ok")


def shift_json(shift: Shift | None) -> dict | None:
    """The open shift as the phone shows it, with when the next "all OK" is due."""
    if shift is None:
        return None
    due = next_checkin_at(shift)
    return {"id": shift.id, "checked_in_at": shift.checked_in_at.isoformat(),
            "expected_end_at": shift.expected_end_at.isoformat(),
            "last_ok_at": shift.last_ok_at.isoformat() if shift.last_ok_at else None,
            "next_checkin_at": due.isoformat() if due else None}
