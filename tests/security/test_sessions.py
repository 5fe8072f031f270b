"""Sessions end for real: logout, password change, deactivation and "sign out everywhere" end every
browser session (on every app server) and the phone tokens tied to them; logout is a POST with CSRF."""
import ast
import re
from pathlib import Path

import pytest

from outreach.extensions import db
from outreach.services.people import volunteers
from tests.conftest import PASSWORD, make_app

ROOT = Path(__file__).resolve().parents[2]
SIGN_OUT_FORM = re.compile(r'<form method="post" action="/logout"[^>]*>(.*?)</form>', re.DOTALL)


def csrf_token_in(html: str) -> str:
    """The CSRF token of the first form in a page."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.fixture
def server(db_url):
    """An app server of its own: each of its requests gets a fresh app context, as in production
    (requests to the fixture `app` share the test's app context, so Flask-Login's cached user would leak)."""
    return make_app(db_url)


def signed_in_client(app, user):
    """A test client of `app` signed in as `user` through the login form."""
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def replay(app, cookie_value):
    """A fresh browser that presents a copied session cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie_value)
    return client


def test_an_old_cookie_replayed_after_logout_gets_the_login_page(server, make_user):
    app = server
    user = make_user("aid")
    client = signed_in_client(app, user)
    stolen = client.get_cookie("session").value
    assert replay(app, stolen).get("/aid/").status_code == 200
    assert client.post("/logout").status_code == 302
    response = replay(app, stolen).get("/aid/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_session_ended_on_one_app_server_is_ended_on_the_other(server, db_url, make_user):
    app, other_server = server, make_app(db_url)
    user = make_user("coordinator")
    client = signed_in_client(app, user)
    cookie = client.get_cookie("session").value
    assert replay(other_server, cookie).get("/coordinator/").status_code == 200
    client.post("/logout")
    assert replay(other_server, cookie).get("/coordinator/").status_code == 302


def test_get_logout_asks_and_does_not_sign_out(server, make_user):
    client = signed_in_client(server, make_user("aid"))
    page = client.get("/logout")
    assert page.status_code == 200
    assert SIGN_OUT_FORM.search(page.get_data(as_text=True))
    assert client.get("/aid/").status_code == 200


def test_logout_without_a_csrf_token_is_refused_and_keeps_the_session(db_url, make_user):
    strict = make_app(db_url, WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    token = csrf_token_in(client.get("/login").get_data(as_text=True))
    user = make_user("aid")
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/logout").status_code == 400
    assert client.get("/aid/").status_code == 200
    nav_token = csrf_token_in(SIGN_OUT_FORM.search(client.get("/aid/").get_data(as_text=True)).group(1))
    assert client.post("/logout", data={"csrf_token": nav_token}).status_code == 302
    assert client.get("/aid/").status_code == 302


def device_token(client):
    """The bearer token the field app asks for after sign-in."""
    return {"Authorization": "Bearer " + client.post("/field/device-token").get_json()["token"]}


def test_logout_revokes_the_device_token_that_phone_got(server, make_user, token_for):
    volunteer = make_user("volunteer")
    phone = signed_in_client(server, volunteer)
    phone_token = device_token(phone)
    script_token = token_for(volunteer, label="cli")
    assert phone.get("/api/v1/neighborhoods", headers=phone_token).status_code == 200
    phone.post("/logout")
    assert server.test_client().get("/api/v1/neighborhoods", headers=phone_token).status_code == 401
    assert server.test_client().get("/api/v1/neighborhoods", headers=script_token).status_code == 200


def test_sign_out_everywhere_ends_other_browsers_and_every_token(server, make_user):
    volunteer = make_user("volunteer")
    laptop, phone = signed_in_client(server, volunteer), signed_in_client(server, volunteer)
    phone_token = device_token(phone)
    assert laptop.post("/logout", data={"everywhere": "1"}).status_code == 302
    assert phone.get("/field/").status_code == 302
    assert server.test_client().get("/api/v1/neighborhoods", headers=phone_token).status_code == 401


def test_a_coordinator_signs_a_lost_phone_out_everywhere(server, make_user):
    volunteer = make_user("volunteer")
    phone = signed_in_client(server, volunteer)
    phone_token = device_token(phone)
    client = signed_in_client(server, make_user("coordinator"))
    client.post(f"/coordinator/tokens/user/{volunteer.id}/revoke")
    assert phone.get("/field/").status_code == 302
    assert phone.get("/api/v1/neighborhoods", headers=phone_token).status_code == 401


def test_a_password_change_ends_the_volunteers_sessions(server, make_user):
    volunteer = make_user("volunteer")
    phone = signed_in_client(server, volunteer)
    client = signed_in_client(server, make_user("coordinator"))
    response = client.post(f"/coordinator/volunteers/{volunteer.id}/edit", data={
        "name": volunteer.name, "email": volunteer.email, "password": "a new long password"})
    assert response.status_code == 302
    assert phone.get("/field/").status_code == 302


def test_deactivation_ends_the_sessions(server, make_user):
    coordinator, volunteer = make_user("coordinator"), make_user("volunteer")
    phone = signed_in_client(server, volunteer)
    volunteers.set_active(coordinator, volunteer, False)
    db.session.commit()
    assert phone.get("/field/").status_code == 302


@pytest.mark.parametrize("url,data", [
    ("/coordinator/volunteers/new", {"name": "Maria Lopez Jr", "email": "maria@example.org",
                                     "password": "maria lopez jr"}),
    ("/coordinator/volunteers/new", {"name": "Maria", "email": "maria.lopez1@example.org",
                                     "password": "maria.lopez1@example.org"}),
    ("aid-member", {"name": "Sam Kitchen Helper", "email": "sam@kitchen.org", "password": "Sam Kitchen Helper"}),
])
def test_web_forms_refuse_a_password_that_is_the_email_or_name(client, login, make_user, make_group, url, data):
    group, _ = make_group()
    login(make_user("coordinator"))
    if url == "aid-member":
        url = f"/coordinator/aid-groups/{group.id}/members"
    response = client.post(url, data=data)
    assert response.status_code == 422 and "must not be your email or name" in response.get_data(as_text=True)
    from outreach.models import User
    assert db.session.scalar(db.select(User).where(User.email == data["email"])) is None


def imported_modules(path: Path) -> set[str]:
    """Modules a source file imports from (relative imports resolved by name only)."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
            names.update(alias.name for alias in node.names)
    return names


def test_services_never_import_the_auth_blueprint():
    offenders = [path.name for path in (ROOT / "outreach" / "services").glob("*.py")
                 if {"..auth", "outreach.auth"} & imported_modules(path)
                 or "auth" in imported_modules(path) and "..auth" in path.read_text()]
    assert offenders == []
