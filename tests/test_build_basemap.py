"""build-basemap: a PMTiles basemap in the Protomaps layers, built from the real Helsinki OSM extract.

The extract is read where it lies (../shared/data, or OUTREACH_SHARED_DATA) and built once for the module.
"""
import gzip
import re
from collections import Counter
from pathlib import Path

import mapbox_vector_tile
import pytest
from pmtiles.reader import MmapSource, Reader

from outreach.errors import Invalid
from outreach.services.areas import basemap, osm_basemap
from tests.basemap_files import city_basemap, tile_range

HELSINKI = (24.9352, 60.1642, 24.9534, 60.1791)
VENDORED_RENDERER = Path(__file__).parent.parent / "static/vendor/protomaps-leaflet/protomaps-leaflet.js"


@pytest.fixture(scope="module")
def helsinki_pbf(shared_data):
    """The real OpenStreetMap extract of central Helsinki (ODbL), read in place."""
    return Path(shared_data("helsinki.osm.pbf"))


@pytest.fixture(scope="module")
def built(helsinki_pbf, tmp_path_factory):
    """The Helsinki basemap, built once for the module."""
    return osm_basemap.build(helsinki_pbf, tmp_path_factory.mktemp("instance"), "helsinki")


@pytest.fixture(scope="module")
def z15_features(built):
    """Every feature of the z15 tiles over Helsinki, as (layer, properties, geometry type)."""
    with open(built.archive.path, "rb") as file:
        reader = Reader(MmapSource(file))
        x0, x1, y0, y1 = tile_range(HELSINKI, 15)
        found = []
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                data = reader.get(15, x, y)
                if data:
                    for layer, content in mapbox_vector_tile.decode(gzip.decompress(data)).items():
                        found += [(layer, f["properties"], f["geometry"]["type"]) for f in content["features"]]
    return found


def test_the_basemap_is_kept_where_import_basemap_keeps_one_and_passes_its_check(built, tmp_path_factory):
    archive = basemap.check(built.archive.path)
    assert built.archive.path.name == "helsinki.pmtiles" and built.archive.path.parent.name == "basemaps"
    assert (archive.min_zoom, archive.max_zoom, archive.encoding) == (0, 15, "gzip")
    assert archive.bounds == pytest.approx(HELSINKI, abs=0.002)


def test_the_tiles_hold_the_protomaps_layers_with_their_kinds(z15_features):
    kinds = Counter((layer, props.get("kind")) for layer, props, _ in z15_features)
    assert {layer for layer, _ in kinds} == set(osm_basemap.LAYERS)
    for expected in [("earth", "earth"), ("water", "water"), ("buildings", "building"), ("roads", "major_road"),
                     ("roads", "minor_road"), ("roads", "path"), ("roads", "rail"), ("landuse", "park"),
                     ("places", "neighbourhood")]:
        assert kinds[expected] > 0, expected
    assert all(kind for (_, kind) in kinds), "every feature has a kind"
    assert kinds[("buildings", "building")] > 300


def test_roads_carry_their_names(z15_features):
    names = {props.get("name") for layer, props, _ in z15_features if layer == "roads"}
    assert {"Mannerheimintie", "Aleksanterinkatu", "Pohjoisesplanadi"} <= names
    assert len(names) > 50


def test_every_kind_the_basemap_draws_with_is_one_the_vendored_renderer_reads():
    """The light flavour's paint rules name these layers and kinds (protomaps-leaflet's default style)."""
    renderer = VENDORED_RENDERER.read_text(encoding="utf-8")
    drawn = {kind for kind, _ in osm_basemap.HIGHWAYS.values()} | {"rail", "earth", "water", "building"}
    for word in [*osm_basemap.LAYERS, *drawn]:
        assert re.search(rf"[\"']{word}[\"']", renderer), f"{word} is not read by protomaps-leaflet"


def test_buildings_appear_from_street_zoom_only(built):
    with open(built.archive.path, "rb") as file:
        reader = Reader(MmapSource(file))
        x0, _x1, y0, _y1 = tile_range(HELSINKI, 11)
        coarse = mapbox_vector_tile.decode(gzip.decompress(reader.get(11, x0, y0)))
    assert "buildings" not in coarse and "roads" in coarse


def test_build_basemap_builds_and_keeps_it_for_the_operation(runner, app, monkeypatch, tmp_path, helsinki_pbf):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    result = runner.invoke(args=["build-basemap", str(helsinki_pbf), "--max-zoom", "13"])
    assert result.exit_code == 0, result.output
    assert "zoom 0 to 13" in result.output and "© OpenStreetMap contributors" in result.output
    kept = tmp_path / "instance" / "basemaps" / "test-op.pmtiles"
    assert basemap.configured_path(app.config, app.instance_path, "test-op") == kept
    assert basemap.check(kept).max_zoom == 13


def garbage(tmp_path, helsinki_pbf):
    path = tmp_path / "city.osm.pbf"
    path.write_bytes(b"<html>Not found</html>" * 20)
    return path


def truncated(tmp_path, helsinki_pbf):
    path = tmp_path / "city.osm.pbf"
    path.write_bytes(helsinki_pbf.read_bytes()[:300_000])
    return path


def a_pmtiles_file(tmp_path, helsinki_pbf):
    path = tmp_path / "city.osm.pbf"
    city_basemap(path, (24.93, 60.16, 24.95, 60.18))
    return path


def no_map_features(tmp_path, helsinki_pbf):
    path = tmp_path / "city.osm"
    path.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="60.17" lon="24.94" version="1">'
                    '<tag k="amenity" v="bench"/></node></osm>', encoding="utf-8")
    return path


@pytest.mark.parametrize("bad_file, message", [
    (garbage, "cannot be read as an OpenStreetMap extract"),
    (truncated, "cannot be read as an OpenStreetMap extract (PBF error: unexpected EOF)"),
    (a_pmtiles_file, "cannot be read as an OpenStreetMap extract"),
    (no_map_features, "holds no roads, buildings, water or land use to draw"),
])
def test_bad_files_are_refused_with_a_message_and_the_kept_basemap_is_untouched(
        runner, app, monkeypatch, tmp_path, helsinki_pbf, bad_file, message):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    kept = tmp_path / "instance" / "basemaps" / "test-op.pmtiles"
    kept.parent.mkdir(parents=True)
    city_basemap(kept, (24.93, 60.16, 24.95, 60.18))
    before = kept.read_bytes()
    result = runner.invoke(args=["build-basemap", str(bad_file(tmp_path, helsinki_pbf))])
    assert result.exit_code != 0 and message in result.output, result.output
    assert kept.read_bytes() == before
    assert [p.name for p in kept.parent.iterdir()] == ["test-op.pmtiles"], "no draft left behind"


def test_the_service_refuses_without_writing_anything(tmp_path, helsinki_pbf):
    with pytest.raises(Invalid, match="cannot be read as an OpenStreetMap extract"):
        osm_basemap.build(garbage(tmp_path, helsinki_pbf), tmp_path / "instance", "x")
    assert not (tmp_path / "instance").exists()


def test_a_street_cut_at_the_extracts_edge_is_drawn_up_to_the_edge(tmp_path):
    """Extracts cut at a box leave a way's outside nodes without a location: the rest is still a street."""
    path = tmp_path / "edge.osm"
    path.write_text(
        '<?xml version="1.0"?><osm version="0.6">'
        '<node id="1" lat="60.170" lon="24.940" version="1"/><node id="2" lat="60.170" lon="24.945" version="1"/>'
        '<way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>'  # node 3 is outside the extract
        '<tag k="highway" v="residential"/><tag k="name" v="Reunakatu"/></way></osm>', encoding="utf-8")
    built = osm_basemap.build(path, tmp_path / "instance", "edge", max_zoom=12)
    assert built.counts["roads"] == 1
    with open(built.archive.path, "rb") as file:
        x0, _x1, y0, _y1 = tile_range((24.940, 60.170, 24.945, 60.170), 12)
        tile = mapbox_vector_tile.decode(gzip.decompress(Reader(MmapSource(file)).get(12, x0, y0)))
    assert [f["properties"]["name"] for f in tile["roads"]["features"]] == ["Reunakatu"]
