"""The basemap in Chromium: drawn under the blocks with no request to another origin, and on a phone
offline still drawn for the pair's own blocks from the tiles it kept."""
import time

import pytest

from outreach.extensions import db
from outreach.models import Street
from outreach.services.areas import areas
from tests.basemap_files import city_basemap
from tests.browser.phone import CONTROLLED, set_offline

BOUNDS = (-90.02, 29.96, -90.01, 29.97)  # make_neighborhood's default outline
# Painted pixels in a pane's canvases (protomaps-leaflet draws each tile on a canvas in the tile pane).
PAINTED = """(selector) => Array.from(document.querySelectorAll(selector)).reduce((sum, canvas) => {
  if (!canvas.width || !canvas.height) { return sum; }
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted++; } }
  return sum + painted;
}, 0)"""
TILE_CANVASES = ".leaflet-tile-pane canvas"


@pytest.fixture
def with_basemap(live_app, tmp_path, monkeypatch):
    """The live server with OUTREACH_BASEMAP_PMTILES set to a basemap the test makes from GeoJSON."""
    path = tmp_path / "city.pmtiles"
    city_basemap(path, BOUNDS)
    monkeypatch.setitem(live_app.config, "BASEMAP_PMTILES", str(path))
    return path


@pytest.fixture
def a_street():
    """A named street across the default neighborhood."""
    db.session.add(Street(name="Tupelo St", geometry={"type": "LineString", "coordinates": [
        [-90.015, 29.955], [-90.015, 29.975]]}, min_lon=-90.015, max_lon=-90.015, min_lat=29.955, max_lat=29.975))
    areas.areas_changed()  # as a street import does: the map's stored shapes are built again
    db.session.commit()


@pytest.fixture
def phone_of_a_pair(phone_page, sign_in, make_neighborhood, make_team, assign):
    """A phone signed in as a pair's volunteer, on its second load (the service worker in control)."""
    hood = make_neighborhood()
    team = make_team(name="Camellia")
    assign(team, hood.blocks[:2])
    sign_in(phone_page, team.members[0])
    phone_page.evaluate(CONTROLLED)
    phone_page.goto("/field/")
    return phone_page


def requests_of(page) -> list[str]:
    """Every URL the page (and its service worker) asks for, from now on."""
    seen = []
    page.context.on("request", lambda request: seen.append(request.url))
    return seen


def poll(page, script, arg, enough, seconds=20):
    """Evaluate `script(arg)` until `enough(value)`; the CSP forbids wait_for_function's eval."""
    deadline = time.monotonic() + seconds
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(script, arg)
        if enough(value):
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out; last value {value!r}")


def open_coordinator_map(page, sign_in, make_user):
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/map")
    page.wait_for_selector("html[data-map-ready='1'][data-under-ready='1']", timeout=15000)


def same_origin(urls, origin) -> list[str]:
    """The URLs that are not on `origin` (data: and blob: URLs are the page's own)."""
    return [url for url in urls if not url.startswith((origin + "/", "data:", "blob:"))]


def test_the_coordinator_map_draws_the_basemap_under_the_blocks_from_this_server_only(
        page, sign_in, make_user, make_neighborhood, with_basemap, a_street, live_server):
    make_neighborhood()
    urls = requests_of(page)
    open_coordinator_map(page, sign_in, make_user)
    painted = poll(page, PAINTED, TILE_CANVASES, lambda n: n > 10_000)
    assert painted > 10_000, "the basemap tiles were not painted"
    assert any("/maps/tiles/" in url for url in urls)
    assert any("vendor/protomaps-leaflet/protomaps-leaflet.js" in url for url in urls)
    under = page.evaluate("""() => [".leaflet-tile-pane", ".leaflet-pane.leaflet-streets-pane",
        ".leaflet-overlay-pane"].map((s) => Number(getComputedStyle(document.querySelector(s)).zIndex))""")
    assert under[0] < under[1] < under[2], f"basemap, streets and blocks must stack in that order: {under}"
    assert same_origin(urls, live_server) == []


def test_without_a_basemap_nothing_is_painted_and_no_renderer_is_loaded(
        page, sign_in, make_user, make_neighborhood, a_street, live_server):
    make_neighborhood()
    urls = requests_of(page)
    open_coordinator_map(page, sign_in, make_user)
    poll(page, PAINTED, ".leaflet-streets-pane canvas", lambda n: n > 0)  # the street is drawn all the same
    assert page.evaluate(PAINTED, TILE_CANVASES) == 0
    assert not any("protomaps" in url or "/maps/tiles/" in url for url in urls)
    assert same_origin(urls, live_server) == []


def test_street_names_show_at_street_zoom_as_text(page, sign_in, make_user, make_neighborhood, live_server):
    make_neighborhood()
    db.session.add(Street(name="<img src=x onerror=alert(1)> Ave", geometry={"type": "LineString", "coordinates": [
        [-90.03, 29.965], [-90.0, 29.965]]}, min_lon=-90.03, max_lon=-90.0, min_lat=29.965, max_lat=29.965))
    areas.areas_changed()
    db.session.commit()
    open_coordinator_map(page, sign_in, make_user)
    page.evaluate("() => window.OutreachMap.current.map.setView([29.965, -90.015], 14, {animate: false})")
    # A city view: names would only hide the blocks (Leaflet fades a label out before removing it).
    page.wait_for_selector(".street-name", state="detached")
    page.evaluate("() => window.OutreachMap.current.map.setView([29.965, -90.015], 17, {animate: false})")
    page.wait_for_selector("text.street-name")
    # Along the line (leaflet-textpath), spaces as no-break spaces, repeated along a long street.
    written = page.locator("text.street-name").first.text_content().replace("\u00a0", " ")
    assert "<img src=x onerror=alert(1)> Ave" in written
    assert page.locator(".leaflet-pane img:not(.leaflet-tile), .leaflet-pane svg image").count() == 0


def test_a_phone_offline_still_draws_the_basemap_of_its_blocks(with_basemap, a_street, phone_of_a_pair):
    page = phone_of_a_pair
    page.wait_for_selector("#map[data-tiles-kept]", state="attached", timeout=20000)
    kept = page.get_attribute("#map", "data-tiles-kept")
    assert kept != "failed" and '"complete":true' in kept, kept

    set_offline(page, True)
    tiles = []
    page.on("response", lambda response: "/maps/tiles/" in response.url and tiles.append(response))
    assert page.reload().from_service_worker
    page.click("#map-box summary")
    assert poll(page, PAINTED, TILE_CANVASES, lambda n: n > 5_000) > 5_000
    assert tiles and all(response.ok for response in tiles)
    assert poll(page, PAINTED, ".leaflet-streets-pane canvas", lambda n: n > 0) > 0


@pytest.fixture
def small_budget(live_app, monkeypatch):
    monkeypatch.setitem(live_app.config, "BASEMAP_OFFLINE_BUDGET_BYTES", 1500)


def test_a_phone_keeps_no_more_tiles_than_its_budget(with_basemap, small_budget, phone_of_a_pair):
    page = phone_of_a_pair
    page.wait_for_selector("#map[data-tiles-kept]", state="attached", timeout=20000)
    kept = page.evaluate("() => JSON.parse(document.getElementById('map').dataset.tilesKept)")
    assert kept["complete"] is False and 0 < kept["bytes"] <= 1500, kept
    stored = page.evaluate("""async () => {
      const cache = await caches.open("outreach-tiles");
      let bytes = 0;
      for (const request of await cache.keys()) {
        if (request.url.includes("/maps/tiles/")) {
          bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
        }
      }
      return bytes;
    }""")
    assert stored == kept["bytes"]


def test_the_aid_map_draws_the_basemap_and_streets_under_the_needs(
        page, sign_in, make_group, make_neighborhood, make_need, with_basemap, a_street, live_server):
    _group, member = make_group(name="Lower Nine Mutual Aid")
    make_need(make_neighborhood().blocks[5], category="water", urgency="soon")
    urls = requests_of(page)
    sign_in(page, member)
    page.goto("/aid/")
    page.wait_for_selector("html[data-under-ready='1']", timeout=15000)
    assert poll(page, PAINTED, TILE_CANVASES, lambda n: n > 10_000) > 10_000
    assert poll(page, PAINTED, ".leaflet-streets-pane canvas", lambda n: n > 0) > 0
    assert same_origin(urls, live_server) == []
