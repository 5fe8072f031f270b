"""The map page and its two documents (the shapes binary, the status JSON): filters, gzip, caching per
version, what changed since a version, and operation scoping."""
import gzip
import json
import re
import struct

from shapely.geometry import Polygon, shape

from outreach import scope
from outreach.extensions import db
from outreach.services.areas import map_layers
from outreach.services.areas.areas import areas_changed
from outreach.services.areas.blocks import bump_version
from outreach.services.operation import operations


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
