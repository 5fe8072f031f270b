"""A block's status follows from its facts, most pressing first."""
import pytest

from outreach.services.areas.blocks import derive_status

FACTS = dict(flagged_unsafe=False, marked_done=False, assigned=False, visited=False, follow_up=False,
             open_needs=False)


@pytest.mark.parametrize("facts,expected", [
    ({}, "unassigned"),
    ({"assigned": True}, "assigned"),
    ({"assigned": True, "visited": True}, "in_progress"),
    ({"assigned": True, "visited": True, "marked_done": True}, "done"),
    ({"marked_done": True, "open_needs": True}, "revisit"),
    ({"visited": True, "follow_up": True}, "revisit"),
    ({"flagged_unsafe": True, "open_needs": True, "assigned": True}, "unsafe"),
])
def test_status_is_derived_from_facts(facts, expected):
    assert derive_status(**{**FACTS, **facts}) == expected
