"""A coordinator uploads GeoJSON in Chromium: the progress bar's script sends it, and errors show on the form."""
import json

from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Neighborhood
from tests.areas_corpus import HTML_NAME, collection, feature, polygon


def test_coordinator_uploads_neighborhoods_with_progress(page, sign_in, make_user, shared_data):
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/areas")
    sent = []
    page.on("request", lambda request: sent.append(request.headers.get("accept")) if request.method == "POST" else None)
    page.set_input_files("input[name=file]", shared_data("nola_neighborhoods.geojson"))
    page.select_option("select[name=level]", "neighborhood")
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    assert sent == ["application/json"], "the upload went through the progress script"
    assert "Imported 72 neighborhood(s)" in page.inner_text(".flash")
    assert page.locator("td.hood-name", has_text="LOWER NINTH WARD").count() == 1


def test_a_broken_file_shows_its_message_without_leaving_the_page(page, sign_in, make_user):
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/areas")
    page.set_input_files("input[name=file]", files=[{"name": "cut.geojson", "mimeType": "application/json",
                                                      "buffer": b'{"type": "FeatureCollection", "features": ['}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-errors .field-error")
    assert "truncated" in page.inner_text("#upload-errors")
    assert page.url.endswith("/coordinator/areas")
    assert db.session.scalar(select(func.count()).select_from(Neighborhood)) == 0


def test_a_file_over_the_limit_is_stopped_before_sending(page, sign_in, make_user):
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/areas")
    page.evaluate("document.getElementById('upload-form').dataset.maxBytes = '10'")
    page.set_input_files("input[name=file]", files=[{"name": "big.geojson", "mimeType": "application/json",
                                                      "buffer": json.dumps({"type": "FeatureCollection"}).encode()}])
    page.click("#upload-form button[type=submit]")
    assert "larger than the upload limit" in page.inner_text("#upload-errors")


def test_html_names_show_as_text(page, sign_in, make_user):
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/areas")
    page.set_input_files("input[name=file]", files=[{"name": "x.geojson", "mimeType": "application/json",
                                                      "buffer": collection(feature(polygon(), name=HTML_NAME))}])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    assert page.inner_text("td.hood-name") == HTML_NAME
    assert dialogs == []
