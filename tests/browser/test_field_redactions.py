"""On a phone in Chromium: after a note is sent, the phone shows what was typed beside the note as stored, its
placeholders in it (DESIGN section 2 rule 3), so the volunteer sees what was removed."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Visit
from tests.browser.phone import ALL_SENT, FIELD, SYNCED, signed_in_phone

TYPED = "Keisha Broussard said the roof leaks, call 504-555-0134"
STORED = "[name] said the roof leaks, call [phone]"


def log_visit_with_notes(page, block, notes):
    page.goto(f"{FIELD}visit")
    page.select_option("#block", str(block.id))
    page.get_by_text("Spoke with someone", exact=True).click()
    page.click("#more summary")  # the notes are in the full log
    page.fill("#notes", notes)
    page.click("button[type=submit]")
    expect(page.locator("#saved")).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 640}, {"width": 1280, "height": 860}])
def test_the_phone_shows_the_note_as_stored_beside_what_was_typed(phone_page, sign_in, volunteer, viewport):
    page = phone_page
    page.set_viewport_size(viewport)
    user, block = volunteer
    signed_in_phone(page, sign_in, user)
    log_visit_with_notes(page, block, TYPED)
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    db.session.rollback()  # see what the live server committed
    assert db.session.scalar(select(Visit.notes)) == STORED

    shown = page.locator("#outbox-redacted")
    expect(shown).to_be_visible()
    expect(shown.locator(".typed")).to_have_text(f"You typed: {TYPED}")
    expect(shown.locator(".stored")).to_have_text(f"Stored as: {STORED}")
    box = shown.bounding_box()
    assert box["width"] <= viewport["width"] and box["height"] > 20  # on the screen, not cut off
    page.screenshot(path=f"/tmp/scrub/redactions-{viewport['width']}.png", full_page=True)


def test_a_note_with_nothing_personal_shows_no_comparison(phone_page, sign_in, volunteer):
    page = phone_page
    user, block = volunteer
    signed_in_phone(page, sign_in, user)
    log_visit_with_notes(page, block, "roof tarp needed, 2 kids")
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    expect(page.locator("#outbox-note")).to_contain_text("Sent")
    expect(page.locator("#outbox-redacted")).to_be_hidden()
