"""The coordinator's areas page: upload GeoJSON, split neighborhoods, set priorities."""
import io

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import AuditEvent, Block, Neighborhood
from tests.areas_corpus import HTML_NAME, broken_corpus, collection, feature, polygon, snapshot, two_neighborhoods
from tests.conftest import make_app


def upload(client, data: bytes, level="neighborhood", json=False, **fields):
    """Post a file to the import form."""
    form = {"file": (io.BytesIO(data), "areas.geojson"), "level": level, **fields}
    headers = {"Accept": "application/json"} if json else {}
    return client.post("/coordinator/areas/import", data=form, headers=headers, content_type="multipart/form-data")


def test_coordinator_imports_neighborhoods_from_the_page(client, coordinator, shared_data):
    with open(shared_data("nola_neighborhoods.geojson"), "rb") as file:
        response = upload(client, file.read())
    assert response.status_code == 302 and response.headers["Location"] == "/o/test-op/coordinator/areas"
    page = client.get("/coordinator/areas").get_data(as_text=True)
    assert "Imported 72 neighborhood(s) named by &#39;nbhd_name&#39;: 72 new" in page
    assert "LOWER NINTH WARD" in page and db.session.scalar(select(func.count()).select_from(Neighborhood)) == 72
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "areas_imported"))
    assert event.actor_id == coordinator.id and event.detail["created"] == 72


def test_name_and_priority_properties_and_repair_are_honoured(client, coordinator):
    data = two_neighborhoods()
    assert upload(client, data, name_property="name", priority_property="population").status_code == 302
    assert sorted(db.session.scalars(select(Neighborhood.priority))) == [80.0, 120.0]


@pytest.mark.parametrize("case", ["truncated", "not_json", "points_at_block_level", "bowtie", "projected",
                                  "declared_crs", "zero_features", "duplicate_names", "nested_100k",
                                  "properties_list"])
def test_broken_files_get_a_form_error_and_change_nothing(case, client, coordinator, shared_data):
    corpus = broken_corpus(shared_data("nola_neighborhoods.geojson"), shared_data("nola_places.geojson"))
    upload(client, two_neighborhoods())
    data, level, phrase = corpus[case]
    before = snapshot()
    response = upload(client, data, level)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert phrase.replace("'", "&#39;") in page and 'class="field-error"' in page
    assert snapshot() == before


def test_the_upload_script_gets_json_answers(client, coordinator):
    good = upload(client, two_neighborhoods(), json=True)
    assert good.status_code == 200 and good.get_json() == {"redirect": "/o/test-op/coordinator/areas"}
    bad = upload(client, collection(), json=True)
    assert bad.status_code == 422 and "no features" in bad.get_json()["errors"]["file"][0]


def test_a_60_mb_upload_is_refused_with_413_and_changes_nothing(client, coordinator):
    upload(client, two_neighborhoods())
    before = snapshot()
    huge = b'{"type": "FeatureCollection", "features": [' + b" " * (60 * 1024 * 1024) + b"]}"
    response = upload(client, huge)
    assert response.status_code == 413
    assert "larger than the upload limit of 16 MB" in response.get_data(as_text=True)
    assert snapshot() == before
    assert upload(client, huge, json=True).get_json()["errors"]["file"][0].startswith("The file is larger")


def test_html_in_names_is_stored_as_text_and_escaped_on_the_page(client, coordinator):
    assert upload(client, collection(feature(polygon(), name=HTML_NAME))).status_code == 302
    assert db.session.scalar(select(Neighborhood.name)) == HTML_NAME
    page = client.get("/coordinator/areas").get_data(as_text=True)
    assert HTML_NAME not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Bywater&lt;/b&gt;" in page


def test_coordinator_splits_one_neighborhood_or_all(client, coordinator):
    upload(client, two_neighborhoods())
    river = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "RIVERSIDE"))
    one = client.post("/coordinator/areas/split", data={"neighborhood": river.id, "block_size_m": 150})
    assert one.status_code == 302
    assert {b.neighborhood_id for b in db.session.scalars(select(Block))} == {river.id}
    every = client.post("/coordinator/areas/split", data={"neighborhood": 0, "target_blocks": 6})
    assert every.status_code == 302
    counts = db.session.execute(select(Block.neighborhood_id, func.count()).group_by(Block.neighborhood_id)).all()
    assert len(counts) == 2 and all(5 <= n <= 7 for _, n in counts)
    assert "Split 2 neighborhood(s)" in client.get("/coordinator/areas").get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"neighborhood": 0}, "Give a block size or a number of blocks"),
    ({"neighborhood": 0, "block_size_m": 150, "target_blocks": 3}, "Give a block size or a number of blocks"),
    ({"neighborhood": 0, "block_size_m": 5}, "Number must be between 10 and 5000"),
])
def test_split_form_errors_are_shown(client, coordinator, data, message):
    upload(client, two_neighborhoods())
    response = client.post("/coordinator/areas/split", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_split_refusal_for_worked_blocks_is_shown_on_the_form(client, coordinator, make_neighborhood, make_team,
                                                              assign):
    hood = make_neighborhood("WORKED")
    assign(make_team(), hood.blocks[:1])
    before = snapshot()
    response = client.post("/coordinator/areas/split", data={"neighborhood": hood.id, "block_size_m": 100})
    assert response.status_code == 422
    assert "WORKED (1)" in response.get_data(as_text=True)
    assert snapshot() == before


def test_coordinator_sets_a_neighborhood_priority(client, coordinator, make_neighborhood):
    hood = make_neighborhood("FLOODED")
    response = client.post(f"/coordinator/areas/{hood.id}/priority", data={"priority": "4.5"})
    assert response.status_code == 302
    assert set(db.session.scalars(select(Block.priority))) == {4.5}
    bad = client.post(f"/coordinator/areas/{hood.id}/priority", data={"priority": "lots"}, follow_redirects=True)
    assert "Priority must be a number" in bad.get_data(as_text=True)
    assert client.post("/coordinator/areas/999/priority", data={"priority": "1"}).status_code == 404


@pytest.mark.parametrize("role", ["volunteer", "aid"])
@pytest.mark.parametrize("method, url", [("get", "/coordinator/areas"), ("post", "/coordinator/areas/import"),
                                         ("post", "/coordinator/areas/split")])
def test_only_coordinators_reach_the_areas_pages(client, login, make_user, role, method, url):
    login(make_user(role))
    assert getattr(client, method)(url).status_code == 403


def test_the_import_form_needs_its_csrf_token(db_url, make_user):
    guarded = make_app(db_url, WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    user = make_user("coordinator")
    with guarded.app_context():
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": token})
        response = upload(client, two_neighborhoods())
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Neighborhood)) == 0


def test_coordinator_imports_streets_and_splits_along_them_from_the_page(client, coordinator, make_neighborhood):
    import json as json_module

    hood = make_neighborhood("ALONG", bounds=(-90.02, 29.96, -90.01, 29.97), block_size_m=2000)
    page = client.get("/coordinator/areas").get_data(as_text=True)
    assert "No streets imported yet" in page and '<input disabled id="along_streets"' in page
    streets = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Middle St"},
         "geometry": {"type": "LineString", "coordinates": [[-90.015, 29.95], [-90.015, 29.98]]}}]}
    assert upload(client, json_module.dumps(streets).encode(), level="street").status_code == 302
    assert "1 street segments imported" in client.get("/coordinator/areas").get_data(as_text=True)
    response = client.post("/coordinator/areas/split", data={"neighborhood": hood.id, "block_size_m": 800,
                                                             "along_streets": "y"})
    assert response.status_code == 302
    blocks = db.session.scalars(select(Block).where(Block.neighborhood_id == hood.id)).all()
    assert len(blocks) == 2 and {b.centroid_lon < -90.015 for b in blocks} == {True, False}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "blocks_split")).one()
    assert event.detail["along_streets"] is True


def test_a_split_over_the_maximum_is_refused_on_the_form(client, coordinator, make_neighborhood, app, monkeypatch):
    hood = make_neighborhood("HUGE")
    monkeypatch.setitem(app.config, "MAX_BLOCKS_PER_SPLIT", 100)
    before = snapshot()
    response = client.post("/coordinator/areas/split", data={"neighborhood": hood.id, "block_size_m": 10})
    assert response.status_code == 422
    assert "more than the 100 allowed at once" in response.get_data(as_text=True)
    assert snapshot() == before
