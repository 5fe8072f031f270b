"""In Chromium: an aid member claims a need from the /aid page and marks it met; script payloads
in a need's notes and in a group's name run nowhere and read as plain text."""
import pytest

from outreach.extensions import db
from outreach.models import Need

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def dialogs():
    return []


def watch(page, dialogs):
    """Record any alert a payload manages to open, and any script the CSP had to block."""
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: "Content Security Policy" in message.text and dialogs.append(message.text))


def test_an_aid_member_claims_a_need_from_the_map_page_and_marks_it_met(page, sign_in, make_group,
                                                                       make_neighborhood, make_need, dialogs):
    group, member = make_group(name=PAYLOAD)
    block = make_neighborhood(name="Lower Ninth").blocks[0]
    need = make_need(block, category="water", urgency="immediate", people=3, notes=PAYLOAD, hint="side door")
    watch(page, dialogs)
    sign_in(page, member)
    page.goto("/aid/")
    assert PAYLOAD in page.locator("h1").inner_text()
    assert page.locator(".leaflet-container").count() == 1
    row = page.locator(f"#need-{need.id}")
    assert block.code in row.inner_text() and "side door" not in page.content()

    row.get_by_role("button", name="Claim").click()
    page.wait_for_load_state()
    row = page.locator(f"#need-{need.id}")
    assert "side door" in row.inner_text() and PAYLOAD in row.inner_text()
    # The map's popup names the claiming group, as text.
    page.locator(".leaflet-marker-icon, path.leaflet-interactive").first.click()  # a need for now is a "!" marker
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert PAYLOAD in popup.inner_text() and "Block " + block.code in popup.inner_text()

    row.get_by_role("button", name="Mark as met").click()
    page.wait_for_load_state()
    assert "Marked as met" in page.locator(".flash").inner_text()
    assert page.locator(f"#need-{need.id}").count() == 0
    db.session.expire_all()
    stored = db.session.get(Need, need.id)
    # The hint stays for the coordinators until a visit confirms the need or it is closed (DESIGN 2.5, issue 25);
    # the group's board no longer shows it.
    assert (stored.status, stored.claimed_by_group_id, stored.hint) == ("fulfilled", group.id, "side door")
    assert "side door" not in page.content()
    assert dialogs == []


def test_a_payload_in_visit_notes_is_text_on_the_triage_page(page, sign_in, make_user, make_group,
                                                             make_neighborhood, make_need, dialogs):
    make_group(name=PAYLOAD)
    need = make_need(make_neighborhood().blocks[0], notes=PAYLOAD)
    watch(page, dialogs)
    sign_in(page, make_user("coordinator"))
    for url in ("/coordinator/needs", "/coordinator/aid-groups", "/aid/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto("/coordinator/needs")
    stored = db.session.get(Need, need.id).visit.notes  # as the scrubber left it: tags and all, a word redacted
    assert "<script>" in stored and stored in page.locator(f"#need-{need.id}").inner_text()
    assert page.locator("main img").count() == 0
    assert dialogs == []


def test_the_board_fits_a_phone(phone_page, sign_in, make_group, make_neighborhood, make_need):
    _, member = make_group()
    make_need(make_neighborhood().blocks[0])
    sign_in(phone_page, member)
    phone_page.goto("/aid/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone_page.get_by_role("button", name="Claim").is_visible()

