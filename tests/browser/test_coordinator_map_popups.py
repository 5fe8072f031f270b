"""The coordinator map's popups (issue 23, items 10 and 12), as Chromium draws them: times in the operation's
zone whatever the laptop's, labelled; and a help call's map link that opens on its block's popup."""
import uuid
from zoneinfo import ZoneInfo

import pytest

from outreach.extensions import db
from outreach.models import Assignment, utcnow
from outreach.services.safety import alerts

DESKTOP = {"width": 1280, "height": 860}
FAR_ZONE = "Asia/Tokyo"  # nine hours from the laptop's (UTC here), and often a day ahead of it


@pytest.fixture
def utc_laptop(browser, live_server):
    """A laptop-sized page whose own clock is in UTC, as a borrowed laptop's may be."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP, timezone_id="UTC")
    yield context.new_page()
    context.close()


@pytest.fixture
def operation_zone(live_app, monkeypatch):
    """Set the live app's operation zone (Flask-Babel reads its own copy of BABEL_DEFAULT_TIMEZONE)."""
    def set_zone(name):
        monkeypatch.setattr(live_app.extensions["babel"], "default_timezone", name)
    return set_zone


@pytest.fixture
def open_map(utc_laptop, sign_in, make_user):
    """Sign a coordinator in and open the map at `path` until its blocks are drawn; collects page errors."""
    errors = []
    utc_laptop.on("pageerror", lambda error: errors.append(str(error)))

    def go(path="/coordinator/map"):
        sign_in(utc_laptop, make_user("coordinator"))
        utc_laptop.goto(path)
        utc_laptop.wait_for_selector("html[data-map-ready='1']", timeout=15000)
        return errors

    return go


def popup_value(page, label):
    """The text shown beside `label` in the open block popup, with CLDR's narrow spaces read as spaces."""
    row = page.locator(".block-popup .popup-row", has=page.locator(".popup-label", has_text=label))
    return row.locator("span").nth(1).inner_text().replace("\u202f", " ").replace("\xa0", " ")


def test_the_popups_expiry_is_in_the_operations_zone_and_labelled(utc_laptop, open_map, operation_zone,
                                                                 make_neighborhood, make_team, assign):
    operation_zone(FAR_ZONE)
    hood = make_neighborhood()
    assign(make_team(name="Heron"), hood.blocks[:1], hours=5)
    expires = db.session.query(Assignment).one().expires_at.astimezone(ZoneInfo(FAR_ZONE))
    errors = open_map()
    assert utc_laptop.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "UTC"
    point = utc_laptop.evaluate(f"OutreachMap.pointOf({hood.blocks[0].id})")
    box = utc_laptop.locator(".folium-map").bounding_box()
    utc_laptop.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    utc_laptop.wait_for_selector(".block-popup")
    # en-US short date and time, then the zone as en-US names it (Tokyo has no letters: "GMT+9").
    wanted = f"{expires.month}/{expires.day}/{expires:%y}, {expires:%-I:%M %p} GMT+9"
    assert popup_value(utc_laptop, "Expires") == wanted
    assert errors == []


def test_the_help_cards_block_link_opens_the_map_on_that_blocks_popup(utc_laptop, sign_in, make_user, make_neighborhood,
                                                                     make_team):
    hood = make_neighborhood(bounds=(-90.06, 29.95, -90.03, 29.975))
    block = hood.blocks[-1]  # a corner: not where the whole neighborhood's frame would put the eye
    team = make_team(name="Pair Egret", members=[make_user(name="Eve"), make_user(name="Fay")])
    alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "help", "block_id": block.id,
                         "sent_at": utcnow().isoformat()}, team.members[0])
    db.session.commit()
    errors = []
    utc_laptop.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(utc_laptop, make_user("coordinator"))
    utc_laptop.goto("/coordinator/")
    utc_laptop.locator("[data-card=help]").get_by_role("link", name=block.code).click()
    utc_laptop.wait_for_selector("html[data-map-ready='1']", timeout=15000)
    popup = utc_laptop.locator(".block-popup")
    popup.wait_for(timeout=5000)
    assert popup.locator(".popup-code").inner_text() == block.code
    frame = utc_laptop.locator(".folium-map").bounding_box()
    shown = popup.bounding_box()
    assert shown["width"] > 100 and shown["height"] > 50
    assert frame["y"] <= shown["y"] and shown["y"] + shown["height"] <= frame["y"] + frame["height"]
    assert frame["x"] <= shown["x"] and shown["x"] + shown["width"] <= frame["x"] + frame["width"]
    # At a zoom where block codes are drawn, with the block itself on screen.
    assert utc_laptop.evaluate("OutreachMap.current.map.getZoom()") >= 16
    point = utc_laptop.evaluate(f"OutreachMap.pointOf({block.id})")
    assert 0 < point["x"] < frame["width"] and 0 < point["y"] < frame["height"]
    assert errors == []
