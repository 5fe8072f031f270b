"""The areas page takes an OpenStreetMap extract: the Helsinki counts on the page, bad files a form error."""
import io

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import AuditEvent, Place, Street
from tests.areas_corpus import snapshot
from tests.osm_files import BAD_FILES, HELSINKI


def upload_extract(client, data: bytes, json=False, **fields):
    """Post an extract to the OpenStreetMap form."""
    form = {"extract": (io.BytesIO(data), "city.osm.pbf"), **fields}
    headers = {"Accept": "application/json"} if json else {}
    return client.post("/coordinator/areas/import-osm", data=form, headers=headers,
                       content_type="multipart/form-data")


def everything() -> tuple:
    """Every row an import of an extract could change."""
    return (*snapshot(), db.session.execute(select(Street.__table__)).all())


def test_coordinator_imports_the_helsinki_extract_and_sees_the_counts(client, coordinator, shared_data):
    with open(shared_data(HELSINKI), "rb") as file:
        response = upload_extract(client, file.read())
    assert response.status_code == 302 and response.headers["Location"] == "/o/test-op/coordinator/areas"
    page = client.get("/coordinator/areas").get_data(as_text=True)
    assert "Imported 76 named streets (116 lines), 45 public places and 0 neighborhoods" in page
    assert "116 street segments imported" in page
    assert db.session.scalar(select(func.count()).select_from(Place)) == 45
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "areas_imported"))
    assert event.actor_id == coordinator.id and event.detail["level"] == "openstreetmap"


@pytest.mark.parametrize("make_file, message", BAD_FILES)
def test_bad_extracts_get_a_form_error_and_change_nothing(make_file, message, client, coordinator, tmp_path,
                                                          shared_data):
    with open(shared_data(HELSINKI), "rb") as file:
        upload_extract(client, file.read())
    before = everything()
    with open(make_file(tmp_path, shared_data), "rb") as file:
        response = upload_extract(client, file.read(), neighborhoods="y")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'class="field-error"' in page
    assert everything() == before


def test_the_upload_script_gets_json_answers(client, coordinator, tmp_path, shared_data):
    with open(BAD_FILES[1][0](tmp_path, shared_data), "rb") as file:
        bad = upload_extract(client, file.read(), json=True)
    assert bad.status_code == 422 and "not a readable OpenStreetMap extract" in bad.get_json()["errors"]["extract"][0]
    missing = client.post("/coordinator/areas/import-osm", data={}, headers={"Accept": "application/json"})
    assert missing.status_code == 422 and missing.get_json()["errors"]["extract"] == ["Choose an .osm.pbf file."]


def test_an_extract_over_the_limit_is_refused_with_413_naming_the_command(client, coordinator):
    response = upload_extract(client, b"\0" * (17 * 1024 * 1024), json=True)
    assert response.status_code == 413
    assert "import-osm command" in response.get_json()["errors"]["file"][0]
    assert db.session.scalar(select(func.count()).select_from(Street)) == 0


def test_only_coordinators_may_import_an_extract(client, make_user, login, shared_data):
    login(make_user("volunteer"))
    with open(shared_data(HELSINKI), "rb") as file:
        response = upload_extract(client, file.read())
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Street)) == 0
