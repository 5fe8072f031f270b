"""Volunteer pages and the roster import, as a coordinator uses them."""
import io
from datetime import date, timedelta

import pytest

from outreach import scope
from outreach.extensions import db
from outreach.models import AuditEvent, Membership, User
from outreach.services.operation import operations


def volunteers():
    """The test operation's volunteers (a role is a membership: User.role is no column)."""
    return db.session.query(User).join(Membership).filter(
        Membership.role == "volunteer", Membership.operation_id == scope.current_id()).order_by(User.id).all()


def test_coordinator_adds_a_volunteer(client, coordinator):
    response = client.post("/coordinator/volunteers/new", data={
        "name": "Alma Batiste", "email": "Alma@Example.org", "trained_on": "2005-09-01",
        "languages": "en, es", "staff_contact": "radio channel 3"})
    assert response.status_code == 302
    [alma] = volunteers()
    assert (alma.email, alma.trained_on, alma.languages) == ("alma@example.org", date(2005, 9, 1), ["en", "es"])
    assert alma.password_hash.startswith("!")
    assert b"Alma Batiste" in client.get("/coordinator/volunteers").data


@pytest.mark.parametrize("data,message", [
    ({"name": "A", "email": "not-an-email"}, b"not an email"),
    ({"name": "A", "email": "a@b.org", "languages": "en <script>"}, b"Not a language"),
    ({"name": "A", "email": "a@b.org", "trained_on": "2999-01-01"}, b"in the future"),
    ({"name": "A", "email": "a@b.org", "password": "short"}, b"at least 10"),
])
def test_bad_volunteer_form_shows_the_problem_and_saves_nothing(client, coordinator, data, message):
    response = client.post("/coordinator/volunteers/new", data=data)
    assert response.status_code == 422
    assert message in response.data
    assert volunteers() == []


def test_editing_sets_training_and_a_password(client, coordinator, make_user):
    volunteer = make_user(trained_on=None)
    response = client.post(f"/coordinator/volunteers/{volunteer.id}/edit", data={
        "name": "New Name", "email": volunteer.email, "trained_on": date.today().isoformat(),
        "languages": "vi", "password": "a long enough password"})
    assert response.status_code == 302
    db.session.refresh(volunteer)
    assert (volunteer.name, volunteer.trained_on, volunteer.languages) == ("New Name", date.today(), ["vi"])
    assert volunteer.password_hash.startswith("scrypt")


def test_deactivating_a_paired_volunteer_is_refused(client, coordinator, make_team):
    member = make_team(name="Heron").members[0]
    response = client.post(f"/coordinator/volunteers/{member.id}/active", data={"active": "0"},
                           follow_redirects=True)
    assert b"dissolve the pair first" in response.data
    db.session.refresh(member)
    assert member.active


def test_deactivate_and_reactivate_are_audited(client, coordinator, make_user):
    volunteer = make_user()
    client.post(f"/coordinator/volunteers/{volunteer.id}/active", data={"active": "0"})
    db.session.refresh(volunteer)
    assert not volunteer.active
    client.post(f"/coordinator/volunteers/{volunteer.id}/active", data={"active": "1"})
    db.session.refresh(volunteer)
    assert volunteer.active
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-2:] == ["volunteer_deactivated", "volunteer_reactivated"]


def upload(client, text: str):
    return client.post("/coordinator/volunteers/import", content_type="multipart/form-data",
                       data={"roster": (io.BytesIO(text.encode()), "roster.csv")})


def test_a_clean_roster_adds_every_volunteer(client, coordinator):
    response = upload(client, "name,email,trained_on,languages,staff_contact\n"
                              "Alma,alma@x.org,2005-09-01,en es,radio 3\nRay,ray@x.org,,,\n\n")
    assert response.status_code == 302
    assert [(v.name, v.languages) for v in volunteers()] == [("Alma", ["en", "es"]), ("Ray", [])]


def test_a_roster_with_bad_rows_adds_nobody_and_lists_each_bad_row(client, coordinator, make_user):
    make_user(email="taken@x.org")
    response = upload(client, "name,email,trained_on\n"
                              "Good,good@x.org,2005-09-01\n"
                              ",nobody@x.org,\n"
                              "Late,late@x.org,01/09/2005\n"
                              "Dup,taken@x.org,\n"
                              "Twice,good@x.org,\n")
    assert response.status_code == 422
    page = response.data.decode()
    assert "4 row(s) need fixing" in page
    for line, problem in [(3, "required"), (4, "not a date"), (5, "exists already"), (6, "same email as line 2")]:
        assert f"<td>{line}</td>" in page and problem in page
    assert [v.email for v in volunteers()] == ["taken@x.org"]


@pytest.mark.parametrize("text,message", [
    ("who,where\nA,B\n", "name and email are needed"),
    ("name,email,shoe_size\nA,a@x.org,9\n", "Unknown column"),
    ("name,email\n", "no volunteers"),
])
def test_a_roster_without_usable_columns_is_refused(client, coordinator, text, message):
    response = upload(client, text)
    assert response.status_code == 422
    assert message in response.data.decode()


def test_pages_need_csrf_when_it_is_on(make_user, db_url):
    from tests.conftest import PASSWORD, make_app
    app = make_app(db_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user("coordinator")
    login_page = client.get("/login").data.decode()
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    response = client.post("/coordinator/volunteers/new", data={"name": "A", "email": "a@b.org"})
    assert response.status_code == 400
    assert volunteers() == []


def test_old_training_is_flagged_in_the_list(client, coordinator, make_user):
    make_user(name="Ancient", trained_on=date.today() - timedelta(days=800))
    assert b"older than 365 days" in client.get("/coordinator/volunteers").data


def test_the_volunteer_pages_show_this_operations_volunteers_only(client, coordinator, make_user):
    here = make_user(name="Alma Here")
    with scope.working_in(scope.ref(operations.create("heat", "Heat wave"))):
        elsewhere = make_user(name="Ray Elsewhere")
    page = client.get("/coordinator/volunteers").get_data(as_text=True)
    assert "Alma Here" in page and "Ray Elsewhere" not in page
    assert client.get(f"/coordinator/volunteers/{elsewhere.id}/edit").status_code == 404
    assert client.get(f"/coordinator/volunteers/{here.id}/edit").status_code == 200
    pair_form = client.get("/coordinator/pairs/new").get_data(as_text=True)
    assert "Alma Here" in pair_form and "Ray Elsewhere" not in pair_form


def test_a_volunteer_of_another_operation_joins_this_one_by_form_or_roster(client, coordinator, make_user):
    with scope.working_in(scope.ref(operations.create("heat", "Heat wave"))):
        alma, ray = make_user(name="Alma Before", email="alma@x.org"), make_user(name="Ray Before", email="ray@x.org")
    response = client.post("/coordinator/volunteers/new", data={"name": "Alma", "email": "Alma@x.org"})
    assert response.status_code == 302
    refused = client.post("/coordinator/volunteers/new", data={"name": "Ray", "email": "ray@x.org",
                                                               "password": "a long enough password"})
    assert refused.status_code == 422 and b"keep their own password" in refused.data
    assert upload(client, "name,email\nRay,ray@x.org\nNew,new@x.org\n").status_code == 302
    assert [v.email for v in volunteers()] == ["alma@x.org", "ray@x.org", "new@x.org"]
    db.session.refresh(alma)
    assert alma.name == "Alma Before" and alma.password_hash.startswith("scrypt")  # their account as it was
    assert {op.slug for op, _role in operations.memberships(ray.id)} == {"heat", "test-op"}
