"""On a phone in Chromium (360x640): a visit that waits in the outbox with no data shows, in the list of what
waits, its coded text with its #REF and, after SMS_FALLBACK_SECONDS, "Send by text"; the text sent through the
gateway and the later sync over data make one visit, not two (DESIGN section 9)."""
from urllib.parse import unquote

from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Visit
from outreach.services.sms import gateways, phones
from tests.browser.phone import ALL_SENT, FIELD, SYNCED, signed_in_phone
from tests.browser.test_field_help_path import cut_data
from tests.browser.test_field_offline import log_visit
from tests.browser.test_field_sms_fallback import NUMBER, WAIT_S, staging_number  # noqa: F401 (a fixture)
from tests.sms_gateway import GatewayPhone

MINE = "+15045550177"


def test_a_waiting_visit_shows_its_text_with_its_ref_and_is_stored_once(phone_page, sign_in, volunteer, live_app,
                                                                      staging_number):  # noqa: F811
    me, block = volunteer
    phones.set_number(me, MINE)
    made, password = gateways.create("staging-1")
    db.session.commit()
    gateway = GatewayPhone(live_app.test_client(), made.name, password)
    phone = phone_page
    signed_in_phone(phone, sign_in, me)
    phone.goto(f"{FIELD}visit")
    expect(phone.locator(f"#block option[value='{block.id}']")).to_have_count(1)

    cut_data(phone, True)
    log_visit(phone, block, "Spoke with someone", need="water")
    row = phone.locator("#outbox-waiting li")
    expect(row).to_have_count(1)
    shown = row.locator(".waiting-sms-body")
    expect(shown).to_be_visible()
    text = shown.inner_text()
    assert text.startswith(f"V {block.code} C W") and len(text.split("#")[1]) == 6
    link = row.locator(".waiting-sms")
    expect(link).to_be_hidden()  # not before the wait
    expect(link).to_be_visible(timeout=(WAIT_S + 10) * 1000)
    expect(link).to_have_text("Send by text")
    box = link.bounding_box()
    assert box["width"] >= 200 and box["height"] >= 44  # a thumb's target on a 360 px screen
    href = link.get_attribute("href")
    assert href.startswith(f"sms:{NUMBER}?body=") and unquote(href.split("body=")[1]) == text

    gateway.receive(MINE, text)  # the volunteer pressed send
    assert gateway.poll().status_code == 200
    assert "#" + text.split("#")[1] in gateway.texts_to(MINE)[-1]
    db.session.rollback()
    assert len(db.session.scalars(select(Visit)).all()) == 1

    cut_data(phone, False)  # data comes back: the visit syncs, and is the one the text carried
    expect(phone.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    expect(row).to_have_count(0)
    db.session.rollback()
    visit = db.session.scalars(select(Visit)).one()
    assert text.split("#")[1] == visit.client_id[:6] and visit.outcome == "contact"
    assert [need.category for need in visit.needs] == ["water"]
