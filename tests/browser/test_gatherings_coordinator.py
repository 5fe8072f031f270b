"""Gatherings for the coordinator in Chromium (issue 27): their own layer on the map, the planning page."""
from tests.browser.test_coordinator_map import open_map  # noqa: F401  (the fixture)


def test_a_planned_gathering_is_drawn_on_its_own_map_layer_with_its_kind_and_title(
        page, open_map, make_neighborhood, make_gathering):  # noqa: F811
    block = make_neighborhood().blocks[0]
    make_gathering(kind="ecpr_practice", block=block, title="Practice <b>circle</b>")
    seen = open_map()
    marker = page.locator(".gathering-marker.gathering-ecpr_practice")
    marker.wait_for()
    box = marker.bounding_box()
    assert marker.is_visible() and box["width"] >= 20 and box["height"] >= 20
    assert marker.inner_text() == "E"
    marker.hover()
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for()
    assert "eCPR practice" in tip.inner_text() and "Practice <b>circle</b>" in tip.inner_text()
    page.locator(".leaflet-control-layers").hover()
    toggle = page.locator(".leaflet-control-layers label", has_text="Gatherings").locator("input")
    toggle.uncheck()
    assert marker.count() == 0 or not marker.is_visible()
    assert seen["errors"] == [] and seen["dialogs"] == []


def test_the_planning_page_shows_the_list_and_the_form_on_a_phone(phone_page, sign_in, make_user, make_gathering):
    make_gathering(title="Circle at the church hall")
    sign_in(phone_page, make_user("coordinator"))
    phone_page.goto("/coordinator/gatherings")
    row = phone_page.locator(".gatherings-list tbody tr").first
    assert row.is_visible() and "Circle at the church hall" in row.inner_text()
    assert row.bounding_box()["width"] <= 360
    button = phone_page.locator("a.button.primary", has_text="Plan a gathering")
    assert button.is_visible() and button.bounding_box()["height"] >= 44
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width}px"
