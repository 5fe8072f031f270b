"""A coordinator types a paper sheet in Chromium with the keyboard only; typing it twice stores it once."""
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Visit
from outreach.services.fieldwork.paper import COLUMNS


def type_row(page, *cells):
    """Type the cells of a row, tabbing between them (and past the empty ones) as a person would."""
    for cell in cells + ("",) * (len(COLUMNS) - len(cells)):
        if cell:
            page.keyboard.type(cell)
        page.keyboard.press("Tab")


def test_keyboard_entry_of_a_sheet_twice_stores_its_visits_once(
        page, sign_in, make_user, make_neighborhood, make_team, assign):
    hood = make_neighborhood(name="Gentilly Village")
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:2])
    sign_in(page, make_user("coordinator"))
    for attempt in range(2):
        page.goto(f"/coordinator/paper?team_id={team.id}")
        assert page.evaluate("document.activeElement.name") == "sheet"
        page.keyboard.type("050914-1")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # the day comes from the sheet number
        assert page.evaluate("document.activeElement.name") == "r1-block"
        type_row(page, hood.blocks[0].code, "15:30", "1", "2", "1", "", "2 3", "3", "1 2", "6", "5", "2", "F", "")
        type_row(page, hood.blocks[1].code, "16:05", "2")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        flash = page.inner_text(".flash")
        assert ("2 new visits stored, 0 already" if attempt == 0 else "0 new visits stored, 2 already") in flash
        assert page.locator("input[name=sheet]").input_value() == "050914-2"
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 2


def test_a_mistyped_row_is_marked_and_nothing_saved(page, sign_in, make_user, make_neighborhood, make_team, assign):
    hood = make_neighborhood(name="Gentilly Village")
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:1])
    sign_in(page, make_user("coordinator"))
    page.goto(f"/coordinator/paper?team_id={team.id}&sheet=050914-5")
    assert page.evaluate("document.activeElement.name") == "r1-block"
    type_row(page, hood.blocks[0].code, "10:00", "1")
    type_row(page, "ZZ-404", "10:15", "1")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("input[name=r2-block]").get_attribute("aria-invalid") == "true"
    assert "No block has this code" in page.inner_text(".row-errors")
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 0
