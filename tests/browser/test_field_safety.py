"""On a phone in Chromium: the help button (held, not tapped) made offline reaches the staging area exactly
once and shows there without a reload, and the phone learns it was received and acknowledged; the "all OK"
check-in goes out the same way; a coordinator's message shows as a banner until the pair acknowledges it."""
import time
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Alert, MessageRecipient, Shift, utcnow
from tests.browser.phone import ALL_SENT, FIELD, SYNCED, count, set_offline, signed_in_phone

HOLD_MS = 2300  # the button asks for 2 s


@pytest.fixture
def pair(make_neighborhood, make_team, make_user, assign, token_for):
    hood = make_neighborhood()
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:2])
    coordinator = make_user("coordinator")
    return {"me": team.members[0], "team": team, "block": hood.blocks[0], "coordinator": coordinator,
            "api": token_for(coordinator)}


def press(page, selector, ms):
    """Hold a finger (the mouse) on an element for `ms` milliseconds, scrolled to it first as a person would."""
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(ms)
    page.mouse.up()


def test_a_help_call_made_offline_reaches_the_dashboard_once_and_comes_back_acknowledged(
        phone_page, page, sign_in, pair):
    phone, dashboard = phone_page, page
    signed_in_phone(phone, sign_in, pair["me"])
    sign_in(dashboard, pair["coordinator"])
    dashboard.goto("/coordinator/dashboard")

    set_offline(phone, True)
    phone.goto(f"{FIELD}blocks/{pair['block'].id}")
    press(phone, "#help-now", 300)  # a brush in a pocket is not a call
    expect(phone.locator("#help-how")).to_contain_text("Keep pressing for 2 seconds")
    expect(phone.locator("#help-status")).to_be_hidden()
    press(phone, "#help-now", HOLD_MS)
    expect(phone.locator("#help-state")).to_have_text("Not sent yet, no signal. Call 911 if you can.")
    expect(phone.locator("#help-status")).to_contain_text("911")
    assert count(Alert) == 0
    phone.reload()  # still queued after a reload, and the call's state with it
    expect(phone.locator("#help-state")).to_contain_text("Not sent yet, no signal")

    set_offline(phone, False)
    back = time.monotonic()
    expect(phone.locator("#help-state")).to_contain_text("waiting for a coordinator", timeout=SYNCED)
    call = dashboard.locator("li.help-call")
    expect(call).to_have_count(1, timeout=SYNCED)
    print(f"\nhelp call made offline on the open dashboard {time.monotonic() - back:.1f} s after the signal returned")
    expect(call).to_contain_text("Magnolia")
    [alert] = db.session.scalars(select(Alert)).all()
    assert alert.kind == "help" and alert.block_id == pair["block"].id and alert.user_id == pair["me"].id

    call.locator("button", has_text="Acknowledge").click()
    expect(dashboard.locator("li.help-call")).to_have_count(0, timeout=SYNCED)
    expect(phone.locator("#help-state")).to_contain_text("A coordinator has it", timeout=SYNCED)
    expect(phone.locator("#outbox-count")).to_have_text(ALL_SENT)
    assert count(Alert) == 1


def test_the_all_ok_check_in_is_asked_for_and_sent_once_after_the_signal_returns(phone_page, sign_in, pair, client,
                                                                                 token_for):
    phone = phone_page
    went = (utcnow() - timedelta(minutes=90)).isoformat()  # the rhythm (60 min) is due
    assert client.post("/api/v1/shifts/check-in", json={"client_id": str(uuid.uuid4()), "hours": 4, "at": went},
                       headers=token_for(pair["me"])).status_code == 201
    signed_in_phone(phone, sign_in, pair["me"])
    phone.reload()  # the shift this phone now knows of
    expect(phone.locator("#check-prompt")).to_be_visible(timeout=SYNCED)

    set_offline(phone, True)
    phone.click("#we-are-ok")
    expect(phone.locator("#ok-note")).to_contain_text("not sent yet")
    expect(phone.locator("#check-prompt")).to_be_hidden()
    set_offline(phone, False)
    expect(phone.locator("#ok-note")).to_contain_text("Check-in sent", timeout=SYNCED)
    [alert] = db.session.scalars(select(Alert)).all()
    assert alert.kind == "ok"
    shift = db.session.scalar(select(Shift).where(Shift.user_id == pair["me"].id))
    assert shift.last_ok_at is not None
    phone.reload()
    expect(phone.locator("#check-prompt")).to_be_hidden()
    assert count(Alert) == 1


def test_a_message_shows_as_a_banner_until_the_pair_acknowledges_it_offline(phone_page, sign_in, pair, client):
    phone = phone_page
    signed_in_phone(phone, sign_in, pair["me"])
    text = "<b>Storm cell</b> coming: come back to staging <img src=x onerror=alert(1)>"
    response = client.post("/api/v1/messages", json={"text": text, "team_ids": [pair["team"].id]},
                           headers=pair["api"])
    assert response.status_code == 201
    phone.click("#sync-now")  # every sync fetches messages, as the rounds do
    banner = phone.locator("#messages .message")
    expect(banner).to_have_count(1, timeout=SYNCED)
    assert banner.locator(".message-text").inner_text() == text  # shown as text, never as HTML
    assert phone.locator("#messages b, #messages img").count() == 0

    set_offline(phone, True)
    phone.goto(f"{FIELD}visit")
    expect(banner).to_have_count(1)  # kept on the phone
    banner.locator("button", has_text="Got it").click()
    expect(phone.locator("#messages")).to_be_hidden()
    expect(phone.locator("#outbox-kinds")).to_contain_text("message read")
    assert count(MessageRecipient, MessageRecipient.acknowledged_at.is_not(None)) == 0

    set_offline(phone, False)
    expect(phone.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    recipient = db.session.scalar(select(MessageRecipient))
    assert recipient.acknowledged_at is not None and recipient.acknowledged_by_id == pair["me"].id
    phone.reload()
    expect(phone.locator("#messages")).to_be_hidden()
