"""On a phone in Chromium (360x640): a help call that cannot go over data offers "Send by text" once it has
waited SMS_FALLBACK_SECONDS (a minute; shortened here), an sms: link to the staging number carrying the coded
text and the call's REF; the call later synced over data is the same call (DESIGN section 9)."""
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Alert
from tests.browser.phone import FIELD, SYNCED, signed_in_phone
from tests.browser.test_field_help_path import cut_data
from tests.browser.test_field_safety import HOLD_MS, press

NUMBER = "+15045550100"
WAIT_S = 3


@pytest.fixture
def staging_number(live_app):
    """The live app with a staging SMS number and a short wait before it is offered."""
    before = {key: live_app.config[key] for key in ("SMS_NUMBER", "SMS_FALLBACK_SECONDS")}
    live_app.config.update(SMS_NUMBER=NUMBER, SMS_FALLBACK_SECONDS=WAIT_S)
    yield NUMBER
    live_app.config.update(before)


def test_a_help_call_without_data_offers_send_by_text_with_the_coded_text(phone_page, sign_in, volunteer,
                                                                          staging_number):
    me, block = volunteer
    phone = phone_page
    signed_in_phone(phone, sign_in, me)
    phone.goto(f"{FIELD}blocks/{block.id}")
    expect(phone.locator("#block-title")).to_be_visible()
    cut_data(phone, True)
    press(phone, "#help-now", HOLD_MS)
    link = phone.locator("#help-sms")
    expect(phone.locator("#help-state")).to_have_text("Not sent yet, no signal. Call 911 if you can.",
                                                      timeout=SYNCED)
    expect(link).to_be_hidden()  # not before the wait
    expect(link).to_be_visible(timeout=(WAIT_S + 10) * 1000)
    expect(link).to_have_text("Send by text")
    box = link.bounding_box()
    assert box["width"] >= 200 and box["height"] >= 44  # a thumb's target on a 360 px screen
    shown = phone.locator("#help-sms-body")
    expect(shown).to_be_visible()
    text = shown.inner_text()
    assert text.startswith(f"HELP {block.code} #") and len(text.split("#")[1]) == 6
    href = link.get_attribute("href")
    assert href.startswith(f"sms:{NUMBER}?body=") and unquote(href.split("body=")[1]) == text

    cut_data(phone, False)  # data comes back: the call syncs, and is the one the text carried
    expect(phone.locator("#help-state")).to_contain_text("Received", timeout=SYNCED)
    expect(link).to_be_hidden()
    db.session.rollback()
    alert = db.session.scalars(select(Alert)).one()
    assert text == f"HELP {block.code} #{alert.client_id[:6]}"


def test_without_a_staging_number_nothing_is_offered(phone_page, sign_in, volunteer):
    me, block = volunteer
    phone = phone_page
    signed_in_phone(phone, sign_in, me)
    phone.goto(f"{FIELD}blocks/{block.id}")
    cut_data(phone, True)
    press(phone, "#help-now", HOLD_MS)
    expect(phone.locator("#help-state")).to_be_visible()
    assert phone.locator("#help-sms").count() == 0
