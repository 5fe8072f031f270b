"""The demo is a living operation: every screen has something true to show (issue 23, item 17)."""
import math

import pytest
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import Alert, Assignment, Block, Need, Team, User, Visit
from outreach.services.fieldwork import suggestions
from outreach.services.operation import demo, operations
from outreach.services.people.teams import active_team_of
from outreach.services.people.volunteers import list_volunteers
from outreach.services.safety import care, shifts


@pytest.fixture
def seeded(app):
    assert demo.seed()
    db.session.commit()


def metres(lat1, lon1, lat2, lon2) -> float:
    return math.hypot((lon1 - lon2) * math.cos(math.radians(lat1)), lat1 - lat2) * 111_320


def test_the_demo_has_free_volunteers_room_for_a_plan_and_blocks_beside_each_staging_point(seeded):
    assert scope.current().slug == "demo"  # seeding leaves the demo operation chosen
    volunteers = list_volunteers()
    free = [person for person in volunteers if active_team_of(person) is None]
    assert len(free) == 2 and all(person.trained_on for person in free)
    plan = suggestions.current_plan(8)
    assert sum(len(blocks) for blocks in plan.blocks.values()) >= 5  # Pelican and Live Oak have room
    for team in db.session.scalars(select(Team)):  # the drill's pair too: every pair stages beside its blocks
        held = [row.block for row in db.session.scalars(select(Assignment).where(Assignment.team_id == team.id))]
        assert held
        farthest = max(metres(team.staging_lat, team.staging_lon, b.centroid_lat, b.centroid_lon) for b in held)
        assert farthest < 700, (team.name, farthest)


def test_the_demo_needs_a_coordinator_now_and_its_notes_match_their_needs(seeded):
    board = care.care_board()
    assert {shift["reason"] for shift in board["overdue"]} == {shifts.OVERDUE_RETURN}
    assert any(person["debrief_requested"] for person in board["care"])
    [call] = board["help"]
    assert call["block"] and call["earlier"] and all(member["contact"] for member in call["members"])
    assert db.session.scalar(select(Alert).where(Alert.acknowledged_at.is_not(None))) is not None
    needs = db.session.execute(select(Need.category, Visit.notes).join(Visit, Need.visit_id == Visit.id)).all()
    assert needs and all(notes == demo.NEED_NOTES[category] for category, notes in needs)
    assert db.session.scalar(select(Need).where(Need.status == "claimed")) is not None


def test_the_logins_say_who_is_in_which_pair_and_which_group():
    text = demo.logins_text()
    assert "volunteer1@example.org, volunteer2@example.org: pair Magnolia" in text
    assert "volunteer13@example.org, volunteer14@example.org: trained, not in a pair yet" in text
    assert "aid2@example.org: Bywater Kitchen Collective" in text


def test_the_demo_makes_the_demo_operation_and_a_small_exercise_with_the_coordinator_in_both(seeded):
    demo_operation, drill = operations.by_slug("demo"), operations.by_slug("drill")
    assert not demo_operation.exercise and drill.exercise and drill.status == demo_operation.status == "active"
    coordinator = db.session.scalar(select(User).where(User.email == demo.COORDINATOR))
    assert {(op.slug, role) for op, role in operations.memberships(coordinator.id)} == {
        ("demo", "coordinator"), ("drill", "coordinator")}
    blocks = dict(db.session.execute(select(Block.operation_id, db.func.count()).group_by(Block.operation_id)).all())
    assert 0 < blocks[drill.id] < blocks[demo_operation.id]
    with scope.working_in(scope.ref(drill)):
        [pair] = db.session.scalars(select(Team).where(Team.operation_id == drill.id)).all()
        assert pair.name == demo.DRILL_PAIR and {m.name for m in pair.members} == set(demo.FREE_VOLUNTEERS)
        assert [v.name for v in list_volunteers()] == sorted(demo.FREE_VOLUNTEERS)
    assert not demo.seed()  # a second run changes nothing, and works in the demo again
    assert scope.current().slug == "demo"
    assert db.session.scalar(select(db.func.count()).select_from(Team)) == len(demo.PAIR_NAMES) + 1


def test_the_logins_name_both_operations():
    text = demo.logins_text()
    assert "/o/demo/" in text and "/o/drill/" in text and "exercise drill" in text


def test_the_demo_has_a_public_gathering_ahead_for_the_field_login_and_a_reported_one_with_its_need(seeded):
    from outreach.services.gatherings import gatherings
    field_login = db.session.scalar(select(User).where(User.email == "volunteer1@example.org"))
    ahead = gatherings.list_gatherings(facilitator=field_login)
    assert [(g.kind, g.public, gatherings.status_of(g)) for g in ahead] == [("listening_circle", True, "planned")]
    held = [g for g in gatherings.list_gatherings() if gatherings.status_of(g) == "held"]
    assert len(held) == 1 and held[0].report.attendance == 23
    assert db.session.scalar(select(Need).where(Need.category == "water", Need.block_id == held[0].block_id,
                                                Need.people == 12)) is not None
