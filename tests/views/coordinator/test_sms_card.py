"""The pair packet's code card for texting when data is down (DESIGN section 9): the staging number and every
letter of the grammar with its label, in the reader's language."""
import re

import pytest

from outreach.vocab import NeedCategory, VisitOutcome
from tests.views.coordinator.test_packet import pair_with_blocks  # noqa: F401  (the fixture)


@pytest.fixture
def staging_number(app):
    """The app with a staging SMS number."""
    app.config["SMS_NUMBER"] = "+15045550100"
    yield app.config["SMS_NUMBER"]
    app.config["SMS_NUMBER"] = ""


def card_of(client, team) -> str:
    """The code card of a pair's packet, as text."""
    page = client.get(f"/coordinator/teams/{team.id}/packet").get_data(as_text=True)
    found = re.search(r'<section class="sheet sms-card".*?</section>', page, re.DOTALL)
    return found.group(0) if found else ""


def test_the_packet_carries_the_code_card_and_the_staging_number(client, coordinator, pair_with_blocks,  # noqa: F811
                                                                 staging_number):
    team, hood = pair_with_blocks
    card = card_of(client, team)
    assert "+15045550100" in card
    assert f"V {hood.blocks[0].code} C W1 R2" in card
    assert "the list of what waits on your phone shows each visit as a text with its #REF" in card
    for letter, slug in (("C", "contact"), ("E", "vacant")):
        assert f'{letter}</strong> {VisitOutcome.label(slug)}' in card
    for letter, slug in (("W", "water"), ("R", "medication"), ("E", "eldercare")):
        assert f'{letter}</strong> {NeedCategory.label(slug)}' in card


def test_the_card_is_in_the_readers_language(client, coordinator, pair_with_blocks, staging_number):  # noqa: F811
    team, _hood = pair_with_blocks
    client.get("/language/es")
    card = card_of(client, team)
    assert "W</strong> Agua" in card


def test_without_a_staging_number_there_is_no_card(client, coordinator, pair_with_blocks):  # noqa: F811
    team, _hood = pair_with_blocks
    assert card_of(client, team) == ""
