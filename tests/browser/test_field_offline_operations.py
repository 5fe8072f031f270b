"""A phone in two operations (issue 26, item 6): what it made in one is only ever sent to that operation's API,
even when it syncs from the other's pages, and each operation's field app installs and works offline under its
own /o/SLUG/field/."""
from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Visit
from outreach.services.operation import operations
from tests.browser.phone import ALL_SENT, CONTROLLED, FIELD, SYNCED, set_offline, signed_in_phone
from tests.browser.test_field_offline import log_visit


def test_an_item_made_in_one_operation_is_sent_only_there_wherever_the_phone_syncs(phone_page, sign_in, volunteer):
    page = phone_page
    user, block = volunteer
    signed_in_phone(page, sign_in, user)
    heat = operations.create("heat", "Heat wave")
    operations.add_member(user, heat, "volunteer")
    db.session.commit()
    sent = []
    page.context.on("request", lambda request: sent.append(request.url) if "/visits" in request.url else None)
    held = "**/api/v1/operations/test-op/**"  # the test operation's API out of reach, the rest online
    page.context.route(held, lambda route: route.abort("internetdisconnected"))

    page.goto(f"{FIELD}visit")
    log_visit(page, block, "Spoke with someone")
    expect(page.locator("#outbox-count")).to_have_text("1 thing is saved on this phone, not yet sent",
                                                       timeout=SYNCED)
    page.goto("/o/heat/field/")  # the other operation's pages sync the same outbox
    page.evaluate(CONTROLLED)  # its own service worker, for its own scope
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/o/heat/field/sw.js")
    page.click("#sync-now")
    expect(page.locator("#outbox-count")).to_have_text("1 thing is saved on this phone, not yet sent")
    assert sent and all("/api/v1/operations/test-op/visits" in url for url in sent), sent

    page.context.unroute(held)
    page.click("#sync-now")
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    db.session.rollback()
    [visit] = db.session.scalars(select(Visit)).all()
    assert visit.operation_id == operations.by_slug("test-op").id and visit.block_id == block.id
    assert not any("/operations/heat/" in url for url in sent)


def test_each_operations_field_app_opens_offline_under_its_own_address(phone_page, sign_in, volunteer):
    page = phone_page
    user, _block = volunteer
    signed_in_phone(page, sign_in, user)
    caches = page.evaluate("caches.keys()")
    assert any(key.startswith("field-test-op-") for key in caches), caches
    set_offline(page, True)
    for path in ("", "visit", "shift"):
        assert page.goto(f"{FIELD}{path}").from_service_worker
        expect(page.locator(".phone-bar .operation-name")).to_have_text("Test operation")
    set_offline(page, False)
