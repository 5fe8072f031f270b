"""The public gatherings page as a neighbour sees it (issue 27 item 5): readable on a cheap phone and a desktop."""
import pytest

SIZES = [{"width": 360, "height": 640}, {"width": 1280, "height": 860}]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size['width']}")
def test_each_gathering_reads_whole_without_sideways_scrolling(browser, live_server, live_app, monkeypatch,
                                                               make_gathering, make_neighborhood, make_place,
                                                               tmp_path, size):
    monkeypatch.setitem(live_app.config, "PUBLIC_GATHERINGS", True)
    block = make_neighborhood(name="Lower Ninth").blocks[0]
    hall = make_place((block.min_lon + block.max_lon) / 2, (block.min_lat + block.max_lat) / 2,
                      name="St. Claude Avenue community hall")
    make_gathering(place=hall, title="Listening circle after the storm: how are we doing?", language="es",
                   public=True)
    make_gathering(kind="community_meeting", block=block, title="Tarps, water and FEMA paperwork", language="vi",
                   public=True, starts_in_hours=48)
    context = browser.new_context(base_url=live_server, viewport=size)
    page = context.new_page()
    page.goto("/public/gatherings?lang=en")
    cards = page.locator(".public-gathering")
    assert cards.count() == 2
    for index in range(2):
        box = cards.nth(index).bounding_box()
        assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    assert page.get_by_text("St. Claude Avenue community hall, Lower Ninth").is_visible()
    assert page.get_by_text("Spanish", exact=True).is_visible()
    assert page.get_by_role("link", name="Add these gatherings to your calendar").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    page.screenshot(path=tmp_path / f"public-gatherings-{size['width']}.png", full_page=True)  # looked at
    context.close()
