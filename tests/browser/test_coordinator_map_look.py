"""What a coordinator sees on the map (issue 23, items 8 and 9), judged on what Chromium draws:
the controls, the legend, block codes, street names, the cues besides colour, and popups."""
import json
import struct
import zlib

import pytest

from outreach.extensions import db
from outreach.services.areas import areas
from outreach.services.fieldwork import block_work

DESKTOP = {"width": 1280, "height": 860}
@pytest.fixture
def desk(browser, live_server):
    """A laptop-sized page (1280x860), as the coordinator's screen in the staging tent."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def open_map(desk, sign_in, make_user):
    """Sign a coordinator in and open the map until its blocks are drawn; collects page errors."""
    errors = []
    desk.on("pageerror", lambda error: errors.append(str(error)))

    def go():
        sign_in(desk, make_user("coordinator"))
        desk.goto("/coordinator/map")
        desk.wait_for_selector("html[data-map-ready='1']", timeout=15000)
        return errors

    return go


def set_view(page, lat, lon, zoom):
    """Move the map without animation and wait for the labels it redraws on moveend."""
    page.evaluate("([lat, lon, zoom]) => { OutreachMap.current.map.setView([lat, lon], zoom, {animate: false}); }",
                  [lat, lon, zoom])
    page.wait_for_timeout(150)


def centre_of(block) -> tuple[float, float]:
    """(lat, lon) of the middle of a block's bounding box."""
    ring = block.geometry["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def screen_pixels(page, clip) -> list[tuple[int, int, int]]:
    """The RGB pixels of a region of the screen, as drawn (Chromium's screenshot, a plain 8-bit PNG)."""
    return png_pixels(page.screenshot(clip=clip))


def png_pixels(png: bytes) -> list[tuple[int, int, int]]:
    """Decode a non-interlaced 8-bit RGB or RGBA PNG (PNG spec, filters 0-4) into RGB tuples."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks[kind] = chunks.get(kind, b"") + png[at + 8:at + 8 + size]
        at += 12 + size
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6), "an 8-bit RGB or RGBA PNG"
    step = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(chunks[b"IDAT"]), width * step, [], bytearray(width * step)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + near[2]) & 255
        rows.append(line)
        previous = line
    return [tuple(row[x:x + 3]) for row in rows for x in range(0, stride, step)]


def dark_share(pixels, under=90) -> float:
    """The share of pixels darker than a hatch stripe is (luminance under 90 of 255, or `under`)."""
    return sum(1 for r, g, b in pixels if 0.2126 * r + 0.7152 * g + 0.0722 * b < under) / len(pixels)


def overlaps(a, b) -> bool:
    """Whether two bounding boxes share any area."""
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_the_map_fills_the_window_below_the_header(desk, open_map, make_neighborhood):
    make_neighborhood()
    open_map()
    frame = desk.locator(".folium-map").bounding_box()
    assert frame["y"] + frame["height"] >= DESKTOP["height"] - 24, f"the map stops short of the window: {frame}"
    assert frame["width"] >= 0.7 * DESKTOP["width"]
    assert desk.evaluate("document.documentElement.scrollHeight") <= DESKTOP["height"], "the page scrolls"


def test_the_layer_control_is_collapsed_and_opens_with_each_label_beside_its_checkbox(desk, open_map,
                                                                                    make_neighborhood):
    make_neighborhood()
    open_map()
    toggle = desk.locator(".leaflet-control-layers-toggle")
    assert toggle.is_visible()
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert not desk.locator(".leaflet-control-layers-list").is_visible(), "the layer list is open on arrival"
    desk.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # Leaflet opens it on hover
    desk.locator(".leaflet-control-layers-list").wait_for(state="visible")
    labels = desk.locator(".leaflet-control-layers-overlays label")
    assert labels.count() == 6  # blocks, neighborhoods, staging, needs, block codes, gatherings (issue 27)
    for i in range(labels.count()):
        check = labels.nth(i).locator("input").bounding_box()
        words = labels.nth(i).locator("span span").bounding_box()
        assert words["x"] > check["x"] + check["width"] - 1, "the label is not beside its checkbox"
        middle = check["y"] + check["height"] / 2
        assert words["y"] <= middle <= words["y"] + words["height"], "the label is not on its checkbox's line"


def test_the_legend_is_visible_compact_and_shows_each_status(desk, open_map, make_neighborhood):
    make_neighborhood()
    open_map()
    legend = desk.locator(".map-legend")
    assert legend.is_visible()
    box, frame = legend.bounding_box(), desk.locator(".folium-map").bounding_box()
    assert box["height"] <= 190 and box["width"] <= 280, f"the legend is not compact: {box}"
    assert box["width"] * box["height"] <= 0.08 * frame["width"] * frame["height"]
    for words in ("Not assigned", "To visit", "In progress", "Done", "Go back", "Unsafe", "Urgent need"):
        assert legend.get_by_text(words, exact=True).is_visible()
    hatched = legend.locator(".swatch.hatched")
    assert "repeating-linear-gradient" in hatched.evaluate("(s) => getComputedStyle(s).backgroundImage")


def test_block_codes_are_written_inside_blocks_at_zoom_16_and_not_at_13(desk, open_map, make_neighborhood):
    hood = make_neighborhood(block_size_m=150)
    block = hood.blocks[len(hood.blocks) // 2]
    open_map()
    set_view(desk, *centre_of(block), 13)
    assert desk.get_by_text(block.code, exact=True).count() == 0
    set_view(desk, *centre_of(block), 16)
    label = desk.locator(".block-code span", has_text=block.code)
    label.wait_for(state="visible")
    drawn = label.bounding_box()
    shape = desk.evaluate("""(id) => {
        const m = OutreachMap.current.map, b = OutreachMap.current.layers[id].getBounds();
        const a = m.latLngToContainerPoint(b.getNorthWest()), c = m.latLngToContainerPoint(b.getSouthEast());
        return {x: a.x, y: a.y, width: c.x - a.x, height: c.y - a.y}; }""", block.id)
    frame = desk.locator(".folium-map").bounding_box()
    left, top = frame["x"] + shape["x"], frame["y"] + shape["y"]
    assert left <= drawn["x"] and drawn["x"] + drawn["width"] <= left + shape["width"], "the code sticks out"
    assert top <= drawn["y"] and drawn["y"] + drawn["height"] <= top + shape["height"], "the code sticks out"
    set_view(desk, *centre_of(block), 13)
    label.wait_for(state="detached")


def test_an_unsafe_block_is_hatched_and_its_neighbour_is_not(desk, open_map, make_neighborhood, make_user):
    hood = make_neighborhood(block_size_m=150)
    unsafe, plain = hood.blocks[0], hood.blocks[1]
    block_work.flag_unsafe(unsafe, make_user("coordinator"), "Downed power line")
    db.session.commit()
    open_map()
    frame = desk.locator(".folium-map").bounding_box()
    seen = {}
    for block in (unsafe, plain):
        set_view(desk, *centre_of(block), 17)
        # Below the middle: clear of the code label above it and the needs marker on it.
        clip = {"x": frame["x"] + frame["width"] / 2 - 15, "y": frame["y"] + frame["height"] / 2 + 20,
                "width": 30, "height": 30}
        seen[block.code] = dark_share(screen_pixels(desk, clip))
    assert seen[unsafe.code] > 0.05, f"no hatch stripes on the unsafe block: {seen}"
    assert seen[plain.code] == 0, f"stripes on a block that is not unsafe: {seen}"


def test_an_urgent_need_is_marked_with_an_exclamation_mark(desk, open_map, make_neighborhood, make_need):
    hood = make_neighborhood(block_size_m=150)
    urgent, soon = hood.blocks[0], hood.blocks[1]
    make_need(urgent, urgency="immediate")
    make_need(soon, urgency="soon")
    open_map()
    frame = desk.locator(".folium-map").bounding_box()
    middle = {"x": frame["x"] + frame["width"] / 2 - 2, "y": frame["y"] + frame["height"] / 2 - 2,
              "width": 4, "height": 4}
    seen = {}
    for block in (urgent, soon):
        set_view(desk, *centre_of(block), 16)
        # The marker sits on the block's middle: the glyph is black, no fill colour is that dark.
        seen[block.code] = dark_share(screen_pixels(desk, middle), under=50)
    assert seen[urgent.code] > 0.1, f"no '!' on the urgent need's marker: {seen}"
    assert seen[soon.code] == 0, f"a mark on a need that is not urgent: {seen}"


def test_a_popup_opens_fully_inside_the_map_and_clear_of_the_controls(desk, open_map, make_neighborhood):
    hood = make_neighborhood(bounds=(-90.03, 29.955, -90.0, 29.975), block_size_m=300)
    block = hood.blocks[len(hood.blocks) // 2]
    open_map()
    # The block moved just under the search box and the layer control, at the right edge: a popup
    # opening upwards from there lies under them unless the map pans it clear.
    point = desk.evaluate("""(id) => {
        const m = OutreachMap.current.map, size = m.getSize(), frame = m.getContainer().getBoundingClientRect();
        const controls = m.getContainer().querySelector(".leaflet-top.leaflet-right").getBoundingClientRect();
        const now = OutreachMap.pointOf(id);
        m.panBy([now.x - (size.x - 30), now.y - (controls.bottom - frame.top + 20)], {animate: false});
        return OutreachMap.pointOf(id); }""", block.id)
    frame = desk.locator(".folium-map").bounding_box()
    desk.mouse.click(frame["x"] + point["x"], frame["y"] + point["y"])
    popup = desk.locator(".leaflet-popup")
    popup.wait_for(state="visible")
    assert block.code in popup.inner_text()
    desk.wait_for_timeout(600)  # the pan animation (0.25 s) has ended
    box = popup.bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]
    for control in (".map-search", ".leaflet-control-layers", ".map-legend", ".leaflet-control-zoom",
                    ".leaflet-draw", ".leaflet-control-scale"):
        assert not overlaps(box, desk.locator(control).bounding_box()), f"the popup lies under {control}"


def test_street_names_run_along_the_lines_and_repeat(desk, open_map, make_neighborhood):
    make_neighborhood(block_size_m=150)
    tupelo = {"type": "Feature", "properties": {"name": "Tupelo St"},
              "geometry": {"type": "LineString", "coordinates": [[-90.015, 29.955], [-90.015, 29.975]]}}
    areas.import_areas(json.dumps({"type": "FeatureCollection", "features": [tupelo]}), "street")  # as a coordinator
    db.session.commit()
    errors = open_map()
    set_view(desk, 29.965, -90.015, 14)
    assert desk.locator(".street-name").count() == 0, "names at city zoom would hide the blocks"
    set_view(desk, 29.965, -90.015, 16)
    name = desk.locator("text.street-name")
    name.wait_for(state="visible")
    words = name.text_content().replace("\u00a0", " ")
    assert words.count("Tupelo St") >= 2, f"a long street's name is written once only: {words!r}"
    box = name.bounding_box()
    assert box["height"] > 4 * box["width"], f"the name does not run along the north-south line: {box}"
    assert errors == []
