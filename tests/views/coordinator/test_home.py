"""The coordinator's home: what needs action now (help calls, overdue shifts, urgent needs), each linked."""
import html
import re
import uuid
from datetime import timedelta

import pytest

from outreach.extensions import db
from outreach.models import utcnow
from outreach.services.fieldwork import visits
from outreach.services.safety import alerts, shifts
from tests.views.coordinator.safety import call_for_help


@pytest.fixture
def pair_on_blocks(make_neighborhood, make_team, make_user, assign):
    hood = make_neighborhood(name="Tremé")
    team = make_team(name="Pair Magnolia", members=[make_user(name="Ana", staff_contact="radio ch 4"),
                                                    make_user(name="Bo", staff_contact="504-555-0147")])
    assign(team, hood.blocks[:2])
    return hood, team



def home(client) -> str:
    response = client.get("/coordinator/")
    assert response.status_code == 200
    return response.data.decode()


def card(page: str, key: str) -> str:
    """The HTML of one action card of the home page."""
    found = re.search(rf'<section[^>]*data-card="{key}".*?</section>', page, re.S)
    assert found is not None, f"no {key} card"
    return found[0]


def text_of(fragment: str) -> str:
    """What a fragment reads as: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def links(fragment: str) -> dict[str, str]:
    """Each link's text and address."""
    return {text_of(body): html.unescape(href)
            for href, body in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', fragment, re.S)}


def test_a_help_call_card_gives_contacts_the_block_on_the_map_and_who_answered_before(
        client, coordinator, pair_on_blocks):
    hood, team = pair_on_blocks
    earlier = call_for_help(team.members[0], hood.blocks[1])
    alerts.acknowledge(coordinator, earlier.id)
    db.session.commit()
    call_for_help(team.members[1], hood.blocks[0])
    help_card = card(home(client), "help")
    text = text_of(help_card)
    assert "Pair Magnolia" in text and "radio ch 4" in text and "504-555-0147" in text
    block_link = links(help_card)[hood.blocks[0].code]
    assert block_link.startswith("/o/test-op/coordinator/map?")
    assert f"neighborhood_id={hood.id}" in block_link and f"block_id={hood.blocks[0].id}" in block_link
    earlier_part = re.search(r'class="earlier".*?</', help_card, re.S)[0]
    assert coordinator.name in earlier_part
    assert re.search(r"<form[^>]*/coordinator/care/alert/", help_card)  # acknowledge from here


def test_a_help_call_without_a_block_shows_the_pairs_last_visited_block(client, coordinator, pair_on_blocks):
    hood, team = pair_on_blocks
    fieldwork_visit(team.members[0], hood.blocks[1])
    call_for_help(team.members[0])
    text = text_of(card(home(client), "help"))
    assert hood.blocks[1].code in text and "last visit" in text


def fieldwork_visit(user, block):
    visits.record_visit({"client_id": str(uuid.uuid4()), "block_id": block.id, "outcome": "no_answer",
                         "visited_at": (utcnow() - timedelta(minutes=20)).isoformat()}, visits.author_for(user))
    db.session.commit()


def test_an_overdue_shift_is_listed_with_how_to_reach_them_and_a_link(client, coordinator, pair_on_blocks):
    _, team = pair_on_blocks
    shifts.check_in(team.members[0], 1, at=utcnow() - timedelta(hours=3))
    db.session.commit()
    overdue = card(home(client), "overdue")
    text = text_of(overdue)
    assert "Ana" in text and "radio ch 4" in text
    assert "/o/test-op/coordinator/dashboard#overdue" in links(overdue).values()


def test_urgent_open_needs_link_to_their_row_in_triage(client, coordinator, block, make_need):
    urgent = make_need(block, category="medication", urgency="immediate")
    make_need(block, category="food", urgency="routine")
    needs_card = card(home(client), "urgent_needs")
    assert f"/o/test-op/coordinator/needs#need-{urgent.id}" in links(needs_card).values()
    assert "Medication" in text_of(needs_card) and "Food" not in text_of(needs_card)


def test_a_quiet_operation_says_nothing_waits(client, coordinator):
    page = home(client)
    for key in ("help", "overdue", "urgent_needs"):
        assert 'class="empty"' in card(page, key)


def test_acknowledging_from_the_home_comes_back_to_the_home(client, coordinator, pair_on_blocks):
    _, team = pair_on_blocks
    alert = call_for_help(team.members[0])
    response = client.post(f"/coordinator/care/alert/{alert.id}", data={"next": "/coordinator/"})
    assert response.status_code == 302 and response.headers["Location"] == "/coordinator/"
    assert db.session.get(type(alert), alert.id).acknowledged_at is not None


def test_a_foreign_next_goes_to_the_dashboard(client, coordinator, pair_on_blocks):
    alert = call_for_help(pair_on_blocks[1].members[0])
    response = client.post(f"/coordinator/care/alert/{alert.id}", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/o/test-op/coordinator/dashboard"


def test_the_urgent_card_shows_the_newest_few_and_counts_them_all(client, coordinator, block, make_need):
    made = [make_need(block, urgency="immediate", created_at=utcnow() - timedelta(hours=hours))
            for hours in range(7)]
    needs_card = card(home(client), "urgent_needs")
    assert '<span class="count">7</span>' in needs_card
    shown = re.findall(r"/coordinator/needs#need-(\d+)", needs_card)
    assert [int(need_id) for need_id in shown] == [need.id for need in made[:5]]
