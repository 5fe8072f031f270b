"""The 404 and 403 pages speak our words in the reader's language, never Werkzeug's English."""
import pytest
from werkzeug.exceptions import Forbidden, NotFound


@pytest.mark.parametrize("lang", ["en", "es", "vi"])
def test_an_unknown_address_is_our_404_page(client, coordinator, lang):
    response = client.get(f"/coordinator/no-such-page?lang={lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and NotFound.description not in page
    assert 'class="field-error"' not in page and "<h1>" in page


@pytest.mark.parametrize("lang", ["en", "es", "vi"])
def test_a_page_of_another_role_is_our_403_page(client, make_user, login, lang):
    login(make_user("volunteer"))
    response = client.get(f"/coordinator/?lang={lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and Forbidden.description not in page


def test_the_404_page_says_what_happened_in_english(client, coordinator):
    page = client.get("/coordinator/no-such-page").get_data(as_text=True)
    assert "There is no page at this address." in page


def test_an_error_with_its_own_words_keeps_them(client, coordinator):
    page = client.get("/coordinator/map?neighborhood_id=999999").get_data(as_text=True)
    assert "There is no such neighborhood." in page
