"""What the volunteer's phone draws, measured in Chromium at 360x640 (issue 23): nothing marked `hidden` has a box,
every control is a 48x48 target, the Shift page shows one form at a time under its state, need chips toggle,
"Find my block" asks before it picks, the work is above the fold, and the map's block labels fit."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Need, Visit
from tests.browser.conftest import PHONE
from tests.browser.phone import ALL_SENT, SYNCED, set_offline, signed_in_phone
from tests.conftest import PASSWORD

TARGET = 48  # CSS px: DESIGN "Screens", every control on a phone

# Each field page and what shows that its script has filled it.
PAGES = {
    "home": ("/field/", "ul.blocks li"),
    "visit": ("/field/visit", "#block option:nth-child(2)"),
    "shift": ("/field/shift", "#shift-state:not(:empty)"),
    "block": ("/field/blocks/{block}", "#block-needs li"),
    "offline": ("/field/offline", "h1"),
    "not-found": ("/field/no-such-page", "h1"),
}

# Elements with the hidden attribute that the browser still draws (a CSS rule such as `.stack { display: grid }`).
HIDDEN_BUT_DRAWN = """() => Array.from(document.querySelectorAll('[hidden]'))
  .filter((node) => node.getClientRects().length > 0)
  .map((node) => `${node.tagName.toLowerCase()}#${node.id}.${node.className}`)"""

# Every control with a box, and the box a finger hits: a radio or a checkbox is hit through its label. A link inside a
# sentence (displayed inline, with words of its own paragraph around it) is left out, as WCAG 2.5.8 allows.
CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"
SMALL_TARGETS = """([least, controls]) => {
  const inSentence = (a) => getComputedStyle(a).display === 'inline' && Array.from(a.parentElement.childNodes)
    .some((n) => n !== a && n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const target = (node) => (['checkbox', 'radio'].includes(node.type) && node.closest('label')) || node;
  return Array.from(document.querySelectorAll(controls))
    .filter((node) => node.getClientRects().length > 0 && !(node.tagName === 'A' && inSentence(node)))
    .map((node) => [node, target(node).getBoundingClientRect()])
    .filter(([, box]) => box.width < least || box.height < least)
    .map(([node, box]) => `${node.tagName.toLowerCase()} "${(node.textContent || node.name || '').trim().slice(0, 40)}"`
      + ` ${Math.round(box.width)}x${Math.round(box.height)}`);
}"""

# Every panel a tap can open: the menu and the <details>, and every [hidden] part a state of the page shows.
OPEN_EVERYTHING = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  document.querySelectorAll('[hidden]').forEach((node) => { node.hidden = false; });
}"""


@pytest.fixture
def field(make_neighborhood, make_team, assign, make_need):
    """A pair with two blocks; the first has an open need and one a group says it met."""
    hood = make_neighborhood()
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:2])
    block = hood.blocks[0]
    open_need = make_need(block, category="food")
    met_need = make_need(block, category="water", status="fulfilled")
    return {"me": team.members[0], "block": block, "other": hood.blocks[1], "open": open_need, "met": met_need}


def open_page(page, name, field):
    """Go to a field page and wait until its script has drawn it."""
    path, ready = PAGES[name]
    page.goto(path.format(block=field["block"].id))
    page.wait_for_selector(ready, state="attached", timeout=SYNCED)
    page.wait_for_timeout(300)  # the outbox strip and the help state render after data.json


@pytest.mark.parametrize("name", PAGES)
def test_nothing_marked_hidden_is_drawn_on_a_field_page(phone_page, sign_in, field, name):
    sign_in(phone_page, field["me"])
    open_page(phone_page, name, field)
    assert phone_page.evaluate(HIDDEN_BUT_DRAWN) == []


def test_confirm_and_still_needed_show_only_under_a_need_a_group_marked_met(phone_page, sign_in, field):
    sign_in(phone_page, field["me"])
    open_page(phone_page, "block", field)
    met = phone_page.locator(f"li[data-need='{field['met'].id}']")
    unclaimed = phone_page.locator(f"li[data-need='{field['open'].id}']")
    expect(met.get_by_role("button", name="Confirm: the need was met")).to_be_visible()
    expect(met.get_by_role("button", name="Still needed: reopen")).to_be_visible()
    assert unclaimed.locator("button").evaluate_all("(all) => all.filter((b) => b.getClientRects().length)") == []


@pytest.mark.parametrize("name", PAGES)
def test_every_control_on_a_field_page_is_a_48_px_target(phone_page, sign_in, field, name):
    sign_in(phone_page, field["me"])
    open_page(phone_page, name, field)
    shown = phone_page.evaluate(SMALL_TARGETS, [TARGET, CONTROLS])
    phone_page.evaluate(OPEN_EVERYTHING)
    phone_page.wait_for_timeout(500)  # the map draws when its <details> opens
    later = phone_page.evaluate(SMALL_TARGETS, [TARGET, CONTROLS])
    assert (shown, later) == ([], [])


def test_call_911_and_the_crisis_line_are_large_buttons(phone_page, sign_in, field):
    sign_in(phone_page, field["me"])
    open_page(phone_page, "visit", field)
    phone_page.get_by_label("Safety concern").check()
    for name in ("Call 911", "Call 988"):
        box = phone_page.locator("#crisis").get_by_role("link", name=name).bounding_box()
        assert box["height"] >= 56 and box["width"] >= PHONE["width"] / 2, (name, box)


def shows_only(page, shown: str, gone: str) -> None:
    """One of the Shift page's two forms is drawn, the other has no box at all."""
    expect(page.locator(shown)).to_be_visible()
    assert page.locator(gone).bounding_box() is None


def test_the_shift_page_shows_check_in_or_check_out_never_both(phone_page, sign_in, field):
    page = phone_page
    signed_in_phone(page, sign_in, field["me"])
    page.goto("/field/shift")
    expect(page.locator("#shift-state")).to_have_text("You are not checked in.")
    shows_only(page, "#check-in", gone="#check-out")

    page.get_by_text("2 hours", exact=True).click()
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#shift-state")).to_contain_text("On shift until")
    shows_only(page, "#check-out", gone="#check-in")
    expect(page.locator("#shift-saved")).to_contain_text("the staging area knows", timeout=SYNCED)
    state = page.locator("#shift-state").bounding_box()
    assert state["y"] < page.locator("#check-out").bounding_box()["y"], "the state is at the top"
    assert state["y"] + state["height"] <= PHONE["height"], "and on the first screen"

    page.reload()  # the server's word now, not the outbox's
    expect(page.locator("#shift-state")).to_contain_text("On shift until")
    shows_only(page, "#check-out", gone="#check-in")

    page.get_by_text("Tired", exact=True).click()
    page.get_by_role("button", name="Check out").click()
    expect(page.locator("#shift-state")).to_have_text("You are not checked in.")
    shows_only(page, "#check-in", gone="#check-out")
    saved = page.locator("#shift-saved").bounding_box()
    assert 0 <= saved["y"] and saved["y"] + saved["height"] <= PHONE["height"], "the confirmation is in view"


def test_the_outbox_is_one_line_until_something_waits(phone_page, sign_in, field):
    page = phone_page
    signed_in_phone(page, sign_in, field["me"])
    page.goto("/field/shift")
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT)
    expect(page.locator("#save-file")).to_be_hidden()
    assert page.locator("#outbox").bounding_box()["height"] <= 72

    set_offline(page, True)
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#outbox-count")).to_have_text("1 thing is saved on this phone, not yet sent")
    expect(page.locator("#outbox-kinds")).to_be_visible()
    expect(page.locator("#save-file")).to_be_visible()

    set_offline(page, False)
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    expect(page.locator("#save-file")).to_be_hidden()


def test_a_need_chip_toggles_and_a_visit_never_carries_a_need_twice(phone_page, sign_in, field):
    page = phone_page
    signed_in_phone(page, sign_in, field["me"])
    open_page(page, "visit", field)
    page.select_option("#block", str(field["other"].id))
    page.get_by_text("No answer", exact=True).click()
    water = page.locator("button[data-category=water]")
    panel = page.locator("#need-water")

    water.tap()
    expect(water).to_have_attribute("aria-pressed", "true")
    expect(water.locator(".tick")).to_be_visible()
    expect(panel.get_by_label("How soon?")).to_be_visible()
    expect(panel.get_by_label("People")).to_be_visible()
    chip, details = water.bounding_box(), panel.bounding_box()
    assert 0 <= details["y"] - (chip["y"] + chip["height"]) <= 16, "the details open right under the chip"

    water.tap()
    expect(water).to_have_attribute("aria-pressed", "false")
    expect(water.locator(".tick")).to_be_hidden()
    expect(panel).to_be_hidden()

    water.tap()
    panel.get_by_label("People").fill("3")
    page.locator("button[data-category=food]").tap()
    page.locator("button[data-category=food]").tap()
    page.get_by_role("button", name="Save visit").click()
    expect(page.locator("#saved")).to_contain_text("Visit sent", timeout=SYNCED)
    db.session.rollback()
    [visit] = db.session.scalars(select(Visit).where(Visit.block_id == field["other"].id)).all()
    needs = db.session.scalars(select(Need).where(Need.visit_id == visit.id)).all()
    assert [(need.category, need.people) for need in needs] == [("water", 3)]


def test_find_my_block_takes_a_fresh_position_and_asks_before_it_picks(browser, live_server, sign_in, field):
    other = field["other"]
    lon, lat = other.centroid_lon, other.centroid_lat
    context = browser.new_context(base_url=live_server, viewport=PHONE, has_touch=True, is_mobile=True,
                                  permissions=["geolocation"],
                                  geolocation={"latitude": lat, "longitude": lon, "accuracy": 12})
    # What the page asks of the phone's GPS, recorded before any script of the page runs.
    context.add_init_script("""{
      const ask = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
      navigator.geolocation.getCurrentPosition = (ok, fail, options) => {
        window.asked = options; ask(ok, fail, options);
      };
    }""")
    page = context.new_page()
    try:
        sign_in(page, field["me"])
        open_page(page, "visit", field)
        page.get_by_role("button", name="Find my block").click()
        ask = page.locator("#locate-confirm")
        expect(ask).to_be_visible()
        expect(ask).to_contain_text(other.code)
        expect(ask).to_contain_text("12 m")
        assert page.evaluate("window.asked.maximumAge") <= 10000, "a position at most a few seconds old"
        assert page.locator("#block").input_value() == "", "nothing is picked before the volunteer says so"
        ask.get_by_role("button", name=f"Yes, {other.code}").click()
        assert page.locator("#block").input_value() == str(other.id)
        expect(ask).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "es", "vi"])
def test_log_a_visit_and_the_first_block_are_on_the_first_screen(browser, live_server, field, language):
    context = browser.new_context(base_url=live_server, viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])  # as the language switch sets it
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("input[name=email]", field["me"].email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("ul.blocks li a")
        page.wait_for_timeout(300)
        assert page.locator("html").get_attribute("lang") == language
        header = page.locator("header").bounding_box()
        assert header["height"] <= 64, "one line: the brand and a menu"
        strip = page.locator("#outbox").bounding_box()
        assert strip["height"] <= 72, "nothing waits: the outbox is one line"
        for locator in (page.locator("main a.primary").first, page.locator("ul.blocks li").first):
            box = locator.bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"], (locator, box)
        page.locator("header summary").click()
        expect(page.locator("header nav.languages")).to_be_visible()
    finally:
        context.close()


# The labels drawn on the map (not those waiting for a closer zoom), their blocks' outlines, and their words.
DRAWN_LABELS = """() => Array.from(document.querySelectorAll('.block-label'))
  .filter((label) => getComputedStyle(label).visibility !== 'hidden')
  .map((label) => [label.textContent, ...Object.values(label.getBoundingClientRect().toJSON()).slice(0, 4)])"""


def test_the_map_opens_where_short_block_labels_fit_without_collisions(phone_page, sign_in, make_neighborhood,
                                                                      make_team, assign):
    hood = make_neighborhood(bounds=(-90.02, 29.96, -90.012, 29.962), block_size_m=100)  # a row of city blocks
    team = make_team()
    assign(team, hood.blocks[:8])
    sign_in(phone_page, team.members[0])
    phone_page.wait_for_selector("ul.blocks li a")
    phone_page.locator("#map-box summary").click()
    phone_page.wait_for_selector(".block-label")
    phone_page.wait_for_timeout(500)
    drawn = phone_page.evaluate(DRAWN_LABELS)
    assert sorted(text for text, *_box in drawn) == sorted(block.code.split("-")[-1] for block in hood.blocks[:8]), \
        "every block's label is drawn, short: its number in the neighbourhood"
    for i, (_text, x, y, width, height) in enumerate(drawn):
        for _other, x2, y2, width2, height2 in drawn[i + 1:]:
            assert x + width <= x2 or x2 + width2 <= x or y + height <= y2 or y2 + height2 <= y, "no collision"
