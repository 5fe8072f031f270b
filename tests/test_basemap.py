"""The offline basemap: import-basemap checks, range requests, tiles, streets for the maps, the CSP."""
import gzip
import re
import sqlite3

import mapbox_vector_tile
import pytest

from outreach.errors import Invalid
from outreach.extensions import db
from outreach.models import Street
from outreach.services.areas import basemap
from tests.basemap_files import city_basemap, tile_range

BOUNDS = (-90.02, 29.96, -90.01, 29.97)


@pytest.fixture
def archive(tmp_path):
    """A PMTiles basemap of a small street grid, made from GeoJSON."""
    path = tmp_path / "city.pmtiles"
    city_basemap(path, BOUNDS)
    return path


@pytest.fixture
def configured(app, archive, monkeypatch):
    """The app with OUTREACH_BASEMAP_PMTILES pointing at the test archive."""
    monkeypatch.setitem(app.config, "BASEMAP_PMTILES", str(archive))
    return archive


def test_a_generated_archive_passes_the_check(archive):
    found = basemap.check(archive)
    assert (found.min_zoom, found.max_zoom, found.encoding) == (10, 15, "gzip")
    assert found.bounds == pytest.approx(BOUNDS)


@pytest.mark.parametrize("content, message", [
    (b"", "is not a PMTiles file"),
    (b'{"type": "FeatureCollection", "features": []}', "it looks like JSON"),
    (b"SQLite format 3\x00" + bytes(200), "it looks like an SQLite database (MBTiles?)"),
    (b"PMTiles\x02" + bytes(200), "is PMTiles version 2; Outreach reads version 3"),
    (b"PMTiles\x03" + bytes(20), "is cut short"),
])
def test_files_that_are_not_usable_pmtiles_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.pmtiles"
    path.write_bytes(content)
    with pytest.raises(Invalid, match=re.escape(message)):
        basemap.check(path)


def test_raster_and_damaged_archives_are_refused(tmp_path, archive):
    raw = bytearray(archive.read_bytes())
    raster = tmp_path / "raster.pmtiles"
    raster.write_bytes(raw[:99] + bytes([2]) + raw[100:])  # byte 99: the tile type, 2 is PNG
    with pytest.raises(Invalid, match="holds PNG tiles; the offline basemap must hold vector tiles"):
        basemap.check(raster)
    damaged = tmp_path / "damaged.pmtiles"
    damaged.write_bytes(raw[:127] + bytes(len(raw) - 127))
    with pytest.raises(Invalid, match="damaged or cut short"):
        basemap.check(damaged)


def test_import_basemap_keeps_a_checked_copy_under_instance(runner, app, archive, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    result = runner.invoke(args=["import-basemap", str(archive)])
    assert result.exit_code == 0, result.output
    assert "zoom 10 to 15" in result.output
    kept = tmp_path / "instance" / "basemaps" / "test-op.pmtiles"
    assert kept.read_bytes() == archive.read_bytes()
    assert basemap.configured_path(app.config, app.instance_path, "test-op") == kept


def test_import_basemap_refuses_a_file_that_is_not_pmtiles_and_keeps_nothing(runner, app, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    fake = tmp_path / "city.mbtiles"
    with sqlite3.connect(fake) as connection:
        connection.execute("create table tiles (zoom_level integer)")
    result = runner.invoke(args=["import-basemap", str(fake)])
    assert result.exit_code != 0 and "is not a PMTiles file: it looks like an SQLite database" in result.output
    assert not (tmp_path / "instance" / "basemaps" / "test-op.pmtiles").exists()


def test_the_archive_is_served_with_range_requests(client, coordinator, configured):
    whole = configured.read_bytes()
    full = client.get("/maps/basemap.pmtiles")
    assert full.status_code == 200 and full.data == whole and full.headers["Accept-Ranges"] == "bytes"
    etag = full.headers["ETag"]
    part = client.get("/maps/basemap.pmtiles", headers={"Range": "bytes=0-126"})
    assert part.status_code == 206 and part.data == whole[:127]
    assert part.headers["Content-Range"] == f"bytes 0-126/{len(whole)}"
    same = client.get("/maps/basemap.pmtiles", headers={"Range": "bytes=127-200", "If-Range": etag})
    assert same.status_code == 206 and same.data == whole[127:201]
    changed = client.get("/maps/basemap.pmtiles", headers={"Range": "bytes=127-200", "If-Range": '"old"'})
    assert changed.status_code == 200 and changed.data == whole
    beyond = client.get("/maps/basemap.pmtiles", headers={"Range": f"bytes={len(whole) + 10}-"})
    assert beyond.status_code == 416


def test_tiles_come_out_of_the_archive_as_vector_tiles(client, coordinator, configured):
    x0, _x1, y0, _y1 = tile_range(BOUNDS, 15)
    response = client.get(f"/maps/tiles/15/{x0}/{y0}.mvt")
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    layers = mapbox_vector_tile.decode(gzip.decompress(response.data))
    assert {"earth", "water", "roads"} <= set(layers)
    assert client.get("/maps/tiles/15/0/0.mvt").status_code == 204  # outside the extract
    assert client.get("/maps/tiles/3/9/0.mvt").status_code == 204  # not a tile at all


def test_without_a_basemap_the_tiles_are_404_and_the_maps_load_no_renderer(client, coordinator):
    assert client.get("/maps/tiles/15/0/0.mvt").status_code == 404
    assert client.get("/maps/basemap.pmtiles").status_code == 404
    page = client.get("/coordinator/map").get_data(as_text=True)
    assert "protomaps-leaflet" not in page and '"kind": null' in page


def test_with_a_basemap_the_maps_are_told_where_the_tiles_are(client, coordinator, configured):
    page = client.get("/coordinator/map").get_data(as_text=True)
    assert '"kind": "pmtiles"' in page and "/maps/tiles/{z}/{x}/{y}.mvt?v=" in page
    assert "vendor/protomaps-leaflet/protomaps-leaflet.js" in page


def test_maps_need_a_signed_in_user(client, configured):
    assert client.get("/maps/tiles/15/0/0.mvt").status_code in (302, 401)
    assert client.get("/maps/streets.json?bbox=-90.1,29.9,-90,30").status_code in (302, 401)


def test_streets_json_answers_the_streets_in_a_box(client, coordinator):
    db.session.add_all([
        Street(name="<b>Canal</b> St",
               geometry={"type": "LineString", "coordinates": [[-90.07, 29.95], [-90.06, 29.96]]},
               min_lon=-90.07, max_lon=-90.06, min_lat=29.95, max_lat=29.96),
        Street(name="Far Rd", geometry={"type": "LineString", "coordinates": [[-89.5, 29.5], [-89.4, 29.6]]},
               min_lon=-89.5, max_lon=-89.4, min_lat=29.5, max_lat=29.6)])
    db.session.commit()
    body = client.get("/maps/streets.json?bbox=-90.1,29.9,-90.0,30.0").get_json()
    assert body["name"] == ["<b>Canal</b> St"]
    assert body["geom"] == [[[-9007000, 2995000, 1000, 1000]]]


@pytest.mark.parametrize("bbox", ["", "a,b,c,d", "-90,29,-91,30", "-92,29,-90,30", "1,2,3"])
def test_streets_json_refuses_a_bad_box_with_a_json_error(client, coordinator, bbox):
    response = client.get(f"/maps/streets.json?bbox={bbox}", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert "bbox" in response.get_json()["error"]["fields"]


def test_online_tiles_add_only_their_origin_to_the_csp(client, coordinator, app, monkeypatch):
    plain = client.get("/coordinator/map").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:;" in plain
    monkeypatch.setitem(app.config, "TILE_URL", "https://tile.example.org/{z}/{x}/{y}.png")
    monkeypatch.setitem(app.config, "TILE_ATTRIBUTION", "© OpenStreetMap contributors")
    response = client.get("/coordinator/map")
    assert "img-src 'self' data: blob: https://tile.example.org;" in response.headers["Content-Security-Policy"]
    assert "connect-src 'self';" in response.headers["Content-Security-Policy"]
    assert '"kind": "raster"' in response.get_data(as_text=True)


@pytest.mark.parametrize("asked", ["bytes=0-9, 20-29", "bytes=0-9,100-", "items=0-9", "pages=1-2", "bytes=abc",
                                   "bytes=9-2"])
def test_ranges_the_server_does_not_serve_get_the_whole_file(client, coordinator, configured, asked):
    """RFC 9110 14.2: a server may ignore a Range it does not support (several ranges, another unit, a
    range it cannot read) and answer 200 with the whole representation; 416 is for a range past the end."""
    whole = configured.read_bytes()
    response = client.get("/maps/basemap.pmtiles", headers={"Range": asked})
    assert response.status_code == 200 and response.data == whole and "Content-Range" not in response.headers
