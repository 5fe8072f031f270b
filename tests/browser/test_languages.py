"""Field pages in Spanish and Vietnamese in Chromium: from the phone's language, or the switcher."""
import pytest

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
        assert expected["nav"] in phone.inner_text("header")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_volunteer_switches_to_vietnamese_and_it_sticks(phone_page, live_server, sign_in, pair_on_blocks):
    sign_in(phone_page, pair_on_blocks.members[0])
    assert phone_page.locator("h1").inner_text() == "My blocks"
    # The field app caches its pages in a service worker; switching must refill that cache.
    phone_page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone_page.click("nav.languages >> text=Tiếng Việt")
    assert phone_page.url == live_server + "/field/?lang=vi"
    assert phone_page.locator("h1").inner_text() == EXPECTED["vi"]["heading"]
    phone_page.goto("/field/")
    assert phone_page.locator("h1").inner_text() == EXPECTED["vi"]["heading"]
    phone_page.goto("/field/visit")
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert "Lưu lượt thăm" in phone_page.inner_text("main")
    phone_page.click("nav.languages >> text=Español")
    assert phone_page.url == live_server + "/field/visit?lang=es"
    assert "Guardar visita" in phone_page.inner_text("main")
    phone_page.goto("/field/")
    assert phone_page.locator("h1").inner_text() == EXPECTED["es"]["heading"]
