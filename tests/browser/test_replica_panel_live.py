"""The dashboard's replica panel in Chromium (issue 29): what a coordinator sees at 360x640, and a pulled stick
turning it red on an open dashboard without a reload. On PostgreSQL, the missing standby is what shows."""
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from outreach.extensions import db
from outreach.services.operation import replica

# static/js/replica_panel.js fetches the panel every 10 s.
REDRAWN_WITHIN_MS = 25_000


def watcher_says(folder, stick, error=None) -> None:
    """The status the replica's watcher writes: up to date, or the stick unreadable."""
    now = datetime.now(UTC)
    replica.write_status(folder, {
        "where": str(stick), "checked_at": (now + timedelta(minutes=5)).isoformat(),  # fresh for the whole test
        "litestream": {"running": True, "restarts": 0, "last_exit": None}, "local_txid": 7, "replica_txid": 7,
        "replica_error": error, "last_copy_at": now.isoformat(), "behind_since": None, "same_disk": False})


def test_the_replica_panel_is_drawn_on_a_phone_and_a_pulled_stick_shows_without_a_reload(
        phone_page, sign_in, make_user, live_app, monkeypatch, tmp_path):
    stick, state = tmp_path / "usb" / "outreach", tmp_path / "state"
    monkeypatch.setitem(live_app.config, "REPLICA", str(stick))
    monkeypatch.setitem(live_app.config, "REPLICA_STATE_DIR", str(state))
    watcher_says(state, stick)
    sign_in(phone_page, make_user("coordinator"))
    phone_page.goto("/coordinator/dashboard")
    panel = phone_page.locator("#replica")
    panel.scroll_into_view_if_needed()
    box = panel.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, "the panel fits a 360 px phone"
    if db.engine.dialect.name == "postgresql":
        expect(panel.get_by_text("No standby is streaming from this database")).to_be_visible()
        return
    expect(panel.get_by_text("Up to date.")).to_be_visible()
    expect(panel.get_by_text(str(stick))).to_be_visible()
    phone_page.evaluate("window.sameDocument = true")
    watcher_says(state, stick, error=f"{stick} is not there")
    expect(panel.get_by_text("The copy cannot be reached")).to_be_visible(timeout=REDRAWN_WITHIN_MS)
    assert phone_page.evaluate("window.sameDocument") is True, "redrawn in place, not reloaded"
    assert "alert" in panel.locator(".care-box").get_attribute("class")
