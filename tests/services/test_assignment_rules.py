"""Assignment rules: one active assignment per block, expiry, renewal, release, audit."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from outreach import scope
from outreach.errors import Conflict, Invalid, NotFound
from outreach.extensions import db
from outreach.models import Assignment, AuditEvent, Operation, utcnow
from outreach.services.areas.blocks import current_version
from outreach.services.fieldwork import assignment
from outreach.services.operation import operations


def actions():
    return [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]


def test_assigning_blocks_marks_them_assigned_and_audits(make_user, make_team, make_neighborhood):
    coordinator, team, hood = make_user("coordinator"), make_team(), make_neighborhood()
    before = current_version()
    created = assignment.assign_blocks(coordinator, team.id, [b.id for b in hood.blocks[:3]], ttl_hours=72)
    db.session.commit()
    assert [a.block.status for a in created] == ["assigned"] * 3
    assert all(a.expires_at - a.assigned_at == timedelta(hours=72) for a in created)
    assert actions().count("assignment_made") == 3
    assert db.session.query(AuditEvent).filter_by(action="assignment_made").first().actor_id == coordinator.id
    assert current_version() > before


def test_a_block_already_assigned_is_a_conflict_and_nothing_is_written(make_user, make_team, make_neighborhood):
    coordinator, hood = make_user("coordinator"), make_neighborhood()
    first, second = make_team(), make_team()
    assignment.assign_blocks(coordinator, first.id, [hood.blocks[1].id], ttl_hours=72)
    db.session.commit()
    with pytest.raises(Conflict) as raised:
        assignment.assign_blocks(coordinator, second.id, [hood.blocks[0].id, hood.blocks[1].id], ttl_hours=72)
    db.session.rollback()
    assert raised.value.code == "already_assigned"
    assert hood.blocks[1].code in raised.value.message
    assert db.session.query(Assignment).count() == 1
    assert hood.blocks[0].status == "unassigned"


def test_unknown_block_is_not_found(make_user, make_team, make_neighborhood):
    block = make_neighborhood().blocks[0]
    with pytest.raises(NotFound) as raised:
        assignment.assign_blocks(make_user("coordinator"), make_team().id, [block.id, 999999], ttl_hours=72)
    assert raised.value.fields == {"block_ids": [999999]}


def test_an_invalid_pair_cannot_be_assigned(make_user, make_team, make_neighborhood):
    team = make_team()
    team.members[0].trained_on = None
    db.session.commit()
    with pytest.raises(Invalid) as raised:
        assignment.assign_blocks(make_user("coordinator"), team.id, [make_neighborhood().blocks[0].id], 72)
    assert raised.value.status == 422


def test_the_database_refuses_a_second_active_assignment(make_team, make_neighborhood):
    block = make_neighborhood().blocks[0]
    for team in (make_team(), make_team()):
        db.session.add(Assignment(team_id=team.id, block_id=block.id, expires_at=utcnow() + timedelta(hours=1)))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_expired_assignments_are_released_once_and_audited(make_team, make_neighborhood, assign):
    team, hood = make_team(), make_neighborhood()
    assign(team, hood.blocks[2:3], hours=72)
    assign(team, hood.blocks[:2], hours=1, ago=9)  # after the live one: assigning releases what is overdue
    released = assignment.expire_due()
    db.session.commit()
    assert len(released) == 2
    assert assignment.expire_due() == []
    rows = db.session.query(Assignment).order_by(Assignment.block_id).all()
    assert [r.release_reason for r in rows] == ["expired", "expired", None]
    assert [b.status for b in hood.blocks[:3]] == ["unassigned", "unassigned", "assigned"]
    expired = db.session.query(AuditEvent).filter_by(action="assignment_expired").all()
    assert sorted(e.subject_id for e in expired) == sorted(released)
    assert all(e.actor_id is None for e in expired)


def test_an_expired_block_can_be_assigned_again_at_once(make_user, make_team, make_neighborhood):
    coordinator, block = make_user("coordinator"), make_neighborhood().blocks[0]
    assignment.assign_blocks(coordinator, make_team().id, [block.id], 1, now=utcnow() - timedelta(hours=2))
    db.session.commit()
    again = assignment.assign_blocks(coordinator, make_team().id, [block.id], 72)
    assert again[0].block.status == "assigned"


def test_renewing_pushes_expiry_and_keeps_the_block(make_user, make_team, make_neighborhood):
    coordinator, block = make_user("coordinator"), make_neighborhood().blocks[0]
    made = utcnow() - timedelta(hours=70)
    [first] = assignment.assign_blocks(coordinator, make_team().id, [block.id], 72, now=made)
    renewed = assignment.renew(coordinator, first.id, 72)
    db.session.commit()
    assert renewed.expires_at > utcnow() + timedelta(hours=71)
    assert assignment.expire_due(utcnow() + timedelta(hours=10)) == []
    assert "assignment_renewed" in actions()


def test_releasing_frees_the_block_and_twice_is_a_conflict(make_user, make_team, make_neighborhood):
    coordinator, block = make_user("coordinator"), make_neighborhood().blocks[0]
    [made] = assignment.assign_blocks(coordinator, make_team().id, [block.id], 72)
    db.session.commit()
    assignment.release(coordinator, made.id)
    db.session.commit()
    assert block.status == "unassigned" and made.release_reason == "released"
    with pytest.raises(Conflict):
        assignment.release(coordinator, made.id)
    with pytest.raises(NotFound):
        assignment.release(coordinator, 424242)
    assert "assignment_released" in actions()


def test_expire_command_releases_due_assignments(runner, make_user, make_team, make_neighborhood):
    block = make_neighborhood().blocks[0]
    assignment.assign_blocks(make_user("coordinator"), make_team().id, [block.id], 1,
                             now=utcnow() - timedelta(hours=3))
    db.session.commit()
    result = runner.invoke(args=["expire-assignments"])
    assert "Released 1 expired" in result.output
    db.session.expire_all()
    assert db.session.query(Assignment).one().release_reason == "expired"


# ------------------------------------------------------------------ in its operation (DESIGN section 7)

@pytest.fixture
def other(make_neighborhood, make_team, assign, acting_coordinator):
    """Another operation with a neighborhood, a pair, and an assignment there already past its expiry."""
    operation = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), operation, "coordinator")
    db.session.commit()
    with scope.working_in(scope.ref(operation)):
        hood, team = make_neighborhood(), make_team()
        assign(team, hood.blocks[:1], hours=1, ago=3)
        made = db.session.query(Assignment).filter_by(operation_id=operation.id).one()
    return {"blocks": hood.blocks, "team": team, "assignment": made}


def test_another_operations_block_or_pair_is_not_found_and_nothing_is_written(make_user, make_team,
                                                                           make_neighborhood, other):
    coordinator, team, hood = make_user("coordinator"), make_team(), make_neighborhood()
    with pytest.raises(NotFound) as block:
        assignment.assign_blocks(coordinator, team.id, [hood.blocks[0].id, other["blocks"][1].id], 72)
    assert block.value.fields == {"block_ids": [other["blocks"][1].id]}
    with pytest.raises(NotFound):
        assignment.assign_blocks(coordinator, other["team"].id, [hood.blocks[0].id], 72)
    db.session.rollback()
    assert db.session.query(Assignment).filter_by(operation_id=scope.current_id()).count() == 0


@pytest.mark.parametrize("step", ["release", "renew"])
def test_another_operations_assignment_is_not_found(make_user, other, step):
    theirs = other["assignment"].id
    with pytest.raises(NotFound):
        assignment.release(make_user("coordinator"), theirs) if step == "release" else assignment.renew(
            make_user("coordinator"), theirs, 72)


def test_expiry_releases_only_the_operations_own_assignments(make_team, make_neighborhood, assign, other):
    team, hood = make_team(), make_neighborhood()
    assign(team, hood.blocks[:1], hours=1, ago=3)
    released = assignment.expire_due()
    db.session.commit()
    assert len(released) == 1 and other["assignment"].released_at is None
    assert [row.team_id for row in assignment.active_assignment_rows()] == []
    assert assignment.active_block_counts() == {}


def close_current() -> None:
    operation = db.session.get(Operation, scope.current_id())
    operations.set_status(operation, "closed")
    db.session.commit()
    scope.choose(scope.ref(operation))


def test_a_closed_operation_makes_and_renews_no_assignment_but_ends_them(make_user, make_team, make_neighborhood):
    coordinator, hood = make_user("coordinator"), make_neighborhood()
    [made] = assignment.assign_blocks(coordinator, make_team().id, [hood.blocks[0].id], 72)
    db.session.commit()
    close_current()
    for refused in (lambda: assignment.assign_blocks(coordinator, make_team().id, [hood.blocks[1].id], 72),
                    lambda: assignment.renew(coordinator, made.id, 72)):
        with pytest.raises(Conflict) as raised:
            refused()
        assert raised.value.code == "operation_closed" and raised.value.status == 409
    assignment.release(coordinator, made.id)
    db.session.commit()
    assert db.session.query(Assignment).filter(Assignment.released_at.is_(None)).count() == 0
    assert db.session.query(Assignment).count() == 1
