"""On a phone in Chromium: check in, log a visit online, two more offline across a reload, all three
stored exactly once when the signal returns; check in, confirm a need, flag a hazard and check out with no
signal, each stored exactly once when it returns; check out asking for a debrief."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Block, FieldReceipt, Need, Shift, Visit
from tests.browser.phone import ALL_SENT, FIELD, SYNCED, set_offline, signed_in_phone


def server_visits() -> list[Visit]:
    db.session.rollback()  # see what the live server committed
    return db.session.scalars(select(Visit).order_by(Visit.id)).all()


def log_visit(page, block, outcome, need=None):
    page.select_option("#block", str(block.id))
    page.get_by_text(outcome, exact=True).click()
    page.click("button.step[data-for=adults][data-step='1']")
    if need:
        page.click(f"button[data-category={need}]")
    page.click("button[type=submit]")
    expect(page.locator("#saved")).to_be_visible()


def test_visits_logged_offline_survive_a_reload_and_are_stored_once(phone_page, sign_in, volunteer):
    page = phone_page
    user, block = volunteer
    signed_in_phone(page, sign_in, user)

    page.click("text=Check in or out")
    page.click("button:has-text('Check in')")
    expect(page.locator("#shift-saved")).to_contain_text("Checked in, and the staging area knows", timeout=SYNCED)

    page.goto(f"{FIELD}visit")
    expect(page.locator(f"#block option[value='{block.id}']")).to_have_count(1)
    log_visit(page, block, "Spoke with someone", need="water")
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    assert len(server_visits()) == 1

    set_offline(page, True)
    log_visit(page, block, "No answer")
    log_visit(page, block, "Empty or vacant")
    expect(page.locator("#outbox-count")).to_have_text("2 things are saved on this phone, not yet sent")
    assert page.reload().from_service_worker, "offline, the page must come from the service worker"
    expect(page.locator("#outbox-count")).to_have_text("2 things are saved on this phone, not yet sent")
    assert len(server_visits()) == 1

    set_offline(page, False)
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    stored = server_visits()
    assert [visit.outcome for visit in stored] == ["contact", "no_answer", "vacant"]
    assert len({visit.client_id for visit in stored}) == 3
    assert stored[0].needs[0].category == "water" and stored[0].adults == 1
    assert all(visit.team_id is not None and not visit.outside_assignment for visit in stored)


def test_check_in_need_hazard_and_check_out_made_offline_are_stored_once(phone_page, sign_in, volunteer, make_need):
    page = phone_page
    user, block = volunteer
    need = make_need(block, status="fulfilled")
    signed_in_phone(page, sign_in, user)

    set_offline(page, True)
    page.goto(f"{FIELD}shift")
    page.get_by_text("2 hours", exact=True).click()
    page.click("button:has-text('Check in')")
    expect(page.locator("#shift-saved")).to_contain_text("Saved on this phone, not sent yet")

    assert page.goto(f"{FIELD}blocks/{block.id}").from_service_worker  # never opened before, yet offline
    expect(page.locator("#block-title")).to_have_text(f"Block {block.code}")
    page.click("button[data-action=confirm]")
    expect(page.locator(f"li[data-need='{need.id}'] .need-note")).to_contain_text("not sent yet")
    page.fill("#hazard-form textarea", "Downed power line across the sidewalk")
    page.click("button:has-text('Flag this block unsafe')")
    expect(page.locator("#hazard-note")).to_contain_text("not sent yet")

    page.goto(f"{FIELD}shift")
    expect(page.locator("#check-out")).to_be_visible()  # the phone knows it checked in, though nothing is sent
    page.get_by_text("Tired", exact=True).click()
    page.get_by_label("I would like a debrief").check()
    page.click("button:has-text('Check out')")
    expect(page.locator("#outbox-count")).to_have_text("4 things are saved on this phone, not yet sent")
    assert page.reload().from_service_worker
    expect(page.locator("#outbox-kinds")).to_contain_text("check-in")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(FieldReceipt)) == 0

    set_offline(page, False)
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    expect(page.locator("#shift-saved")).to_contain_text("Checked out, and the staging area knows", timeout=SYNCED)
    db.session.rollback()
    [shift] = db.session.scalars(select(Shift).where(Shift.user_id == user.id)).all()
    assert shift.checked_out_at is not None and shift.self_care == "tired" and shift.debrief_requested
    assert db.session.get(Need, need.id).status == "confirmed"
    assert "Downed power line" in db.session.get(Block, block.id).open_hazards[0].note
    assert db.session.scalar(select(func.count()).select_from(FieldReceipt)) == 4


def test_check_out_with_a_debrief_request_reaches_the_dashboard(phone_page, page, sign_in, volunteer, make_user):
    coordinator_page, page = page, phone_page
    user, _block = volunteer
    signed_in_phone(page, sign_in, user)
    page.goto(f"{FIELD}shift")
    page.click("button:has-text('Check in')")
    expect(page.locator("#shift-saved")).to_contain_text("the staging area knows", timeout=SYNCED)
    page.get_by_text("Shaken", exact=True).click()
    page.get_by_label("I would like a debrief").check()
    page.click("button:has-text('Check out')")
    expect(page.locator("#shift-saved")).to_contain_text("Checked out, and the staging area knows", timeout=SYNCED)
    db.session.rollback()
    shift = db.session.scalar(select(Shift).where(Shift.user_id == user.id))
    assert shift.checked_out_at is not None and shift.self_care == "shaken" and shift.debrief_requested
    sign_in(coordinator_page, make_user("coordinator"))
    coordinator_page.goto("/coordinator/dashboard")
    expect(coordinator_page.locator("#care")).to_contain_text(user.name, timeout=SYNCED)


def test_a_safety_concern_shows_crisis_guidance(phone_page, sign_in, volunteer):
    page = phone_page
    user, block = volunteer
    sign_in(page, user)
    page.goto(f"{FIELD}visit")
    expect(page.locator("#crisis")).to_be_hidden()
    page.check("#safety")
    expect(page.locator("#crisis")).to_contain_text("988")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the visit form must not scroll sideways on a phone"


def test_the_block_page_lists_every_standing_warning_on_a_small_phone(phone_page, sign_in, volunteer, make_team,
                                                                    tmp_path):
    """Issue 25 item 3: another pair's warning is added below, never over, the first; both readable at 360 px."""
    from outreach.services.fieldwork import block_work

    user, block = volunteer
    block_work.flag_unsafe(block, user, "Live power line down by the oak")
    block_work.flag_unsafe(block, make_team(name="Oak").members[0], "Small puddle <b>at</b> the corner")
    db.session.commit()
    sign_in(phone_page, user)
    phone_page.goto(f"{FIELD}blocks/{block.id}")
    warnings = phone_page.locator("#block-hazard-notes li")
    expect(warnings).to_have_text(["Small puddle <b>at</b> the corner", "Live power line down by the oak"])
    for index in range(2):
        box = warnings.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] > 10
    phone_page.screenshot(path=tmp_path / "block-hazards-360.png", full_page=True)  # looked at when it changes
