"""The map page and its data document: filters, gzip, caching per data version."""
import gzip
import json
import re

from shapely.geometry import Polygon, shape

from outreach.extensions import db
from outreach.services.areas import map_layers
from outreach.services.areas.blocks import bump_version


def data_url(page: str) -> str:
    return re.search(r'"data_url": "([^"]+)"', page).group(1).replace("\\u0026", "&")


def decode_ring(flat):
    x = y = 0
    ring = []
    for i in range(0, len(flat), 2):
        x, y = x + flat[i], y + flat[i + 1]
        ring.append((x / 1e5, y / 1e5))
    return ring


def test_map_page_uses_local_leaflet_canvas_and_no_cdn(client, coordinator, make_neighborhood):
    make_neighborhood()
    response = client.get("/coordinator/map")
    page = response.data.decode()
    assert response.status_code == 200
    assert "/static/vendor/leaflet/leaflet.js" in page and "/static/js/coordinator_map.js" in page
    assert "preferCanvas" in page and "L.Control.Draw" in page
    assert not re.search(r"https?://(?!127\.0\.0\.1)[a-z0-9.-]+/[^\"']*\.(js|css)", page)
    assert "bootstrap" not in page and "jquery" not in page


def test_data_document_has_every_block_with_rounded_geometry(client, coordinator, make_neighborhood, make_team, assign):
    hood = make_neighborhood()
    team = make_team(name="Heron")
    assign(team, hood.blocks[:1])
    url = data_url(client.get("/coordinator/map").data.decode())
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    document = json.loads(gzip.decompress(response.data))
    blocks = document["blocks"]
    assert blocks["id"] == [b.id for b in hood.blocks]
    assert blocks["team"][0] == team.id and blocks["assignment"][0] > 0 and blocks["expires"][0] > 0
    assert document["statuses"][blocks["status"][0]] == "assigned"
    for block, polygons in zip(hood.blocks, blocks["geom"]):
        drawn = Polygon(decode_ring(polygons[0][0]))
        assert drawn.symmetric_difference(shape(block.geometry)).area < 0.02 * drawn.area
    assert [t["name"] for t in document["teams"]] == ["Heron"]


def test_neighborhood_filter_limits_blocks_and_bad_values_are_refused(client, coordinator, make_neighborhood):
    first = make_neighborhood()
    second = make_neighborhood(bounds=(-90.05, 29.98, -90.04, 29.99))
    page = client.get(f"/coordinator/map?neighborhood_id={second.id}").data.decode()
    document = client.get(data_url(page)).json
    assert set(document["blocks"]["hood"]) == {second.id} and len(first.blocks) > 0
    assert client.get("/coordinator/map?neighborhood_id=abc").status_code == 400
    assert client.get("/coordinator/map?neighborhood_id=99999").status_code == 404


def test_the_block_to_open_is_checked_and_handed_to_the_script(client, coordinator, make_neighborhood):
    block = make_neighborhood().blocks[0]
    page = client.get(f"/coordinator/map?block_id={block.id}").data.decode()
    assert f'"block_id": {block.id}' in page
    assert '"block_id": null' in client.get("/coordinator/map").data.decode()
    refused = client.get("/coordinator/map?block_id=1e3")
    assert refused.status_code == 400 and "block_id must be a whole number." in refused.data.decode()
    assert client.get("/coordinator/map?block_id=99999").status_code == 404


def test_document_is_built_once_per_version(client, coordinator, make_neighborhood, monkeypatch):
    make_neighborhood()
    built = []
    real = map_layers.build_document
    monkeypatch.setattr(map_layers, "build_document", lambda *a: built.append(a) or real(*a))
    url = data_url(client.get("/coordinator/map").data.decode())
    client.get(url)
    client.get(url)
    assert len(built) == 1
    bump_version()
    db.session.commit()
    fresh = data_url(client.get("/coordinator/map").data.decode())
    assert fresh != url
    client.get(fresh)
    assert len(built) == 2
    assert client.get(url).headers["Cache-Control"] == "no-cache"
    assert "immutable" in client.get(fresh).headers["Cache-Control"]


def test_map_is_for_coordinators_only(client, login, make_user):
    login(make_user("volunteer"))
    assert client.get("/coordinator/map").status_code == 403
    assert client.get("/coordinator/map/data.json").status_code == 403


def test_expired_assignments_are_released_when_the_map_is_read(client, coordinator, make_neighborhood, make_team,
                                                                assign):
    hood = make_neighborhood()
    assign(make_team(), hood.blocks[:1], hours=1, ago=2)
    document = client.get(data_url(client.get("/coordinator/map").data.decode())).json
    assert document["blocks"]["team"][0] == 0
    assert document["statuses"][document["blocks"]["status"][0]] == "unassigned"
