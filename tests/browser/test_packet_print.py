"""The packet prints to PDF in Chromium (issue 23, item 13): the cover and the map on one page, the
map framed on the pair's blocks with the staging point on it or an arrow towards it, street names at
8 pt or more with a halo, and ten log rows to a landscape sheet."""
import io

import pytest
from pypdf import PdfReader

from outreach import scope
from outreach.extensions import db
from outreach.models import Operation, Street
from outreach.services.fieldwork import packets

PT_PX = 96 / 72  # CSS pixels in a point
# The rendered size of an SVG text element: its font size times the SVG's scale on the page.
RENDERED_PX = "(t) => parseFloat(t.getAttribute('font-size')) * t.closest('svg').getScreenCTM().a"


@pytest.fixture
def magnolia(make_user, make_neighborhood, make_team, assign):
    """Pair Magnolia with seven blocks of the Lower Ninth Ward, another pair with two, and a named street."""

    def make(staging=None):
        hood = make_neighborhood(name="Lower Ninth Ward", bounds=(-90.02, 29.96, -90.005, 29.97))
        staging = staging or (hood.blocks[3].centroid_lat, hood.blocks[3].centroid_lon)  # among its blocks
        team = make_team(name="Magnolia", staging_lat=staging[0], staging_lon=staging[1], staging_label="Church lot")
        assign(team, hood.blocks[:7])
        assign(make_team(name="Cypress"), hood.blocks[7:9])
        first = hood.blocks[0].geometry["coordinates"][0]
        middle = (min(p[1] for p in first) + max(p[1] for p in first)) / 2
        db.session.add(Street(name="Tupelo St", geometry={"type": "LineString", "coordinates": [
            [-90.021, middle], [-90.004, middle]]}, min_lon=-90.021, max_lon=-90.004, min_lat=middle, max_lat=middle))
        db.session.commit()
        return team, hood

    return make


def printed(page, team, sheets=2):
    """The packet's PDF as Chromium prints it (Letter), and the page left in print media."""
    page.goto(f"/coordinator/teams/{team.id}/packet?date=2005-09-14&sheets={sheets}")
    pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    page.emulate_media(media="print")
    return pdf


def test_packet_prints_cover_and_map_on_one_page_then_list_logs_and_tally(page, sign_in, make_user, magnolia):
    team, hood = magnolia()
    sign_in(page, make_user("coordinator"))
    pdf = printed(page, team)
    pages = [p.extract_text() for p in pdf.pages]
    assert len(pages) == 6, "cover with the map, block list, two log sheets, tally, gathering log: one page each"
    cover = pages[0]
    assert "Pair Magnolia" in cover and "Your blocks on the map" in cover and "988" in cover
    assert team.members[0].name in cover
    for block in hood.blocks[:7]:
        assert cover.count(block.code) >= 2, f"{block.code} is not on the cover's list and its map"
    text = "\n".join(pages)
    for block in hood.blocks[7:9]:
        assert block.code not in text, "another pair's block is printed"
    assert "Print" not in cover, "the on-screen options must not print"
    assert "Block list" in pages[1] and "Before you go" in pages[1]
    for number, sheet in ((2, "050914-1"), (3, "050914-2")):
        assert "Visit log" in pages[number] and sheet in pages[number]
        box = pdf.pages[number].mediabox
        assert box.width > box.height, "a log sheet prints landscape"
    assert "Tally at the end of the shift" in pages[4] and "Gathering log" in pages[5]


def test_each_log_sheet_has_eight_to_ten_rows_to_circle(page, sign_in, make_user, magnolia):
    team, _ = magnolia()
    sign_in(page, make_user("coordinator"))
    printed(page, team)
    assert 8 <= packets.ROWS_PER_SHEET <= 10
    for sheet in range(2):
        rows = page.locator(".sheet.log").nth(sheet).locator("tbody tr")
        assert rows.count() == packets.ROWS_PER_SHEET
        for i in range(rows.count()):
            box = rows.nth(i).bounding_box()
            assert box["height"] >= 12 * 96 / 25.4, "a row too short to write in by hand"


@pytest.mark.parametrize("staging", [None, (29.995, -90.012)], ids=["staging among the blocks", "staging far"])
def test_street_names_and_codes_print_at_eight_points_or_more_with_a_halo(page, sign_in, make_user, magnolia,
                                                                         staging):
    team, _ = magnolia(staging)
    sign_in(page, make_user("coordinator"))
    printed(page, team)
    name = page.locator(".block-map text.street-name", has_text="Tupelo St")
    assert name.is_visible()
    assert name.evaluate(RENDERED_PX) >= 8 * PT_PX
    halo = name.evaluate("(t) => { const s = getComputedStyle(t); return [s.paintOrder, s.stroke, s.strokeWidth]; }")
    assert halo[0].startswith("stroke") and halo[1] == "rgb(255, 255, 255)" and float(halo[2].rstrip("px")) > 0
    for code in page.locator(".block-map text.label").all():
        assert code.evaluate(RENDERED_PX) >= 8 * PT_PX


def test_the_map_is_framed_on_the_pairs_blocks_with_the_staging_point_on_it(page, sign_in, make_user, magnolia):
    team, _ = magnolia()
    sign_in(page, make_user("coordinator"))
    printed(page, team)
    frame = page.locator(".block-map").bounding_box()
    blocks = [b.bounding_box() for b in page.locator(".block-map .block").all()]
    assert len(blocks) == 7
    left, right = min(b["x"] for b in blocks), max(b["x"] + b["width"] for b in blocks)
    top, bottom = min(b["y"] for b in blocks), max(b["y"] + b["height"] for b in blocks)
    filled = max((right - left) / frame["width"], (bottom - top) / frame["height"])
    assert filled >= 0.75, f"the pair's blocks fill only {filled:.0%} of the map"
    assert frame["x"] <= left and right <= frame["x"] + frame["width"]
    assert page.locator(".block-map circle.staging").is_visible()
    assert page.locator(".block-map .staging-arrow").count() == 0


def test_a_far_staging_point_is_an_arrow_that_keeps_the_blocks_large(page, sign_in, make_user, magnolia):
    team, _ = magnolia(staging=(29.995, -90.012))  # about 3 km north of the neighborhood
    sign_in(page, make_user("coordinator"))
    printed(page, team)
    frame = page.locator(".block-map").bounding_box()
    arrow = page.locator(".block-map .staging-arrow")
    assert arrow.is_visible() and page.locator(".block-map circle.staging").count() == 0
    tip = arrow.bounding_box()
    assert tip["y"] < frame["y"] + frame["height"] / 3, "the arrow does not point north"
    words = page.locator(".block-map .arrow-text")
    assert words.is_visible() and "m this way" in words.text_content()
    blocks = [b.bounding_box() for b in page.locator(".block-map .block").all()]
    width = max(b["x"] + b["width"] for b in blocks) - min(b["x"] for b in blocks)
    assert width >= 0.75 * frame["width"]


def test_every_printed_page_of_an_exercise_packet_says_exercise(page, sign_in, make_user, magnolia):
    team, _hood = magnolia()
    operation = db.session.get(Operation, scope.current_id())
    operation.exercise = True
    db.session.commit()
    sign_in(page, make_user("coordinator"))
    pdf = printed(page, team)
    pages = [p.extract_text() for p in pdf.pages]
    assert len(pages) == 6, "the mark fits on each sheet's title line: still one page a sheet"
    assert all("EXERCISE" in text for text in pages), [text[:80] for text in pages]
    marks = page.locator(".exercise-mark")
    assert marks.count() == 6
    for index in range(6):
        box = marks.nth(index).bounding_box()
        assert box and box["width"] > 30 and box["height"] > 10, "each mark is drawn, boxed, big enough to see"
