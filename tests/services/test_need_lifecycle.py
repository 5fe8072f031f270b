"""The need lifecycle of DESIGN.md section 3: claim, release, fulfil, confirm, reopen, close, expiry."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach.errors import Conflict, Invalid
from outreach.extensions import db
from outreach.models import AuditEvent, Need, utcnow
from outreach.services.areas.blocks import refresh_status
from outreach.services.mutual_aid import needs

TTL = 48


def actions(need):
    return [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_type == "need", AuditEvent.subject_id == need.id)
        .order_by(AuditEvent.id))]


def test_a_group_claims_an_open_need_until_the_ttl(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block)
    now = utcnow()
    needs.claim(need, group, member, ttl_hours=TTL, now=now)
    db.session.commit()
    assert need.status == "claimed" and need.claimed_by_group_id == group.id
    assert need.claim_expires_at == now + timedelta(hours=TTL)
    assert actions(need) == ["need_claimed"]


def test_a_need_claimed_by_one_group_cannot_be_claimed_by_another(block, make_need, make_group):
    first, first_member = make_group()
    second, second_member = make_group()
    need = make_need(block)
    needs.claim(need, first, first_member, ttl_hours=TTL)
    db.session.commit()
    with pytest.raises(Conflict):
        needs.claim(need, second, second_member, ttl_hours=TTL)


def test_a_stale_read_loses_the_race_to_claim(block, make_need, make_group):
    first, first_member = make_group()
    second, second_member = make_group()
    need = make_need(block)
    # The other server claimed it after we read the row as open.
    db.session.execute(Need.__table__.update().where(Need.id == need.id)
                       .values(status="claimed", claimed_by_group_id=first.id,
                               claim_expires_at=utcnow() + timedelta(hours=1)))
    assert need.status == "open"
    with pytest.raises(Conflict):
        needs.claim(need, second, second_member, ttl_hours=TTL)


def test_claiming_again_renews_the_groups_own_claim(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block)
    start = utcnow()
    needs.claim(need, group, member, ttl_hours=TTL, now=start)
    needs.claim(need, group, member, ttl_hours=TTL, now=start + timedelta(hours=40))
    db.session.commit()
    assert need.claim_expires_at == start + timedelta(hours=40 + TTL)
    assert need.claimed_at == start
    assert actions(need) == ["need_claimed", "need_claim_renewed"]


def test_an_expired_claim_reopens_the_need_and_is_audited(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block)
    start = utcnow() - timedelta(hours=TTL + 1)
    needs.claim(need, group, member, ttl_hours=TTL, now=start)
    live = make_need(block)
    needs.claim(live, group, member, ttl_hours=TTL)
    db.session.commit()
    assert needs.expire_claims() == 1
    db.session.commit()
    assert need.status == "open" and need.claimed_by_group_id is None and need.claim_expires_at is None
    assert live.status == "claimed"
    assert actions(need) == ["need_claimed", "need_claim_expired"]
    assert needs.expire_claims() == 0


def test_an_expiry_sweep_leaves_a_claim_renewed_meanwhile(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block)
    needs.claim(need, group, member, ttl_hours=TTL, now=utcnow() - timedelta(hours=TTL + 1))
    db.session.commit()
    # Another server renews between our read and our update: the update must not match.
    renewed = utcnow() + timedelta(hours=TTL)
    stale = db.session.scalars(select(Need).where(Need.id == need.id)).one()
    db.session.execute(Need.__table__.update().where(Need.id == need.id).values(claim_expires_at=renewed))
    assert stale.claim_expires_at < utcnow()
    assert needs.expire_claims() == 0


def test_another_group_may_take_over_an_expired_claim_not_yet_swept(block, make_need, make_group):
    first, first_member = make_group()
    second, second_member = make_group()
    need = make_need(block)
    needs.claim(need, first, first_member, ttl_hours=TTL, now=utcnow() - timedelta(hours=TTL + 1))
    needs.claim(need, second, second_member, ttl_hours=TTL)
    db.session.commit()
    assert need.claimed_by_group_id == second.id


def test_release_returns_the_need_to_open_and_keeps_the_hint(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block, hint="side door")
    needs.claim(need, group, member, ttl_hours=TTL)
    needs.release(need, member)
    db.session.commit()
    assert (need.status, need.claimed_by_group_id, need.hint) == ("open", None, "side door")


def test_a_group_cannot_release_or_fulfil_another_groups_claim(block, make_need, make_group):
    first, first_member = make_group()
    _, second_member = make_group()
    need = make_need(block)
    needs.claim(need, first, first_member, ttl_hours=TTL)
    db.session.commit()
    with pytest.raises(Conflict):
        needs.release(need, second_member)
    with pytest.raises(Conflict):
        needs.fulfill(need, second_member)


def test_an_aid_member_must_claim_before_fulfilling(block, make_need, make_group):
    _, member = make_group()
    with pytest.raises(Conflict):
        needs.fulfill(make_need(block), member)


def test_fulfilling_keeps_the_hint_for_coordinators_and_frees_the_block(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block, hint="blue house, side door")
    refresh_status(block)
    assert block.status == "revisit"
    needs.claim(need, group, member, ttl_hours=TTL)
    needs.fulfill(need, member)
    db.session.commit()
    # The hint waits for the confirming visit or the close (issue 25 item 1); the group reads it no more.
    assert need.status == "fulfilled" and need.hint == "blue house, side door" and need.fulfilled_at is not None
    assert need.claimed_by_group_id == group.id and not needs.can_read_hint(member, need)
    assert block.status != "revisit"


def test_a_later_visit_confirms_a_fulfilled_need(block, make_need, make_group, make_user):
    group, member = make_group()
    need = make_need(block)
    needs.claim(need, group, member, ttl_hours=TTL)
    needs.fulfill(need, member)
    needs.confirm(need, make_user("volunteer"))
    db.session.commit()
    assert need.status == "confirmed" and need.confirmed_at is not None
    assert actions(need) == ["need_claimed", "need_fulfilled", "need_confirmed"]


def test_a_later_visit_reopens_a_need_that_was_not_met(block, make_need, make_group, make_user):
    group, member = make_group()
    need = make_need(block)
    needs.claim(need, group, member, ttl_hours=TTL)
    needs.fulfill(need, member)
    needs.reopen(need, make_user("volunteer"))
    db.session.commit()
    assert (need.status, need.claimed_by_group_id, need.fulfilled_at) == ("open", None, None)
    assert block.status == "revisit"


@pytest.mark.parametrize("status", ["open", "claimed", "confirmed", "closed"])
def test_only_fulfilled_needs_can_be_confirmed_or_reopened(block, make_need, make_user, status):
    need = make_need(block, status=status)
    with pytest.raises(Conflict):
        needs.confirm(need, make_user("volunteer"))
    with pytest.raises(Conflict):
        needs.reopen(need, make_user("volunteer"))


def test_a_coordinator_closes_a_withdrawn_need_and_erases_its_hint(block, make_need, make_user):
    need = make_need(block, hint="back gate")
    needs.close(need, make_user("coordinator"), "withdrawn")
    db.session.commit()
    assert (need.status, need.hint, need.duplicate_of_id) == ("closed", None, None)
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "need_closed")).one().detail[
        "reason"] == "withdrawn"


def test_merging_a_duplicate_keeps_the_larger_count_and_the_more_pressing_urgency(block, make_need, make_user):
    kept = make_need(block, urgency="routine", people=2)
    repeat = make_need(block, urgency="immediate", people=1)
    needs.close(repeat, make_user("coordinator"), "duplicate", duplicate_of=kept)
    db.session.commit()
    assert repeat.status == "closed" and repeat.duplicate_of_id == kept.id
    assert (kept.people, kept.urgency, kept.status) == (2, "immediate", "open")


@pytest.mark.parametrize("problem", ["itself", "closed", "other category", "missing"])
def test_a_duplicate_must_point_at_another_live_need_of_its_category(block, make_need, make_user, problem):
    need = make_need(block)
    target = {"itself": need, "closed": make_need(block, status="closed"),
              "other category": make_need(block, category="food"), "missing": None}[problem]
    with pytest.raises(Invalid):
        needs.close(need, make_user("coordinator"), "duplicate", duplicate_of=target)
    db.session.rollback()
    assert db.session.get(Need, need.id).status == "open"


def test_only_coordinators_and_the_claiming_group_read_a_hint(block, make_need, make_group, make_user):
    group, member = make_group()
    _, outsider = make_group()
    need = make_need(block, hint="side door")
    assert not needs.can_read_hint(member, need)
    needs.claim(need, group, member, ttl_hours=TTL)
    assert needs.can_read_hint(member, need)
    assert not needs.can_read_hint(outsider, need)
    assert not needs.can_read_hint(make_user("volunteer"), need)
    assert needs.can_read_hint(make_user("coordinator"), need)


def test_filter_values_outside_the_vocabularies_are_named():
    with pytest.raises(Invalid) as error:
        needs.NeedFilter(statuses=("gone",), category="beer", urgency="now").validate()
    assert set(error.value.fields) == {"status", "category", "urgency"}


def test_needs_list_most_urgent_first_then_oldest(block, make_need, make_user):
    now = utcnow()
    old_routine = make_need(block, urgency="routine", created_at=now - timedelta(days=3))
    new_immediate = make_need(block, urgency="immediate", created_at=now)
    old_immediate = make_need(block, urgency="immediate", created_at=now - timedelta(days=1))
    listed = needs.list_needs(needs.NeedFilter(), make_user("coordinator"))
    assert [n["id"] for n in listed] == [old_immediate.id, new_immediate.id, old_routine.id]
