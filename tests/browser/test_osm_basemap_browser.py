"""The basemap build-basemap makes from the real Helsinki extract, drawn in Chromium: roads, water and
buildings painted under the blocks on the coordinator's map and the phone's, every request to this server,
and OpenStreetMap credited on the map."""
import pytest

from outreach.extensions import db
from outreach.models import Place, Street
from outreach.services.areas import areas, osm_basemap
from tests.browser.test_basemap_browser import poll, requests_of, same_origin

# Central Helsinki around Kaisaniemi park: streets, the park's ponds, the station's buildings.
HOOD = (24.938, 60.166, 24.950, 60.176)
# The light flavour's colours (protomaps/basemaps flavors.ts LIGHT): roads are white, water cyan; buildings
# are #cccccc at half opacity, so on the land (#e2dfda) they come out about (215, 213, 211).
COLOURS = {"road": (255, 255, 255), "water": (0x80, 0xDE, 0xEA), "building": (215, 213, 211),
           "land": (0xE2, 0xDF, 0xDA)}
# Pixels of each colour (within 3 per channel, opaque) in the basemap's tile canvases.
COUNT_COLOURS = """(colours) => {
  const counts = Object.fromEntries(Object.keys(colours).map((name) => [name, 0]));
  for (const canvas of document.querySelectorAll(".leaflet-tile-pane canvas")) {
    if (!canvas.width || !canvas.height) { continue; }
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 250) { continue; }
      for (const [name, [r, g, b]] of Object.entries(colours)) {
        if (Math.abs(data[i] - r) <= 3 && Math.abs(data[i + 1] - g) <= 3 && Math.abs(data[i + 2] - b) <= 3) {
          counts[name]++;
        }
      }
    }
  }
  return counts;
}"""
ATTRIBUTION = ".leaflet-control-attribution"
# A straight street of the extract (way 2 nodes long, lon/lat), and whether the tile canvas under a point
# of the coordinator map is road-white within a pixel or two (a z15 secondary road is about 3 px wide).
VILHONKATU = ((24.9472154, 60.1720881), (24.9454761, 60.172035))
ROAD_AT = """(points) => points.map(([lon, lat]) => {
  const map = window.OutreachMap.current.map;
  const at = map.latLngToContainerPoint([lat, lon]);
  const frame = map.getContainer().getBoundingClientRect();
  const x = frame.left + at.x, y = frame.top + at.y;
  for (const canvas of document.querySelectorAll(".leaflet-tile-pane canvas")) {
    const box = canvas.getBoundingClientRect();
    if (x < box.left || x >= box.right || y < box.top || y >= box.bottom) { continue; }
    const px = Math.round((x - box.left) * canvas.width / box.width);
    const py = Math.round((y - box.top) * canvas.height / box.height);
    const data = canvas.getContext("2d").getImageData(px - 2, py - 2, 5, 5).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250) { return true; }
    }
    return false;
  }
  return false;
})"""


@pytest.fixture(scope="module")
def helsinki_basemap(shared_data, tmp_path_factory):
    """The basemap of the real Helsinki extract (read in place), built once for the module."""
    source = shared_data("helsinki.osm.pbf")
    return osm_basemap.build(source, tmp_path_factory.mktemp("instance"), "helsinki").archive.path


@pytest.fixture
def with_helsinki_basemap(live_app, helsinki_basemap, monkeypatch):
    monkeypatch.setitem(live_app.config, "BASEMAP_PMTILES", str(helsinki_basemap))


def along(start, end, parts=5) -> list:
    """Points between start and end (not the ends: a crossing street would be white there too)."""
    return [[start[0] + (end[0] - start[0]) * i / parts, start[1] + (end[1] - start[1]) * i / parts]
            for i in range(1, parts)]


def painted_enough(counts) -> bool:
    return counts["road"] > 2000 and counts["water"] > 200 and counts["building"] > 2000


def phone_painted_enough(counts) -> bool:
    return counts["road"] > 1000 and counts["water"] > 100 and counts["building"] > 1000


def test_the_coordinator_map_paints_helsinki_roads_water_and_buildings_under_the_blocks(
        page, sign_in, make_user, make_neighborhood, with_helsinki_basemap, live_server):
    make_neighborhood(name="Kluuvi", bounds=HOOD)
    urls = requests_of(page)
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/map")
    page.wait_for_selector("html[data-map-ready='1'][data-under-ready='1']", timeout=15000)
    counts = poll(page, COUNT_COLOURS, COLOURS, painted_enough)
    assert painted_enough(counts), counts
    assert all(page.evaluate(ROAD_AT, along(*VILHONKATU))), "Vilhonkatu is painted where OpenStreetMap has it"
    under = page.evaluate("""() => [".leaflet-tile-pane", ".leaflet-overlay-pane"].map(
        (s) => Number(getComputedStyle(document.querySelector(s)).zIndex))""")
    assert under[0] < under[1], "the basemap is under the blocks"
    credit = page.locator(ATTRIBUTION)
    assert credit.is_visible() and "© OpenStreetMap contributors" in credit.inner_text()
    assert same_origin(urls, live_server) == []


def test_the_phone_map_paints_helsinki_roads_under_its_blocks(
        phone_page, sign_in, make_neighborhood, make_team, assign, with_helsinki_basemap, live_server):
    hood = make_neighborhood(name="Kluuvi", bounds=HOOD)
    team = make_team(name="Katajanokka")
    assign(team, hood.blocks[:4])
    urls = requests_of(phone_page)
    sign_in(phone_page, team.members[0])
    phone_page.goto("/field/")
    phone_page.click("#map-box summary")
    counts = poll(phone_page, COUNT_COLOURS, COLOURS, phone_painted_enough)
    assert phone_painted_enough(counts), counts
    credit = phone_page.locator(f"#map {ATTRIBUTION}")
    assert credit.is_visible() and "© OpenStreetMap contributors" in credit.inner_text()
    box = credit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the credit fits the phone's screen"
    assert same_origin(urls, live_server) == []


@pytest.fixture
def osm_streets(make_neighborhood):
    """A neighbourhood with a street and a place as import-osm leaves them (the place with its OSM id)."""
    hood = make_neighborhood(name="Kluuvi", bounds=HOOD)
    db.session.add(Street(name="Vilhonkatu", geometry={"type": "LineString", "coordinates": list(VILHONKATU)},
                          min_lon=VILHONKATU[1][0], max_lon=VILHONKATU[0][0], min_lat=VILHONKATU[1][1],
                          max_lat=VILHONKATU[0][1]))
    db.session.add(Place(name="Kansallisteatteri", lon=24.9437, lat=60.1726,
                         properties={"kind": "theatre", "osm": "way/4253094"}))
    areas.areas_changed()  # as import-osm does
    db.session.commit()
    return hood


def test_a_map_drawing_only_openstreetmap_streets_credits_openstreetmap(
        page, sign_in, make_user, osm_streets, live_server):
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/map")
    page.wait_for_selector("html[data-map-ready='1'][data-under-ready='1']", timeout=15000)
    credit = page.locator(ATTRIBUTION)
    assert credit.is_visible() and "© OpenStreetMap contributors" in credit.inner_text()


def test_without_openstreetmap_data_the_map_credits_no_one(page, sign_in, make_user, make_neighborhood):
    make_neighborhood(name="Kluuvi", bounds=HOOD)
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/map")
    page.wait_for_selector("html[data-map-ready='1'][data-under-ready='1']", timeout=15000)
    assert "OpenStreetMap" not in page.locator(ATTRIBUTION).inner_text()


def test_the_printed_packet_credits_openstreetmap_under_its_map(
        page, sign_in, make_user, make_team, assign, osm_streets):
    team = make_team(name="Katajanokka")
    assign(team, osm_streets.blocks[:4])
    sign_in(page, make_user("coordinator"))
    page.goto(f"/coordinator/teams/{team.id}/packet?date=2005-09-14")
    page.emulate_media(media="print")
    credit = page.locator("#map-title ~ .credit")
    assert credit.is_visible() and credit.inner_text() == "© OpenStreetMap contributors"
    box, legend = credit.bounding_box(), page.locator("#map-title ~ .legend").bounding_box()
    assert box["height"] > 8 and box["y"] >= legend["y"] + legend["height"] - 1, "under the map's legend"


def test_the_aid_map_credits_openstreetmap_under_its_needs(
        page, sign_in, make_group, make_need, osm_streets, with_helsinki_basemap, live_server):
    _group, member = make_group(name="Kallio aid")
    make_need(osm_streets.blocks[2], category="water", urgency="soon")
    urls = requests_of(page)
    sign_in(page, member)
    page.goto("/aid/")
    page.wait_for_selector("html[data-under-ready='1']", timeout=15000)
    assert poll(page, COUNT_COLOURS, COLOURS, lambda n: n["road"] > 1000)["road"] > 1000
    credit = page.locator(ATTRIBUTION)
    credit.scroll_into_view_if_needed()
    assert credit.is_visible() and "© OpenStreetMap contributors" in credit.inner_text()
    assert same_origin(urls, live_server) == []
