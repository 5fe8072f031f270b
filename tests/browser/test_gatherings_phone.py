"""A facilitator's phone in Chromium at 360x640 (issue 27): the gathering on the field home, a report made
with no signal, stored once when the signal returns, and its needs on the aid board."""
from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import GatheringReport, Need, Shift
from outreach.services.people.teams import active_team_of
from tests.browser.phone import ALL_SENT, SYNCED, count, set_offline, signed_in_phone


def test_a_facilitator_reports_a_gathering_offline_and_its_needs_reach_the_aid_board(
        phone_page, browser, live_server, sign_in, volunteer, make_gathering, make_group):
    page = phone_page
    user, block = volunteer
    partner = next(member for member in active_team_of(user).members if member.id != user.id)
    make_gathering(facilitators=[user, partner], block=block, starts_in_hours=-1, hours=2,
                   title="Listening circle at the Dauphine church")
    signed_in_phone(page, sign_in, user)

    link = page.locator(".gathering-link")
    expect(link).to_be_visible()
    assert "Listening circle at the Dauphine church" in link.inner_text() and block.code in link.inner_text()
    assert link.bounding_box()["height"] >= 48 and link.bounding_box()["width"] <= 360
    link.click()
    expect(page.locator("#gathering-title")).to_have_text("Listening circle at the Dauphine church")

    page.click("#gathering-check-in")
    expect(page.locator("#gathering-saved")).to_contain_text("Checked in, and the staging area knows", timeout=SYNCED)
    assert count(Shift, Shift.checked_out_at.is_(None)) == 2  # both facilitators, watched by the safety loop

    set_offline(page, True)
    assert page.reload().from_service_worker, "offline, the gathering page must come from the service worker"
    form = page.locator("#gathering-report")
    expect(form).to_be_visible()
    page.fill("input[name=attendance]", "14")
    page.fill("input[name=under_18]", "3")
    page.fill("input[name=minutes]", "75")
    page.get_by_text("Grief and loss", exact=True).click()
    page.locator("label.chip", has_text="Water").click()
    page.locator("[data-need=water] .need-people").fill("6")
    page.click("button:has-text('Save the report')")
    expect(page.locator("#gathering-saved")).to_contain_text("Saved on this phone, not sent yet")
    expect(page.locator("#outbox-count")).to_have_text("1 thing is saved on this phone, not yet sent")
    assert count(GatheringReport) == 0

    set_offline(page, False)
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    expect(page.locator("#gathering-saved")).to_have_text("Report sent. Thank you.")
    page.click("#sync-now")  # another round sends nothing twice
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    assert count(GatheringReport) == 1
    db.session.rollback()
    report = db.session.scalar(select(GatheringReport))
    assert (report.attendance, report.under_18, report.minutes, report.topics) == (14, 3, 75, ["grief_and_loss"])
    need = db.session.scalar(select(Need))
    assert (need.block_id, need.category, need.people) == (block.id, "water", 6)

    _group, member = make_group(categories=("water",))
    aid = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 640})
    board = aid.new_page()
    sign_in(board, member)
    board.goto("/aid/")
    row = board.locator(f"#need-{need.id}")
    expect(row).to_be_visible()
    assert "Water" in row.inner_text() and block.code in row.inner_text()
    aid.close()


KEPT = """async (path) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(path)) { return true; }
  }
  return false;
}"""


def test_the_gathering_page_is_kept_for_facilitators_only_and_opens_offline_the_first_time(
        phone_page, sign_in, volunteer, make_gathering):
    page = phone_page
    user, block = volunteer
    partner = next(member for member in active_team_of(user).members if member.id != user.id)
    signed_in_phone(page, sign_in, user)
    page.wait_for_load_state("networkidle")
    # Nobody's facilitator yet: the phone keeps no gathering page (a first load is a budget, DESIGN section 6).
    assert not page.evaluate(KEPT, "/o/test-op/field/gathering")
    gathering = make_gathering(facilitators=[user, partner], block=block, starts_in_hours=2, hours=2,
                               title="Practice circle at the library")
    page.reload()  # data.json now lists it: the service worker keeps its page and code
    expect(page.locator(".gathering-link")).to_be_visible()
    page.wait_for_function(KEPT, arg="/o/test-op/field/gathering", timeout=SYNCED)
    set_offline(page, True)
    page.goto(f"/o/test-op/field/gatherings/{gathering.id}")  # never opened before, and no signal
    expect(page.locator("#gathering-title")).to_have_text("Practice circle at the library")
    expect(page.locator("#gathering-check-in")).to_be_visible()
