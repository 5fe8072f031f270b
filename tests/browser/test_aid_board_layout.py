"""The aid board as Chromium draws it: the group's claims first, the filters folded on a phone and open on a laptop."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

LAPTOP = {"width": 1280, "height": 860}


@pytest.fixture
def member_with_a_claim(make_group, block, make_need):
    group, member = make_group(categories=("water",))
    make_need(block, category="water")
    held = make_need(block, category="shelter", status="claimed", claimed_by_group_id=group.id)
    return member, held


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_claims_lead_and_the_filters_fold_on_a_phone(browser, live_server, sign_in, member_with_a_claim,
                                                         viewport):
    member, held = member_with_a_claim
    context = browser.new_context(base_url=live_server, viewport=viewport, is_mobile=viewport is PHONE)
    page = context.new_page()
    try:
        sign_in(page, member)
        page.goto("/aid/")
        claim = page.locator(f".your-claims #need-{held.id}")
        expect(claim).to_be_visible()
        category = page.locator("select[name=category]")
        if viewport is PHONE:
            expect(category).to_be_hidden()
            page.locator("details.filters-box > summary").click()
        expect(category).to_be_visible()
        # The claim comes before the filters and the list, high on the page.
        assert claim.bounding_box()["y"] < category.bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
