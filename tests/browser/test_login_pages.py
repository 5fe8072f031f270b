"""Each role signs in through the real page in Chromium and lands on its home."""
import pytest
from playwright.sync_api import expect

HOMES = {"coordinator": ("/coordinator/", "What needs action now"),
         "volunteer": ("/field/", "My blocks"),
         "aid": ("/aid/", "Open needs")}


@pytest.mark.parametrize("role", HOMES)
def test_role_signs_in_and_lands_on_home(page, sign_in, make_user, live_server, role):
    sign_in(page, make_user(role))
    path, heading = HOMES[role]
    assert page.url == live_server + "/o/test-op" + path
    assert heading in page.locator("h1").inner_text()


def test_volunteer_signs_in_on_a_phone(phone_page, sign_in, make_user, make_team, live_server):
    team = make_team(name="Magnolia")
    sign_in(phone_page, team.members[0])
    assert phone_page.url == live_server + "/o/test-op/field/"
    expect(phone_page.locator("main")).to_contain_text("Magnolia")  # filled in from data.json
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the field home must not scroll sideways on a phone"


def test_wrong_password_shows_a_message(page, sign_in, make_user, live_server):
    sign_in(page, make_user("aid"), password="wrong password!")
    assert page.url.startswith(live_server + "/login")
    assert "do not match" in page.inner_text(".flash")
