"""Fixtures shared by the API tests."""
import pytest


@pytest.fixture
def field(make_neighborhood, make_team, assign, token_for):
    """A pair with two of a neighborhood's blocks, and a device token for its first member."""
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    return {"team": team, "blocks": hood.blocks, "headers": token_for(team.members[0], label="device test")}
