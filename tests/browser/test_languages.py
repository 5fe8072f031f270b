"""Field pages in Spanish and Vietnamese in Chromium: from the phone's language, or the switcher."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

EXPECTED = {
    "es": {"heading": "Mis cuadras", "status": "Por visitar", "nav": "Salir"},
    "vi": {"heading": "Các khu của tôi", "status": "Cần đến thăm", "nav": "Đăng xuất"},
}


@pytest.fixture
def pair_on_blocks(make_neighborhood, make_team, assign):
    """A pair with two assigned blocks."""
    hood = make_neighborhood()
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:2])
    return team


@pytest.mark.parametrize("language", EXPECTED)
def test_field_home_follows_the_phones_language(browser, live_server, sign_in, pair_on_blocks, language):
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale={"es": "es-US", "vi": "vi-VN"}[language])
    phone = context.new_page()
    try:
        sign_in(phone, pair_on_blocks.members[0])
        expected = EXPECTED[language]
        assert phone.locator("html").get_attribute("lang") == language
        assert phone.locator("h1").inner_text() == expected["heading"]
        phone.wait_for_selector("ul.blocks li")
        assert expected["status"] in phone.inner_text("ul.blocks")
        phone.click("header summary")  # the phone's menu holds the pages, sign out and the languages
        assert expected["nav"] in phone.inner_text("header")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_volunteer_switches_to_vietnamese_and_it_sticks(phone_page, live_server, sign_in, pair_on_blocks):
    sign_in(phone_page, pair_on_blocks.members[0])
    assert phone_page.locator("h1").inner_text() == "My blocks"
    # The field app caches its pages in a service worker; switching must refill that cache.
    phone_page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone_page.click("header summary")
    phone_page.click("nav.languages >> text=Tiếng Việt")
    assert phone_page.url == live_server + "/o/test-op/field/?lang=vi"
    assert phone_page.locator("h1").inner_text() == EXPECTED["vi"]["heading"]
    phone_page.goto("/field/")
    assert phone_page.locator("h1").inner_text() == EXPECTED["vi"]["heading"]
    phone_page.goto("/field/visit")
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert "Lưu lượt thăm" in phone_page.inner_text("main")
    phone_page.click("header summary")
    phone_page.click("nav.languages >> text=Español")
    assert phone_page.url == live_server + "/o/test-op/field/visit?lang=es"
    assert "Guardar visita" in phone_page.inner_text("main")
    phone_page.goto("/field/")
    assert phone_page.locator("h1").inner_text() == EXPECTED["es"]["heading"]


# Counted phrases of the phone in the singular and the plural (field/phrases.py `counted`).
COUNTED = {
    "en": {"home": ("1 visit · 1 open need", "2 visits · 2 open needs"),
           "block": ("1 earlier visit", "1 person", "2 earlier visits", "3 people")},
    "es": {"home": ("1 visita · 1 necesidad abierta", "2 visitas · 2 necesidades abiertas"),
           "block": ("1 visita anterior", "1 persona", "2 visitas anteriores", "3 personas")},
    "vi": {"home": ("1 lượt thăm · 1 nhu cầu đang chờ", "2 lượt thăm · 2 nhu cầu đang chờ"),
           "block": ("1 lượt thăm trước", "1 người", "2 lượt thăm trước", "3 người")},
}


@pytest.fixture
def counted_blocks(make_neighborhood, make_team, assign, make_need):
    """A pair with one block of one need for one person, and one of two needs for three people each."""
    hood = make_neighborhood()
    team = make_team(name="Magnolia")
    one, two = hood.blocks[:2]
    assign(team, [one, two])
    make_need(one, people=1)
    make_need(two, people=3, category="food")
    make_need(two, people=3)
    return team, one, two


@pytest.mark.parametrize("language", COUNTED)
def test_counted_phrases_read_right_in_the_singular_and_plural(browser, live_server, sign_in, counted_blocks,
                                                               language):
    team, one, two = counted_blocks
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale={"en": "en-US", "es": "es-US", "vi": "vi-VN"}[language])
    phone = context.new_page()
    expected = COUNTED[language]
    try:
        sign_in(phone, team.members[0])
        facts = phone.locator("ul.blocks .facts")
        expect(facts).to_have_text(list(expected["home"]))
        phone.goto(f"/field/blocks/{one.id}")
        expect(phone.locator("#block-visits")).to_have_text(expected["block"][0])
        expect(phone.locator("#block-needs .need-people")).to_have_text([expected["block"][1]])
        phone.goto(f"/field/blocks/{two.id}")
        expect(phone.locator("#block-visits")).to_have_text(expected["block"][2])
        expect(phone.locator("#block-needs .need-people")).to_have_text([expected["block"][3]] * 2)
    finally:
        context.close()
