"""Pair rules: two trained active volunteers, each in at most one active pair."""
from datetime import date, timedelta

import pytest

from outreach import scope
from outreach.errors import Conflict, Invalid
from outreach.extensions import db
from outreach.models import AuditEvent
from outreach.services.fieldwork import assignment
from outreach.services.operation import operations
from outreach.services.people import teams
from outreach.services.people.teams import Staging


def test_two_trained_volunteers_form_a_pair(make_user):
    coordinator, a, b = make_user("coordinator"), make_user(), make_user()
    team = teams.create_team(coordinator, name="Magnolia", member_ids=[a.id, b.id],
                             staging=Staging(29.96, -90.01, "Church steps"))
    assert [m.id for m in team.members] == sorted([a.id, b.id])
    assert teams.pair_problems(team) == []
    assert (team.staging_lat, team.staging_lon, team.staging_label) == (29.96, -90.01, "Church steps")
    assert db.session.query(AuditEvent).filter_by(action="pair_formed").count() == 1


@pytest.mark.parametrize("ids", [[], [1], [1, 2, 3], "1,2", [1, True]])
def test_a_pair_is_exactly_two_ids(make_user, ids):
    with pytest.raises(Invalid) as raised:
        teams.create_team(make_user("coordinator"), name="X", member_ids=ids, staging=None)
    assert raised.value.code == "not_a_pair"


def test_same_person_twice_is_not_a_pair(make_user):
    a = make_user()
    with pytest.raises(Invalid):
        teams.create_team(make_user("coordinator"), name="X", member_ids=[a.id, a.id], staging=None)


@pytest.mark.parametrize("problem", ["untrained", "inactive", "aid"])
def test_untrained_inactive_or_non_volunteer_is_refused(make_user, problem):
    a = make_user()
    b = {"untrained": lambda: make_user(trained_on=None),
         "inactive": lambda: _deactivated(make_user()),
         "aid": lambda: make_user("aid")}[problem]()
    with pytest.raises(Invalid) as raised:
        teams.create_team(make_user("coordinator"), name="X", member_ids=[a.id, b.id], staging=None)
    assert b.name in raised.value.message


def _deactivated(user):
    user.active = False
    db.session.commit()
    return user


def test_a_volunteer_is_in_at_most_one_active_pair(make_user, make_team):
    first = make_team()
    with pytest.raises(Conflict) as raised:
        teams.create_team(make_user("coordinator"), name="Y", member_ids=[first.members[0].id, make_user().id],
                          staging=None)
    assert raised.value.code == "already_paired"


def test_after_dissolving_a_pair_its_volunteers_pair_again(make_user, make_team, make_neighborhood, assign):
    coordinator = make_user("coordinator")
    first = make_team()
    block = make_neighborhood().blocks[0]
    assign(first, [block])
    assignment.dissolve_pair(coordinator, first)
    assert block.status == "unassigned"
    again = teams.create_team(coordinator, name="Z", member_ids=[m.id for m in first.members], staging=None)
    assert again.active and not first.active


def test_old_training_warns_but_does_not_refuse(make_user):
    old = make_user(trained_on=date.today() - timedelta(days=400))
    team = teams.create_team(make_user("coordinator"), name="Heron", member_ids=[old.id, make_user().id],
                             staging=None)
    assert teams.pair_problems(team) == []
    warnings = teams.training_warnings(team.members, valid_days=365)
    assert len(warnings) == 1 and old.name in warnings[0]
    assert teams.training_warnings(team.members, valid_days=500) == []


def test_pair_with_a_deactivated_member_is_not_valid(make_team):
    team = make_team()
    _deactivated(team.members[1])
    with pytest.raises(Invalid):
        teams.require_valid_pair(team)


def test_staging_point_must_be_on_earth(make_user):
    with pytest.raises(Invalid):
        teams.create_team(make_user("coordinator"), name="X", member_ids=[make_user().id, make_user().id],
                          staging=Staging(129.0, -90.0))


def another_operation(slug="heat"):
    """A second operation, as a scope reference."""
    return scope.ref(operations.create(slug, "Heat wave"))


def test_a_pair_is_of_volunteers_of_this_operation_only(make_user):
    coordinator, here = make_user("coordinator"), make_user()
    with scope.working_in(another_operation()):
        elsewhere = make_user()  # a volunteer of the heat wave, not of this operation
    with pytest.raises(Invalid) as raised:
        teams.create_team(coordinator, name="X", member_ids=[here.id, elsewhere.id], staging=None)
    assert raised.value.code == "not_a_pair" and f"No volunteer with id {elsewhere.id}" in raised.value.message
    assert elsewhere.name not in raised.value.message  # nothing of the other operation's people is told


def test_walking_in_a_pair_in_one_operation_leaves_a_volunteer_free_in_another(make_user):
    coordinator, a, b = make_user("coordinator"), make_user(), make_user()
    here = teams.create_team(coordinator, name="Magnolia", member_ids=[a.id, b.id], staging=None)
    heat = another_operation()
    for person, role in ((coordinator, "coordinator"), (a, "volunteer"), (b, "volunteer")):
        operations.add_member(person, operations.by_slug("heat"), role)
    with scope.working_in(heat):
        assert teams.active_team_of(a) is None and teams.list_active_teams() == []
        there = teams.create_team(coordinator, name="Cypress", member_ids=[a.id, b.id], staging=None)
        assert there.operation_id == heat.id and teams.find_team(here.id) is None
    assert teams.active_team_of(a).id == here.id and teams.find_team(there.id) is None


def test_a_closed_operation_forms_no_new_pairs(make_user):
    coordinator, a, b = make_user("coordinator"), make_user(), make_user()
    operations.set_status(operations.by_slug(scope.current().slug), "closed")
    scope.choose(scope.ref(operations.by_slug(scope.current().slug)))
    with pytest.raises(Conflict) as raised:
        teams.create_team(coordinator, name="Late", member_ids=[a.id, b.id], staging=None)
    assert raised.value.code == "operation_closed" and raised.value.status == 409
    assert teams.list_active_teams() == []
