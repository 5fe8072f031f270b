"""Typing in a paper gathering log on a small and a large screen: the refused field is named where it is."""
import pytest

SIZES = [{"width": 360, "height": 640}, {"width": 1280, "height": 860}]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size['width']}")
def test_a_refused_count_is_named_beside_its_box_and_nothing_overflows(browser, live_server, sign_in, make_user,
                                                                       make_gathering, tmp_path, size):
    gathering = make_gathering(title="Circle at the hall", starts_in_hours=-3)
    context = browser.new_context(base_url=live_server, viewport=size)
    page = context.new_page()
    sign_in(page, make_user("coordinator"))
    page.goto("/coordinator/paper/gathering")
    page.select_option("select[name=gathering]", str(gathering.id))
    page.check("input[name=held][value=yes]")
    page.fill("input[name=attendance]", "5")
    page.fill("input[name=under_18]", "4")
    page.fill("input[name=over_64]", "4")
    page.click("button[type=submit]")
    error = page.locator(".field-error", has_text="Under 18:")
    assert error.is_visible() and "more than the attendance" in error.inner_text()
    assert page.get_by_text("Nothing was stored").is_visible()
    assert page.locator("input[name=under_18]").input_value() == "4", "what was typed stays to be fixed"
    page.screenshot(path=tmp_path / f"paper-gathering-{size['width']}.png", full_page=True)  # looked at
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    context.close()
