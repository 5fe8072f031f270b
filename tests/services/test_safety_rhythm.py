"""The safety rhythm: a pair checks in together, says "all OK" on time, and is overdue when it does not."""
import uuid
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from outreach.errors import Conflict, Invalid
from outreach.extensions import db
from outreach.models import Shift, utcnow
from outreach.services.fieldwork import coverage
from outreach.services.safety import alerts, shifts


def ok_from(user, at):
    """An "all OK" check-in from the phone of `user`, sent at `at`."""
    alert, status = alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "ok", "sent_at": at.isoformat()},
                                        user)
    db.session.commit()
    return alert


@pytest.fixture
def pair(make_team):
    return make_team()


def test_one_phone_checks_in_the_whole_pair(pair):
    first, second = pair.members
    shift = shifts.check_in(first, 4)
    db.session.commit()
    partner = shifts.open_shift(second)
    assert shift.user_id == first.id and partner is not None
    assert partner.team_id == shift.team_id == pair.id
    assert partner.expected_end_at == shift.expected_end_at
    with pytest.raises(Conflict):
        shifts.check_in(second, 4)


def test_a_partner_already_out_keeps_their_own_shift(pair):
    first, second = pair.members
    shifts.check_in(second, 2)
    shifts.check_out(first, "tired", False)
    earlier = shifts.open_shift(second)
    db.session.commit()
    shifts.check_in(first, 6)
    db.session.commit()
    assert shifts.open_shift(second).id == earlier.id
    assert len(db.session.scalars(select(Shift).where(Shift.user_id == second.id)).all()) == 1


@pytest.mark.parametrize("hours", [0, 0.25, 13, "4", True, None])
def test_a_shift_length_out_of_range_is_refused(pair, hours):
    with pytest.raises(Invalid):
        shifts.check_in(pair.members[0], hours)


def test_checking_out_ends_only_the_own_shift(pair):
    first, second = pair.members
    shifts.check_in(first, 4)
    shifts.check_out(first, "ok", False)
    db.session.commit()
    assert shifts.open_shift(first) is None and shifts.open_shift(second) is not None


def test_a_missed_check_in_makes_the_shift_overdue_after_the_grace(pair):
    start = utcnow() - timedelta(hours=2)
    shift = shifts.check_in(pair.members[0], 6, at=start)
    db.session.commit()
    rhythm = timedelta(minutes=current_app.config["CHECKIN_MINUTES"])
    just_inside = start + rhythm + shifts.CHECKIN_GRACE - timedelta(seconds=1)
    just_after = start + rhythm + shifts.CHECKIN_GRACE + timedelta(seconds=1)
    assert shifts.overdue_shifts(now=just_inside) == []
    late = shifts.overdue_shifts(now=just_after)
    assert {s.user_id for s in late} == {m.id for m in pair.members}
    assert shifts.overdue_reason(shift, now=just_after) == shifts.OVERDUE_CHECKIN


def test_an_ok_from_one_phone_keeps_the_whole_pair_on_rhythm(pair):
    start = utcnow() - timedelta(minutes=80)
    shifts.check_in(pair.members[0], 6, at=start)
    db.session.commit()
    assert len(shifts.overdue_shifts()) == 2
    ok_from(pair.members[1], utcnow() - timedelta(minutes=5))
    assert shifts.overdue_shifts() == []
    for member in pair.members:
        assert shifts.open_shift(member).last_ok_at is not None


def test_an_ok_queued_offline_counts_from_when_it_was_sent_and_never_moves_the_rhythm_back(pair):
    start = utcnow() - timedelta(minutes=150)
    shift = shifts.check_in(pair.members[0], 6, at=start)
    db.session.commit()
    ok_from(pair.members[0], start + timedelta(minutes=120))
    ok_from(pair.members[0], start + timedelta(minutes=50))  # an older one, delivered late
    db.session.refresh(shift)
    assert shift.last_ok_at == start + timedelta(minutes=120)
    assert shifts.overdue_shifts() == []


def test_a_missed_return_time_makes_the_shift_overdue_even_with_recent_oks(pair):
    shift = shifts.check_in(pair.members[0], 2, at=utcnow() - timedelta(hours=2, minutes=5))
    db.session.commit()
    ok_from(pair.members[0], utcnow() - timedelta(minutes=1))
    assert shift.id in {s.id for s in shifts.overdue_shifts()}
    assert shifts.overdue_reason(shift) == shifts.OVERDUE_RETURN


def test_with_the_rhythm_off_only_the_return_time_counts(app, pair):
    shifts.check_in(pair.members[0], 6, at=utcnow() - timedelta(hours=3))
    db.session.commit()
    app.config["CHECKIN_MINUTES"] = 0
    try:
        assert shifts.overdue_shifts() == []
    finally:
        app.config["CHECKIN_MINUTES"] = 60


def test_reaching_an_overdue_pair_counts_as_their_ok_and_never_shortens_the_shift(pair, make_user):
    shift = shifts.check_in(pair.members[0], 6, at=utcnow() - timedelta(hours=2))
    db.session.commit()
    planned_end = shift.expected_end_at
    coverage.extend_overdue(make_user("coordinator"), shift.id)
    db.session.commit()
    assert shift.expected_end_at == planned_end
    assert shift.id not in {s.id for s in shifts.overdue_shifts()}


def test_the_phone_learns_when_the_next_ok_is_due(pair):
    start = utcnow() - timedelta(minutes=10)
    shift = shifts.check_in(pair.members[0], 4, at=start)
    answer = shifts.shift_json(shift)
    assert answer["next_checkin_at"] == (start + timedelta(minutes=60)).isoformat()


@pytest.mark.parametrize("self_care, debrief, listed", [
    ("ok", False, False), ("ok", True, True), ("tired", False, True), ("shaken", False, True),
    ("need_to_talk", False, True),
])
def test_any_answer_but_ok_reaches_the_coordinator_and_a_debrief_can_be_recorded(pair, make_user, self_care,
                                                                                 debrief, listed):
    volunteer = pair.members[0]
    shifts.check_in(volunteer, 2)
    shift = shifts.check_out(volunteer, self_care, debrief)
    db.session.commit()
    assert (shift in shifts.care_requests()) is listed
    if listed:
        coverage.mark_debriefed(make_user("coordinator"), shift.id)
        db.session.commit()
        assert shift not in shifts.care_requests()
    else:
        with pytest.raises(Conflict):
            coverage.mark_debriefed(make_user("coordinator"), shift.id)
