"""The map page and its two documents (the shapes binary, the status JSON): filters, gzip, caching per
version, what changed since a version, operation scoping, and the shapes stored for every app server."""
import gzip
import json
import re
import struct
import threading

from shapely.geometry import Polygon, shape
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import MapShapes
from outreach.services.areas import map_layers
from outreach.services.areas.areas import AREAS_VERSION, areas_changed
from outreach.services.areas.blocks import bump_version, current_version
from outreach.services.operation import operations
from tests.conftest import PASSWORD, make_app


def option(page: str, name: str) -> str:
    """A URL the page hands its script (shapes_url, data_url, status_url)."""
    return re.search(rf'"{name}": "([^"]+)"', page).group(1).replace("\\u0026", "&")


def data_url(page: str) -> str:
    return option(page, "data_url")


def varints(data: bytes, at: int, count: int) -> tuple[list[int], int]:
    """`count` zigzag varints from `at`; answers them and where the next one starts."""
    values = []
    for _ in range(count):
        value = shift = 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        values.append((value >> 1) ^ -(value & 1))
    return values, at


def decode_shapes(data: bytes) -> dict:
    """The shapes binary read back: header, block ids, neighborhood ids, codes and polygons (lon, lat)."""
    assert data[:4] == b"OMS1"
    (length,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8:8 + length])
    n = header["blocks"]
    ids, at = varints(data, 8 + length, n)
    hoods, at = varints(data, at, n)
    rings_per, at = varints(data, at, n)
    points_per, at = varints(data, at, header["rings"])
    deltas, at = varints(data, at, 2 * header["points"])
    assert at == len(data)
    ids = [sum(ids[:i + 1]) for i in range(n)]
    hoods = [sum(hoods[:i + 1]) for i in range(n)]
    points, x, y = [], 0, 0
    for k in range(header["points"]):
        x, y = x + deltas[2 * k], y + deltas[2 * k + 1]
        points.append((x / 1e5, y / 1e5))
    rings, start = [], 0
    for count in points_per:
        rings.append(points[start:start + count])
        start += count
    blocks, ring = [], 0
    for count in rings_per:
        blocks.append(rings[ring:ring + count])
        ring += count
    codes = [prefix + (str(first + k).zfill(digits) if digits else "")
             for prefix, first, digits, count in header["codes"] for k in range(count)]
    return {"header": header, "ids": ids, "hoods": hoods, "codes": codes, "rings": blocks}


def shapes_of(client, path: str = "/coordinator/map") -> dict:
    """The shapes the map page points at, decoded."""
    return decode_shapes(client.get(option(client.get(path).data.decode(), "shapes_url")).data)


def rows_by_block(document: dict) -> dict:
    """A status document's rows by block id."""
    return {row[0]: row[1:] for row in document["rows"]}


def test_map_page_uses_local_leaflet_canvas_and_no_cdn(client, coordinator, make_neighborhood):
    make_neighborhood()
    response = client.get("/coordinator/map")
    page = response.data.decode()
    assert response.status_code == 200
    assert "/static/vendor/leaflet/leaflet.js" in page and "/static/js/coordinator_map.js" in page
    assert "preferCanvas" in page and "L.Control.Draw" in page
    assert not re.search(r"https?://(?!127\.0\.0\.1)[a-z0-9.-]+/[^\"']*\.(js|css)", page)
    assert "bootstrap" not in page and "jquery" not in page


def test_shapes_have_every_block_with_rounded_geometry_and_its_code(client, coordinator, make_neighborhood):
    hood = make_neighborhood()
    url = option(client.get("/coordinator/map").data.decode(), "shapes_url")
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    shapes = decode_shapes(gzip.decompress(response.data))
    assert shapes["ids"] == [b.id for b in hood.blocks] and shapes["codes"] == [b.code for b in hood.blocks]
    assert set(shapes["hoods"]) == {hood.id}
    for block, rings in zip(hood.blocks, shapes["rings"]):
        drawn = Polygon(rings[0])
        assert drawn.symmetric_difference(shape(block.geometry)).area < 0.02 * drawn.area
    assert [h["id"] for h in shapes["header"]["hoods"]] == [hood.id]


def test_status_document_has_the_assigned_block_and_the_pairs(client, coordinator, make_neighborhood, make_team,
                                                              assign):
    hood = make_neighborhood()
    team = make_team(name="Heron")
    assign(team, hood.blocks[:1])
    document = client.get(data_url(client.get("/coordinator/map").data.decode())).json
    rows = rows_by_block(document)
    status, team_id, assignment_id, expires, *_counts = rows[hood.blocks[0].id]
    assert document["statuses"][status] == "assigned" and team_id == team.id and assignment_id > 0 and expires > 0
    assert hood.blocks[1].id not in rows, "a plain block is left to the browser's default"
    assert [t["name"] for t in document["teams"]] == ["Heron"]


def test_an_open_map_is_sent_only_what_changed_since_its_version(client, coordinator, make_neighborhood, make_team,
                                                                 assign):
    hood = make_neighborhood()
    team = make_team(name="Heron")
    assign(team, hood.blocks[:1])
    page = client.get("/coordinator/map").data.decode()
    first = client.get(data_url(page)).json
    status_url = option(page, "status_url")
    same = client.get(f"{status_url}?since={first['version']}").json
    assert same["rows"] == [] and same["version"] == first["version"]
    assign(team, hood.blocks[2:3])
    changes = client.get(f"{status_url}?since={first['version']}")
    assert changes.headers["Cache-Control"] == "no-cache"
    document = changes.json
    assert document["since"] == first["version"] and document["version"] > first["version"]
    assert list(rows_by_block(document)) == [hood.blocks[2].id]
    assert document["statuses"][rows_by_block(document)[hood.blocks[2].id][0]] == "assigned"
    unknown = client.get(f"{status_url}?since=999999").json
    assert "since" not in unknown and set(rows_by_block(unknown)) == {hood.blocks[0].id, hood.blocks[2].id}


def test_bad_arguments_are_refused_never_a_500(client, coordinator, make_neighborhood):
    make_neighborhood()
    for path in ("/coordinator/map/shapes.bin", "/coordinator/map/status.json"):
        for query, status in (("?neighborhood_id=abc", 400), ("?neighborhood_id=-1", 400),
                              ("?neighborhood_id=99999", 404), ("?neighborhood_id=1e3", 400)):
            assert client.get(path + query).status_code == status, path + query
    for since in ("abc", "-1", "1.5", "9" * 400):
        answer = client.get(f"/coordinator/map/status.json?since={since}")
        assert answer.status_code in (200, 400), since
        assert answer.status_code == 400 or "since" not in answer.json, since


def test_neighborhood_filter_limits_blocks_and_bad_values_are_refused(client, coordinator, make_neighborhood):
    first = make_neighborhood()
    second = make_neighborhood(bounds=(-90.05, 29.98, -90.04, 29.99))
    shapes = shapes_of(client, f"/coordinator/map?neighborhood_id={second.id}")
    assert set(shapes["hoods"]) == {second.id} and shapes["ids"] == [b.id for b in second.blocks]
    assert len(first.blocks) > 0
    assert client.get("/coordinator/map?neighborhood_id=abc").status_code == 400
    assert client.get("/coordinator/map?neighborhood_id=99999").status_code == 404


def test_another_operations_blocks_are_never_served(client, login, make_user, make_neighborhood, make_team,
                                                    acting_coordinator, assign):
    ours = make_neighborhood()
    other = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), other, "coordinator")
    with scope.working_in(scope.ref(other)):
        theirs = make_neighborhood(name="Bayou Theirs", bounds=(-90.05, 29.98, -90.04, 29.99))
        assign(make_team(name="Cypress"), theirs.blocks[:1])
        their_ids = {b.id for b in theirs.blocks}
    login(make_user("coordinator"))
    page = client.get("/coordinator/map").data.decode()
    shapes = decode_shapes(client.get(option(page, "shapes_url")).data)
    assert shapes["ids"] == [b.id for b in ours.blocks] and not their_ids & set(shapes["ids"])
    assert "Bayou Theirs" not in json.dumps(shapes["header"], ensure_ascii=False)
    status = client.get(data_url(page))
    assert not their_ids & set(rows_by_block(status.json)) and "Cypress" not in status.get_data(as_text=True)
    for path in ("/coordinator/map/shapes.bin", "/coordinator/map/status.json"):
        assert client.get(f"{path}?neighborhood_id={theirs.id}").status_code == 404


def test_the_block_to_open_is_checked_and_handed_to_the_script(client, coordinator, make_neighborhood):
    block = make_neighborhood().blocks[0]
    page = client.get(f"/coordinator/map?block_id={block.id}").data.decode()
    assert f'"block_id": {block.id}' in page
    assert '"block_id": null' in client.get("/coordinator/map").data.decode()
    refused = client.get("/coordinator/map?block_id=1e3")
    assert refused.status_code == 400 and "block_id must be a whole number." in refused.data.decode()
    assert client.get("/coordinator/map?block_id=99999").status_code == 404


def test_documents_are_built_once_per_version(client, coordinator, make_neighborhood, monkeypatch):
    make_neighborhood()
    built = {"shapes": [], "status": []}
    for name, cache in (("shapes", map_layers.shapes), ("status", map_layers.statuses)):
        real = cache._build
        monkeypatch.setattr(cache, "_build", lambda *a, real=real, name=name: built[name].append(a) or real(*a))
    page = client.get("/coordinator/map").data.decode()
    url, shapes_url = data_url(page), option(page, "shapes_url")
    for _ in range(2):
        client.get(url)
        client.get(shapes_url)
    assert (len(built["shapes"]), len(built["status"])) == (1, 1)
    bump_version()  # an assignment, a visit, a hazard: the status again, the shapes stay
    db.session.commit()
    page = client.get("/coordinator/map").data.decode()
    fresh = data_url(page)
    assert fresh != url and option(page, "shapes_url") == shapes_url
    client.get(fresh)
    client.get(shapes_url)
    assert (len(built["shapes"]), len(built["status"])) == (1, 2)
    assert client.get(url).headers["Cache-Control"] == "no-cache"
    assert "immutable" in client.get(fresh).headers["Cache-Control"]
    areas_changed()  # an import or a split: new shapes under a new URL
    db.session.commit()
    assert option(client.get("/coordinator/map").data.decode(), "shapes_url") != shapes_url


def test_map_is_for_coordinators_only(client, login, make_user):
    login(make_user("volunteer"))
    assert client.get("/coordinator/map").status_code == 403
    assert client.get("/coordinator/map/shapes.bin").status_code == 403
    assert client.get("/coordinator/map/status.json").status_code == 403


def test_expired_assignments_are_released_when_the_map_is_read(client, coordinator, make_neighborhood, make_team,
                                                                assign):
    hood = make_neighborhood()
    assign(make_team(), hood.blocks[:1], hours=1, ago=2)
    document = client.get(data_url(client.get("/coordinator/map").data.decode())).json
    assert hood.blocks[0].id not in rows_by_block(document)


# --- The shapes are stored in the database for every app server (issue 31) ---------------------------------------

def stored_shapes_rows() -> list[tuple[int, int]]:
    """(neighborhood filter, areas version) of the operation's stored shapes; 0 is the whole operation."""
    db.session.rollback()  # read what other sessions committed
    return [tuple(row) for row in db.session.execute(
        select(MapShapes.neighborhood_id, MapShapes.version).where(MapShapes.operation_id == scope.current_id())
        .order_by(MapShapes.neighborhood_id, MapShapes.version))]


def never_build(monkeypatch) -> list:
    """Make any build of shapes in this process a recorded failure; answers the record."""
    calls = []

    def refuse(*args):
        calls.append(args)
        raise AssertionError("shapes were built, not read from the stored copy")

    monkeypatch.setattr(map_layers, "build_shapes", refuse)
    return calls


def test_shapes_are_built_when_areas_change_and_a_second_app_server_serves_them_unbuilt(
        client, coordinator, make_neighborhood, db_url, monkeypatch):
    hood = make_neighborhood()
    version = current_version(AREAS_VERSION)
    assert stored_shapes_rows() == [(0, version)]
    built = never_build(monkeypatch)
    page = client.get("/coordinator/map").data.decode()
    first = client.get(option(page, "shapes_url"))
    assert first.status_code == 200 and decode_shapes(first.data)["ids"] == [b.id for b in hood.blocks]
    map_layers.clear()  # a second app server: another process, nothing cached, the same database
    second_app = make_app(db_url)
    try:
        second = second_app.test_client()
        assert second.post("/login", data={"email": coordinator.email, "password": PASSWORD}).status_code == 302
        served = second.get(option(second.get("/coordinator/map").data.decode(), "shapes_url"),
                            headers={"Accept-Encoding": "gzip"})
        assert served.status_code == 200 and gzip.decompress(served.data) == first.data
    finally:
        with second_app.app_context():
            db.engine.dispose()
    assert built == []


def test_a_new_areas_version_stores_new_shapes_and_drops_the_old(client, coordinator, make_neighborhood):
    first = make_neighborhood()
    before = option(client.get("/coordinator/map").data.decode(), "shapes_url")
    second = make_neighborhood()
    version = current_version(AREAS_VERSION)
    assert stored_shapes_rows() == [(0, version)]
    after = option(client.get("/coordinator/map").data.decode(), "shapes_url")
    assert after != before
    assert decode_shapes(client.get(after).data)["ids"] == [b.id for b in first.blocks + second.blocks]


def test_a_neighborhoods_shapes_are_built_once_and_stored_for_every_server(client, coordinator, make_neighborhood,
                                                                          monkeypatch):
    make_neighborhood()
    hood = make_neighborhood()
    version = current_version(AREAS_VERSION)
    url = option(client.get(f"/coordinator/map?neighborhood_id={hood.id}").data.decode(), "shapes_url")
    assert decode_shapes(client.get(url).data)["ids"] == [b.id for b in hood.blocks]
    assert stored_shapes_rows() == [(0, version), (hood.id, version)]
    built = never_build(monkeypatch)
    map_layers.clear()
    assert decode_shapes(client.get(url).data)["ids"] == [b.id for b in hood.blocks] and built == []


def test_two_servers_building_the_same_shapes_at_once_both_answer_and_one_copy_is_kept(app, make_neighborhood,
                                                                                      monkeypatch):
    make_neighborhood()
    hood = make_neighborhood()
    version = current_version(AREAS_VERSION)
    operation = scope.current()
    real_build = map_layers.build_shapes
    both_built = threading.Barrier(2, timeout=30)

    def build_together(*args):
        document = real_build(*args)
        both_built.wait()  # neither stores before the other has built: both find nothing stored, both insert
        return document

    monkeypatch.setattr(map_layers, "build_shapes", build_together)
    answers, errors = [], []

    def serve():
        try:
            with app.app_context():
                scope.choose(operation)
                answers.append(map_layers.stored_shapes(hood.id, version).raw)
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (the test reports what a server would have answered)
            errors.append(error)

    servers = [threading.Thread(target=serve) for _ in range(2)]
    for server in servers:
        server.start()
    for server in servers:
        server.join()
    assert errors == [] and len(answers) == 2 and answers[0] == answers[1]
    assert stored_shapes_rows() == [(0, version), (hood.id, version)]
