"""Coordinator pages as Chromium draws them at 1280x860: the header on one line, the home's action list."""
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from outreach.extensions import db
from outreach.models import utcnow
from outreach.services.safety import alerts, shifts

DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture
def desk(browser, live_server):
    """A laptop-sized page at the staging area."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["en", "es", "vi"])
def test_the_coordinator_header_is_one_line_at_1280(desk, sign_in, make_user, lang):
    sign_in(desk, make_user("coordinator"))
    desk.goto(f"/coordinator/?lang={lang}")
    header = desk.locator("header.bar")
    expect(header).to_be_visible()
    # What is drawn: the links under "More" are closed away and not drawn.
    links = desk.locator("header.bar :is(a, button, strong, summary):visible")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    middles = {round(box["y"] + box["height"] / 2) for box in boxes}
    height = header.bounding_box()["height"]
    # One line: every link, the sign-out button and the languages share a row, and the bar is one row tall.
    assert len(boxes) >= 10 and max(middles) - min(middles) <= 6, (lang, sorted(middles))
    assert height <= 64, (lang, height)
    assert desk.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_the_home_lists_an_overdue_shift_and_a_help_call_with_links(desk, sign_in, make_user, make_neighborhood,
                                                                  make_team, assign):
    hood = make_neighborhood(name="Tremé")
    team = make_team(name="Pair Magnolia", members=[make_user(name="Ana Late", staff_contact="504-555-0147"),
                                                    make_user(name="Bo")])
    assign(team, hood.blocks[:2])
    shifts.check_in(team.members[0], 1, at=utcnow() - timedelta(hours=3))
    alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "help", "block_id": hood.blocks[1].id,
                         "sent_at": utcnow().isoformat()}, team.members[1])
    db.session.commit()
    sign_in(desk, make_user("coordinator"))
    desk.goto("/coordinator/")
    overdue = desk.locator("[data-card=overdue]")
    expect(overdue.get_by_text("Ana Late")).to_be_visible()
    expect(overdue.get_by_text("504-555-0147")).to_be_visible()
    link = overdue.get_by_role("link", name="Handle on the dashboard")
    expect(link).to_be_visible()
    help_card = desk.locator("[data-card=help]")
    block_link = help_card.get_by_role("link", name=hood.blocks[1].code)
    expect(block_link).to_be_visible()
    # The help card comes first and is in the first screen.
    assert help_card.bounding_box()["y"] + 100 < DESKTOP["height"]
    link.click()
    desk.wait_for_url("**/coordinator/dashboard#overdue")
    expect(desk.locator("#overdue").get_by_text("Ana Late")).to_be_visible()


def test_the_occasional_pages_open_under_more(desk, sign_in, make_user):
    sign_in(desk, make_user("coordinator"))
    desk.goto("/coordinator/")
    phones = desk.locator("header.bar").get_by_role("link", name="Phones")
    expect(phones).to_be_hidden()
    desk.locator("header.bar summary", has_text="More").click()
    expect(phones).to_be_visible()
    phones.click()
    desk.wait_for_url("**/coordinator/tokens")


def test_the_dashboards_help_card_names_the_zone_links_the_block_and_dates_earlier_answers(
        desk, sign_in, make_user, make_neighborhood, make_team, assign):
    hood = make_neighborhood(name="Tremé")
    team = make_team(name="Pair Heron", members=[make_user(name="Cam", staff_contact="radio ch 2"),
                                                 make_user(name="Dee")])
    assign(team, hood.blocks[:2])
    boss = make_user("coordinator", name="Cora Lead")
    earlier, _ = alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "help",
                                      "sent_at": (utcnow() - timedelta(days=1)).isoformat()}, team.members[0])
    alerts.acknowledge(boss, earlier.id)
    alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "help", "block_id": hood.blocks[1].id,
                         "sent_at": utcnow().isoformat()}, team.members[1])
    db.session.commit()
    sign_in(desk, boss)
    desk.goto("/coordinator/dashboard")
    call = desk.locator("[data-list=help] li.help-call")
    expect(call).to_be_visible()
    zone = utcnow().astimezone(ZoneInfo("America/Chicago")).strftime("%Z")
    expect(call).to_contain_text(zone)
    expect(call).to_contain_text("radio ch 2")
    expect(call.locator(".earlier")).to_contain_text("Cora Lead")
    block_link = call.get_by_role("link", name=hood.blocks[1].code)
    expect(block_link).to_be_visible()
    assert f"block_id={hood.blocks[1].id}" in block_link.get_attribute("href")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_on_a_phone_every_coordinator_page_is_under_the_menu_and_the_header_stays_short(
        browser, live_server, sign_in, make_user, lang):
    from tests.browser.conftest import PHONE

    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        sign_in(phone, make_user("coordinator"))
        phone.goto(f"/coordinator/?lang={lang}")
        assert phone.locator("header.bar").bounding_box()["height"] <= PHONE["height"] * 0.25
        dashboard = phone.locator("header.bar a[href='/o/test-op/coordinator/dashboard']:visible")
        expect(dashboard).to_have_count(0)
        phone.locator("header.bar summary").click()
        expect(dashboard).to_have_count(1)
        for box in (phone.locator("header.bar .nav-more-panel a:visible").nth(i).bounding_box() for i in range(11)):
            assert box["height"] >= 48
        dashboard.click()
        phone.wait_for_url("**/coordinator/dashboard")
    finally:
        context.close()
