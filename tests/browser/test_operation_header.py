"""Every page names its operation, and a drill's pages say Exercise where nobody can miss it (issue 26, items 3
and 5), as Chromium draws them on a phone and a laptop."""
import pytest

from outreach.extensions import db
from outreach.services.operation import operations

SIZES = {"phone": {"width": 360, "height": 640}, "laptop": {"width": 1280, "height": 860}}
PAGES = {"volunteer": "/o/{slug}/field/", "coordinator": "/o/{slug}/coordinator/pairs"}


@pytest.fixture
def drill(make_user):
    """A drill beside the test operation, with a coordinator and a volunteer in both."""
    exercise = operations.create("drill", "Spring drill", exercise=True)
    people = {role: make_user(role) for role in PAGES}
    for role, person in people.items():
        operations.add_member(person, exercise, role)
    db.session.commit()
    return people


def box_of(page, selector: str) -> dict | None:
    """The drawn box of the first element matching `selector`, None when nothing is drawn."""
    found = page.locator(selector)
    return found.first.bounding_box() if found.count() and found.first.is_visible() else None


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", PAGES)
def test_a_drill_shows_its_banner_and_name_and_a_real_operation_only_its_name(browser, live_server, sign_in, drill,
                                                                                 size, role):
    context = browser.new_context(base_url=live_server, viewport=SIZES[size])
    page = context.new_page()
    sign_in(page, drill[role])
    width = SIZES[size]["width"]
    for slug, name, exercise in (("drill", "Spring drill", True), ("test-op", "Test operation", False)):
        page.goto(PAGES[role].format(slug=slug))
        named = page.locator(".operation-name").first
        assert named.is_visible() and name in named.inner_text()
        box = named.bounding_box()
        assert box["width"] > 40 and box["x"] >= 0 and box["x"] + box["width"] <= width, (slug, box)
        banner = box_of(page, ".exercise-banner")
        if exercise:
            assert banner is not None, f"no Exercise banner on {page.url}"
            assert banner["width"] >= width * 0.95 and banner["height"] >= 24 and banner["y"] < 200
            assert "EXERCISE" in page.locator(".exercise-banner").first.inner_text()  # drawn upper-case
        else:
            assert banner is None and page.locator(".exercise-badge").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("language", ["en", "es", "vi"])
def test_the_phone_header_stays_one_line_with_the_name_and_the_badge(phone_page, sign_in, drill, language):
    sign_in(phone_page, drill["volunteer"])
    phone_page.goto(f"/o/drill/field/?lang={language}")
    header = phone_page.locator("header.phone-bar").bounding_box()
    badge = phone_page.locator(".phone-bar .exercise-badge").bounding_box()
    menu = phone_page.locator(".phone-bar .menu summary").bounding_box()
    assert header["height"] <= 64, header
    assert badge and badge["height"] >= 12 and badge["y"] >= header["y"] and badge["x"] + badge["width"] <= menu["x"]
    assert phone_page.locator(".phone-bar .operation-name").inner_text().startswith("Spring")
    phone_page.locator(".phone-bar .menu summary").click()
    switch = phone_page.locator(".menu-panel a[href='/operations']")
    assert switch.is_visible() and switch.bounding_box()["height"] >= 44  # in both operations: the picker, a thumb wide


@pytest.mark.parametrize("role", PAGES)
def test_axe_finds_nothing_in_a_drills_header_and_banner(browser, live_server, sign_in, drill, role):
    from tests.browser.test_accessibility import AXE, violations

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency)")
    context = browser.new_context(base_url=live_server, viewport=SIZES["phone"])
    page = context.new_page()
    sign_in(page, drill[role])
    pages = [PAGES[role].format(slug="drill")] + (["/o/drill/coordinator/operation"] if role == "coordinator" else [])
    found = [problem for url in pages for problem in violations(page, url)]
    context.close()
    assert found == [], "\n".join(found)


def test_a_coordinator_closes_and_reopens_the_operation_on_its_page_and_the_phone_is_answered_accordingly(
        browser, live_server, sign_in, make_user, make_team, make_neighborhood, assign, token_for):
    coordinator, volunteer = make_user("coordinator"), make_user("volunteer")
    hood = make_neighborhood()
    assign(make_team(members=[volunteer, make_user("volunteer")]), hood.blocks[:1])
    phone = token_for(volunteer)
    context = browser.new_context(base_url=live_server, viewport=SIZES["laptop"])
    page = context.new_page()
    sign_in(page, coordinator)
    page.goto("/o/test-op/coordinator/operation")
    status = page.locator(".operation-status")
    assert status.is_visible() and status.inner_text() == "Active"
    page.get_by_role("link", name="Close the operation").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Close the operation")
    page.get_by_role("button", name="Close the operation").click()
    assert page.locator(".operation-status").inner_text() == "Closed"
    assert page.get_by_role("link", name="Reopen the operation").is_visible()
    made_before = {"client_id": "5a0c4d8e-0000-4000-8000-000000000001", "block_id": hood.blocks[0].id,
                   "visited_at": "2026-01-01T12:00:00Z", "outcome": "contact", "adults": 1}
    late = page.request.post(f"{live_server}/api/v1/visits", data=made_before, headers=phone)
    made_now = dict(made_before, client_id="5a0c4d8e-0000-4000-8000-000000000002",
                    visited_at=page.evaluate("new Date().toISOString()"))
    refused = page.request.post(f"{live_server}/api/v1/visits", data=made_now, headers=phone)
    assert (late.status, refused.status, refused.json()["error"]["code"]) == (201, 409, "operation_closed")
    page.get_by_role("link", name="Reopen the operation").click()
    page.get_by_role("button", name="Reopen the operation").click()
    assert page.locator(".operation-status").inner_text() == "Active"
    made_now["client_id"] = "5a0c4d8e-0000-4000-8000-000000000003"
    assert page.request.post(f"{live_server}/api/v1/visits", data=made_now, headers=phone).status == 201
    context.close()
