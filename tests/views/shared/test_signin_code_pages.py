"""Phones join by QR code: the coordinator makes, prints and revokes codes; the phone confirms, then is in."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach import scope
from outreach.extensions import db
from outreach.models import ApiToken, SigninCode, utcnow
from outreach.services.operation import operations
from outreach.services.people import signin_codes
from outreach.services.people.qr import qr_svg
from tests.conftest import make_app

LINK = re.compile(r'<span class="signin-url">(https?://[^<]+/signin/([A-Za-z0-9_-]+))</span>')


@pytest.fixture
def people(make_user):
    return make_user("coordinator"), make_user("volunteer", name="Ana Reyes")


def issued_code(coordinator, volunteer) -> str:
    _row, code = signin_codes.issue(volunteer, coordinator, hours=24)
    db.session.commit()
    return code


def test_scanning_shows_a_confirm_button_and_spends_nothing(client, people):
    code = issued_code(*people)
    for _ in range(2):  # a link previewer, then the person
        page = client.get(f"/signin/{code}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'method="post"' in html and "Sign in as Ana Reyes" in html
    assert db.session.scalar(select(SigninCode.used_at)) is None
    assert client.get("/field/").status_code == 302  # not signed in yet


def test_confirming_signs_the_phone_in_and_the_field_app_gets_its_device_token(client, people):
    _coordinator, volunteer = people
    code = issued_code(*people)
    answer = client.post(f"/signin/{code}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/field/")
    assert client.get("/field/data.json").get_json()["user"]["id"] == volunteer.id
    token = client.post("/field/device-token").get_json()
    assert token["user_id"] == volunteer.id
    assert client.get("/api/v1/blocks", headers={"Authorization": f"Bearer {token['token']}"}).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == volunteer.id)) == 1


@pytest.mark.parametrize("spoil, status, words", [
    ("used", 410, "already used"), ("expired", 410, "expired"), ("revoked", 410, "withdrew"),
    ("deactivated", 403, "paused"), ("unknown", 404, "do not recognise"),
])
def test_a_spoilt_code_gets_a_kind_page_and_signs_nobody_in(client, people, spoil, status, words):
    coordinator, volunteer = people
    row, code = signin_codes.issue(volunteer, coordinator, hours=24)
    if spoil == "used":
        signin_codes.redeem(code)
    elif spoil == "expired":
        row.expires_at = utcnow() - timedelta(minutes=1)
    elif spoil == "revoked":
        signin_codes.revoke(row.id, coordinator)
    elif spoil == "deactivated":
        volunteer.active = False
    elif spoil == "unknown":
        code = code[::-1]
    db.session.commit()
    for method in (client.get, client.post):
        page = method(f"/signin/{code}")
        assert page.status_code == status
        html = page.get_data(as_text=True)
        assert words in html and "ask your coordinator for a new sign-in code" in html
    assert client.get("/field/").status_code == 302


def test_coordinator_makes_a_code_shown_once_as_a_qr_of_its_link(client, login, people, app, monkeypatch):
    coordinator, volunteer = people
    monkeypatch.setitem(app.config, "SIGNIN_CODE_HOURS", 2)
    login(coordinator)
    assert "Make a new sign-in code" in client.get(f"/coordinator/volunteers/{volunteer.id}/signin").get_data(True)
    html = client.post(f"/coordinator/volunteers/{volunteer.id}/signin").get_data(as_text=True)
    url, code = LINK.search(html).groups()
    assert str(qr_svg(url, title=f"Sign-in code for {volunteer.name}")) in html
    row = db.session.scalar(select(SigninCode))
    assert row.user_id == volunteer.id and code not in row.code_hash
    assert timedelta(hours=1, minutes=59) < row.expires_at - utcnow() <= timedelta(hours=2)
    listed = client.get(f"/coordinator/volunteers/{volunteer.id}/signin").get_data(as_text=True)
    assert code not in listed and f"/coordinator/signin-codes/{row.id}/revoke" in listed


def test_public_url_sets_the_address_in_the_code(client, login, people, app, monkeypatch):
    coordinator, volunteer = people
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://outreach.lan:8443/")
    login(coordinator)
    html = client.post(f"/coordinator/volunteers/{volunteer.id}/signin").get_data(as_text=True)
    assert LINK.search(html).group(1).startswith("https://outreach.lan:8443/signin/")


def test_coordinator_revokes_one_code_or_all_of_a_volunteer(client, login, people):
    coordinator, volunteer = people
    first, second = issued_code(*people), issued_code(*people)
    login(coordinator)
    row_id = db.session.scalar(select(SigninCode.id).order_by(SigninCode.id))
    assert client.post(f"/coordinator/signin-codes/{row_id}/revoke").status_code == 302
    assert client.get(f"/signin/{first}").status_code == 410
    assert client.get(f"/signin/{second}").status_code == 200
    client.post(f"/coordinator/volunteers/{volunteer.id}/signin/revoke")
    assert client.get(f"/signin/{second}").status_code == 410
    assert client.post("/coordinator/signin-codes/999999/revoke").status_code == 404


def test_the_packet_prints_a_code_for_each_member(client, login, make_user, make_team):
    team = make_team(name="Magnolia")
    login(make_user("coordinator"))
    assert "Add sign-in codes for both" in client.get(f"/coordinator/teams/{team.id}/packet").get_data(True)
    html = client.post(f"/coordinator/teams/{team.id}/packet?date=2005-09-14&sheets=2").get_data(as_text=True)
    assert html.count('<svg viewBox="0 0 ') == 2 and html.count('class="sheet log"') == 2
    codes = [match.group(2) for match in LINK.finditer(html)]
    holders = {signin_codes.check(code).user_id for code in codes}
    assert holders == {member.id for member in team.members}


def test_volunteers_cannot_make_codes(client, login, people):
    _coordinator, volunteer = people
    login(volunteer)
    assert client.post(f"/coordinator/volunteers/{volunteer.id}/signin").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(SigninCode)) == 0


def test_with_csrf_on_a_post_without_the_form_token_spends_nothing(db_url, people):
    code = issued_code(*people)
    strict = make_app(db_url, WTF_CSRF_ENABLED=True)
    phone = strict.test_client()
    assert phone.post(f"/signin/{code}").status_code == 400
    page = phone.get(f"/signin/{code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert phone.post(f"/signin/{code}", data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(SigninCode.used_at)) is not None


def test_refused_codes_are_limited_per_address_and_good_ones_are_not(db_url, people):
    limited = make_app(db_url, RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes").test_client()
    code = issued_code(*people)
    guesses = [limited.get(f"/signin/guess{n}", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code
               for n in range(4)]
    assert guesses == [404, 404, 404, 429]
    for _ in range(4):  # confirming pages of a good code do not count
        assert limited.get(f"/signin/{code}", environ_base={"REMOTE_ADDR": "203.0.113.10"}).status_code == 200
    assert limited.post(f"/signin/{code}", environ_base={"REMOTE_ADDR": "203.0.113.10"}).status_code == 302


def test_a_code_signs_the_phone_in_to_its_own_operation_and_the_token_is_issued_there(app, client, people):
    coordinator, volunteer = people  # a volunteer of the test operation, and of the heat wave too
    heat = operations.create("heat", "Heat wave")
    operations.add_member(volunteer, heat, "volunteer")
    operations.add_member(coordinator, heat, "coordinator")
    with scope.working_in(scope.ref(heat)):
        code = issued_code(coordinator, volunteer)
    with app.app_context():  # the phone's own requests: no operation chosen beforehand
        phone = app.test_client()
        assert "signs in to the operation Heat wave" in phone.get(f"/signin/{code}").get_data(as_text=True)
        answer = phone.post(f"/signin/{code}")
        assert answer.status_code == 302 and answer.headers["Location"] == "/o/heat/field/"
        assert phone.get("/field/").headers["Location"] == "/o/heat/field/"  # the flat address follows the code
        token = phone.post("/o/heat/field/device-token").get_json()
    assert db.session.scalar(select(ApiToken.operation_id).where(ApiToken.user_id == volunteer.id)) == heat.id
    assert token["user_id"] == volunteer.id


def test_a_code_of_a_closed_operation_signs_nobody_in(client, people):
    code = issued_code(*people)
    operations.set_status(operations.by_slug(scope.current().slug), "closed")
    db.session.commit()
    page = client.post(f"/signin/{code}")
    assert page.status_code == 409 and "is closed" in page.get_data(as_text=True)
    assert db.session.scalar(select(SigninCode.used_at)) is None
