"""Security headers, the CSP and cookie flags on every kind of answer."""
import re

import pytest

from tests.conftest import make_app

OUTSIDE_ORIGIN = re.compile(r"https?://|\*")


@pytest.mark.parametrize("path", ["/login", "/api/v1/openapi.json", "/no-such-page", "/static/does-not-exist.js"])
def test_every_answer_has_the_hardening_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert not OUTSIDE_ORIGIN.search(csp), csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_static_file_carries_nosniff_but_no_page_policy_and_no_session_cookie(client, make_user, login):
    login(make_user("volunteer"))
    response = client.get("/static/js/dom.js")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers  # a policy binds documents and workers only
    assert "Set-Cookie" not in response.headers  # assets never refresh the session cookie
    assert "Set-Cookie" in client.get("/field/").headers  # pages still do


def test_each_request_gets_a_fresh_script_nonce(client):
    nonces = {re.search(r"'nonce-([^']+)'", client.get("/login").headers["Content-Security-Policy"]).group(1)
              for _ in range(3)}
    assert len(nonces) == 3


def test_with_nonce_marks_only_the_given_html(app):
    from outreach.security import csp_nonce, with_nonce

    with app.test_request_context():
        html = with_nonce('<div></div><script>var map = 1;</script><SCRIPT src="/static/x.js"></SCRIPT>')
        assert html.count(f'nonce="{csp_nonce()}"') == 2


def test_session_cookie_is_httponly_lax_and_expires(client, make_user, login):
    response = login(make_user("coordinator"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie  # plain http on loopback


def test_session_cookie_is_secure_over_https(client, make_user):
    user = make_user("coordinator")
    from tests.conftest import PASSWORD

    response = client.post("/login", data={"email": user.email, "password": PASSWORD},
                           base_url="https://outreach.example")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_proxy_the_forwarded_scheme_makes_cookies_secure(db_url, make_user):
    app = make_app(db_url, PROXY_FIX=1)
    user = make_user("coordinator")
    from tests.conftest import PASSWORD

    response = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD},
                                      headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]


def test_api_answers_are_not_cached(client):
    assert client.get("/api/v1/openapi.json").headers["Cache-Control"] == "no-store"
