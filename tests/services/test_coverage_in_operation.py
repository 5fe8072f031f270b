"""Coverage and care (services/fieldwork/coverage.py) count and list the operation's own work only; a shift or
visit of another operation cannot be handled from here (DESIGN section 7)."""
import uuid
from datetime import timedelta

import pytest

from outreach import scope
from outreach.errors import NotFound
from outreach.extensions import db
from outreach.models import Shift, utcnow
from outreach.services.fieldwork import coverage, visits
from outreach.services.operation import operations


def log_visit(block, author, **fields) -> int:
    """A visit an hour ago through intake; its id."""
    sent = {"client_id": str(uuid.uuid4()), "block_id": block.id, "outcome": "contact", "adults": 1,
            "visited_at": (utcnow() - timedelta(hours=1)).isoformat(), **fields}
    stored = visits.record_visit(sent, author)
    db.session.commit()
    return stored.visit_id


@pytest.fixture
def other(make_neighborhood, make_team, make_user, acting_coordinator):
    """Another operation with two neighborhoods, a pair, a visit with a safety concern and a need, and a shift."""
    operation = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), operation, "coordinator")
    db.session.commit()
    with scope.working_in(scope.ref(operation)):
        hoods = [make_neighborhood(name="Elsewhere A"), make_neighborhood(name="Elsewhere B")]
        team = make_team()
        author = visits.author_for(team.members[0])
        concern = log_visit(hoods[0].blocks[0], author, safety_concern=True,
                            needs=[{"category": "water", "urgency": "soon"}])
        shift = Shift(user_id=team.members[0].id, team_id=team.id, expected_end_at=utcnow() - timedelta(hours=1),
                      debrief_requested=True)
        db.session.add(shift)
        db.session.commit()
    return {"concern": concern, "shift": shift.id}


def test_numbers_and_lists_are_the_operations_own(make_neighborhood, make_team, other):
    hood = make_neighborhood(name="Here")
    team = make_team()
    log_visit(hood.blocks[0], visits.author_for(team.members[0]), safety_concern=True)
    totals = coverage.operation_totals()
    assert totals == {"blocks": len(hood.blocks), "pairs": 1, "visits": 1, "open_needs": 0}
    hoods = coverage.neighborhood_coverage()
    assert [h.name for h in hoods] == ["Here"] and hoods[0].visited_blocks == 1 and hoods[0].needs_open == 0
    assert sum(count for _day, count in coverage.visits_per_day()) == 1
    assert [visit.block_id for visit in coverage.safety_concerns()] == [hood.blocks[0].id]


def test_another_operations_concern_or_shift_cannot_be_handled_here(make_user, other):
    coordinator = make_user("coordinator")
    steps = [lambda: coverage.resolve_safety(coordinator, other["concern"]),
             lambda: coverage.extend_overdue(coordinator, other["shift"]),
             lambda: coverage.close_overdue(coordinator, other["shift"]),
             lambda: coverage.mark_debriefed(coordinator, other["shift"])]
    for step in steps:
        with pytest.raises(NotFound):
            step()
    db.session.rollback()
    shift = db.session.get(Shift, other["shift"])
    assert shift.checked_out_at is None and shift.last_ok_at is None and shift.debrief_done_at is None
