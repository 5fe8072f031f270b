"""Signing in and out, role homes and guards, as each role meets them."""
import pytest

from outreach.extensions import db
from outreach.models import AuditEvent
from tests.conftest import make_app

HOMES = {"coordinator": "/coordinator/", "volunteer": "/field/", "aid": "/aid/"}


@pytest.mark.parametrize("role", HOMES)
def test_each_role_lands_on_its_home_after_login(client, login, make_user, role):
    user = make_user(role)
    response = login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/o/test-op" + HOMES[role]
    assert client.get(HOMES[role]).status_code == 200


def test_wrong_password_is_refused_and_audited(client, login, make_user):
    user = make_user("coordinator")
    response = login(user, password="not the password")
    assert response.status_code == 401
    assert b"do not match" in response.data
    assert client.get("/coordinator/").status_code == 302
    assert db.session.query(AuditEvent).filter_by(action="sign_in_failed").count() == 1


def test_deactivated_account_cannot_sign_in(login, make_user):
    user = make_user("volunteer", )
    user.active = False
    db.session.commit()
    assert login(user).status_code == 401


@pytest.mark.parametrize("target,expected", [
    ("/aid/", "/aid/"),
    ("https://evil.example/steal", "/o/test-op/coordinator/"),
    ("//evil.example/", "/o/test-op/coordinator/"),
])
def test_login_follows_only_local_next(client, make_user, target, expected):
    user = make_user("coordinator")
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("role,url", [
    ("volunteer", "/coordinator/"), ("aid", "/coordinator/"), ("volunteer", "/aid/"), ("aid", "/field/"),
])
def test_roles_are_kept_out_of_other_areas(client, login, make_user, role, url):
    login(make_user(role))
    response = client.get(url)
    assert response.status_code == 403
    assert b"Not for this account" in response.data


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/coordinator/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_ends_the_session(client, login, make_user):
    login(make_user("aid"))
    assert client.post("/logout").status_code == 302
    assert client.get("/aid/").status_code == 302


def test_unknown_page_is_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Nothing here" in response.data


def test_login_form_without_csrf_token_is_rejected(db_url, make_user):
    user = make_user("coordinator")
    strict = make_app(db_url, WTF_CSRF_ENABLED=True)
    response = strict.test_client().post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 400
    assert b"form expired" in response.data


def test_a_failed_sign_in_keeps_the_typed_email_only_masked_and_keyed(client, make_user):
    client.post("/login", data={"email": "Jolene.Parker@Example.org", "password": "wrong password!"})
    client.post("/login", data={"email": "my secret passphrase", "password": "oops"})
    events = db.session.query(AuditEvent).filter_by(action="sign_in_failed").order_by(AuditEvent.id).all()
    stored = [str(event.detail) for event in events]
    assert events[0].detail["email"] == "j***@example.org" and "jolene" not in stored[0].lower()
    assert events[1].detail["email"] == "m***" and "secret" not in stored[1]
    assert len(events[0].detail["email_hash"]) == 64
    again = client.post("/login", data={"email": "jolene.parker@example.org", "password": "x"})
    assert again.status_code == 401  # the same email, typed again, lines up by its keyed hash
    latest = db.session.query(AuditEvent).filter_by(action="sign_in_failed").order_by(AuditEvent.id.desc()).first()
    assert latest.detail["email_hash"] == events[0].detail["email_hash"]
