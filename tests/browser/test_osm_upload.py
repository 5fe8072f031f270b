"""A coordinator uploads the Helsinki OpenStreetMap extract in Chromium and sees what it imported."""
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Street
from tests.osm_files import HELSINKI

DESKTOP = {"width": 1280, "height": 860}


def test_coordinator_uploads_the_helsinki_extract_and_sees_the_counts(page, sign_in, make_user, shared_data):
    page.set_viewport_size(DESKTOP)
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/areas")
    sent = []
    page.on("request", lambda request: sent.append(request.headers.get("accept")) if request.method == "POST" else None)
    page.set_input_files("#osm-form input[type=file]", shared_data(HELSINKI))
    with page.expect_navigation():
        page.click("#osm-form button[type=submit]")
    assert sent == ["application/json"], "the upload went through the progress script"
    flash = page.locator(".flash", has_text="Imported 76 named streets")
    assert flash.is_visible()
    assert "116 lines), 45 public places and 0 neighborhoods" in flash.inner_text()
    box = flash.bounding_box()
    assert box["width"] > 300 and box["y"] < DESKTOP["height"]  # on the first screen, not a sliver
    note = page.get_by_text("116 street segments imported")
    assert note.is_visible()
    assert page.locator("input#along_streets").is_enabled()


def test_a_text_file_named_like_an_extract_shows_a_form_error(page, sign_in, make_user):
    page.set_viewport_size(DESKTOP)
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/areas")
    page.set_input_files("#osm-form input[type=file]", files=[
        {"name": "city.osm.pbf", "mimeType": "application/octet-stream", "buffer": b"not an extract at all\n"}])
    page.click("#osm-form button[type=submit]")
    error = page.locator("#osm-errors .field-error")
    error.wait_for()
    assert error.is_visible() and "not a readable OpenStreetMap extract" in error.inner_text()
    assert page.url.endswith("/coordinator/areas")
    assert page.locator("#upload-errors .field-error").count() == 0  # the other form is left alone
    assert db.session.scalar(select(func.count()).select_from(Street)) == 0
