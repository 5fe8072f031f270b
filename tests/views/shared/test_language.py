"""Choosing a language: the switcher's cookie, ?lang=, the browser's preference; dates and numbers follow."""
import pytest


def test_switcher_remembers_the_language_and_returns_to_the_page(client):
    answer = client.get("/language/vi?next=/login")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login?lang=vi"
    assert "lang=vi" in answer.headers["Set-Cookie"]
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)


def test_switcher_ignores_unknown_languages_and_foreign_next(client):
    answer = client.get("/language/xx?next=https://evil.example/")
    assert answer.status_code == 302 and "evil" not in answer.headers["Location"]
    assert "Set-Cookie" not in answer.headers


def test_browser_preference_picks_spanish(client):
    html = client.get("/login", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="es">' in html and "Entrar" in html


def test_lang_parameter_overrides_the_cookie(client):
    client.get("/language/es")
    html = client.get("/login?lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in html


def test_switcher_links_come_back_here_without_the_lang_parameter(client):
    html = client.get("/login?lang=es&next=/field/").get_data(as_text=True)
    assert 'href="/language/vi?next=/login?next%3D%252Ffield%252F"' in html


@pytest.mark.parametrize("language, month, number", [("en", "September", "29.9610"),
                                                     ("es", "septiembre", "29,9610"),
                                                     ("vi", "tháng 9", "29,9610")])
def test_dates_and_numbers_follow_the_language(client, login, make_user, make_team, language, month, number):
    team = make_team(staging_lat=29.961, staging_lon=-90.015)
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet?date=2005-09-14&lang={language}").get_data(as_text=True)
    assert month in html and number in html
