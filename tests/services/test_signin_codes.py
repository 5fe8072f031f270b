"""One-time sign-in codes: single use, expiry, revocation, deactivated accounts, and the audit trail."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach import scope
from outreach.errors import Invalid, NotFound
from outreach.extensions import db
from outreach.models import AuditEvent, SigninCode, utcnow
from outreach.services.operation import operations
from outreach.services.people import signin_codes, volunteers
from outreach.services.people.tokens import hash_token


@pytest.fixture
def people(make_user):
    return make_user("coordinator"), make_user("volunteer")


def actions() -> list[tuple[str, dict]]:
    return [(event.action, event.detail) for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.startswith("signin_code")).order_by(AuditEvent.id))]


def test_a_code_is_stored_only_as_its_hash_and_expires_after_the_hours_given(people):
    coordinator, volunteer = people
    row, code = signin_codes.issue(volunteer, coordinator, hours=24)
    db.session.commit()
    assert row.code_hash == hash_token(code) and code not in row.code_hash
    assert timedelta(hours=23, minutes=59) < row.expires_at - utcnow() <= timedelta(hours=24)
    assert row.issued_by_id == coordinator.id
    assert actions() == [("signin_code_issued", {"user_id": volunteer.id, "hours": 24})]


def test_a_code_signs_in_once_and_is_refused_after(people):
    coordinator, volunteer = people
    _row, code = signin_codes.issue(volunteer, coordinator, hours=24)
    assert signin_codes.redeem(code) == volunteer
    with pytest.raises(signin_codes.CodeRefused) as refused:
        signin_codes.redeem(code)
    assert refused.value.reason == "used" and refused.value.status == 410
    assert [action for action, _detail in actions()] == ["signin_code_issued", "signin_code_used",
                                                          "signin_code_refused"]
    assert actions()[-1][1] == {"reason": "used"}


def test_an_expired_code_is_refused(people):
    coordinator, volunteer = people
    row, code = signin_codes.issue(volunteer, coordinator, hours=24)
    row.expires_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(signin_codes.CodeRefused) as refused:
        signin_codes.check(code)
    assert refused.value.reason == "expired"
    assert db.session.get(SigninCode, row.id).used_at is None


def test_a_revoked_code_is_refused_and_revoking_all_leaves_used_codes_alone(people):
    coordinator, volunteer = people
    first, first_code = signin_codes.issue(volunteer, coordinator, hours=24)
    _second, second_code = signin_codes.issue(volunteer, coordinator, hours=24)
    _third, third_code = signin_codes.issue(volunteer, coordinator, hours=24)
    signin_codes.redeem(third_code)
    signin_codes.revoke(first.id, coordinator)
    signin_codes.revoke(first.id, coordinator)  # idempotent: audited once
    assert signin_codes.revoke_all_of(volunteer.id, coordinator) == 1
    for code in (first_code, second_code):
        with pytest.raises(signin_codes.CodeRefused) as refused:
            signin_codes.check(code)
        assert refused.value.reason == "revoked"
    assert signin_codes.live_codes(volunteer.id) == []
    assert [a for a, _d in actions()].count("signin_code_revoked") == 2


def test_a_deactivated_volunteer_gets_no_code_and_an_earlier_code_stops_working(people):
    coordinator, volunteer = people
    _row, code = signin_codes.issue(volunteer, coordinator, hours=24)
    volunteers.set_active(coordinator, volunteer, False)
    with pytest.raises(signin_codes.CodeRefused) as refused:
        signin_codes.redeem(code)
    assert refused.value.reason == "inactive" and refused.value.status == 403
    with pytest.raises(Invalid):
        signin_codes.issue(volunteer, coordinator, hours=24)


def test_an_unknown_code_is_refused_and_audited_without_an_actor(people):
    with pytest.raises(signin_codes.CodeRefused) as refused:
        signin_codes.check("not-a-code")
    assert refused.value.reason == "unknown" and refused.value.status == 404
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "signin_code_refused"))
    assert event.actor_id is None and event.detail == {"reason": "unknown"}


def test_only_volunteers_get_codes(people, make_user):
    coordinator, _volunteer = people
    with pytest.raises(Invalid):
        signin_codes.issue(make_user("aid"), coordinator, hours=24)
    with pytest.raises(Invalid):
        signin_codes.issue(coordinator, coordinator, hours=24)


def test_a_code_belongs_to_its_operation_and_redeeming_it_works_there(people):
    coordinator, volunteer = people
    home = scope.current()
    heat = operations.create("heat", "Heat wave")
    operations.add_member(volunteer, heat, "volunteer")
    with scope.working_in(scope.ref(heat)):
        row, code = signin_codes.issue(volunteer, coordinator, hours=24)
        assert row.operation_id == heat.id and signin_codes.live_codes(volunteer.id) == [row]
    assert signin_codes.live_codes(volunteer.id) == []  # not listed in the test operation
    with pytest.raises(NotFound):
        signin_codes.revoke(row.id, coordinator)  # nor revoked from it
    assert signin_codes.redeem(code) == volunteer
    assert scope.current().slug == "heat" and home.slug != "heat"


def test_only_a_volunteer_of_this_operation_gets_a_code(people, make_user):
    coordinator, _volunteer = people
    with scope.working_in(scope.ref(operations.create("heat", "Heat wave"))):
        elsewhere = make_user("volunteer")
    with pytest.raises(Invalid):
        signin_codes.issue(elsewhere, coordinator, hours=24)
