"""Pair pages: forming, editing, dissolving, and renewing or releasing blocks from the list."""
from datetime import date, timedelta

from outreach.extensions import db
from outreach.models import Assignment, Team


def test_form_a_pair_with_a_staging_point(client, coordinator, make_user):
    a, b = make_user(name="Alma"), make_user(name="Ray", trained_on=date.today() - timedelta(days=500))
    page = client.get("/coordinator/pairs/new").data.decode()
    assert "Alma" in page and "Ray" in page
    response = client.post("/coordinator/pairs/new", data={
        "name": "Magnolia", "first": a.id, "second": b.id, "staging_label": "St. Mary's steps",
        "staging_lat": "29.961", "staging_lon": "-90.012"}, follow_redirects=True)
    assert "Pair Magnolia is formed" in response.data.decode()
    assert "older than 365 days" in response.data.decode()
    team = db.session.query(Team).one()
    assert (team.staging_lat, team.staging_lon, team.staging_label) == (29.961, -90.012, "St. Mary's steps")


def test_untrained_and_paired_volunteers_are_not_offered(client, coordinator, make_user, make_team):
    make_user(name="Untrained Person", trained_on=None)
    paired = make_team().members[0]
    page = client.get("/coordinator/pairs/new").data.decode()
    assert "Untrained Person" not in page and paired.name not in page


def test_the_same_volunteer_twice_is_a_form_error(client, coordinator, make_user):
    a = make_user()
    make_user()
    response = client.post("/coordinator/pairs/new", data={"name": "X", "first": a.id, "second": a.id})
    assert response.status_code == 422
    assert b"two different people" in response.data
    assert db.session.query(Team).count() == 0


def test_pair_list_shows_expiry_and_renew_release_work(client, coordinator, make_team, make_neighborhood, assign):
    team, hood = make_team(name="Cypress"), make_neighborhood()
    assign(team, hood.blocks[:2], hours=5)
    page = client.get("/coordinator/pairs").data.decode()
    assert "Cypress" in page and hood.blocks[0].code in page
    first, second = db.session.query(Assignment).order_by(Assignment.id).all()
    client.post(f"/coordinator/assignments/{first.id}/renew")
    client.post(f"/coordinator/assignments/{second.id}/release")
    db.session.expire_all()
    assert first.expires_at > second.assigned_at + timedelta(hours=70)
    assert second.release_reason == "released"


def test_dissolving_releases_the_blocks(client, coordinator, make_team, make_neighborhood, assign):
    team, hood = make_team(), make_neighborhood()
    assign(team, hood.blocks[:1])
    client.post(f"/coordinator/pairs/{team.id}/dissolve")
    db.session.expire_all()
    assert not team.active
    assert hood.blocks[0].status == "unassigned"


def test_editing_moves_the_staging_point(client, coordinator, make_team):
    team = make_team(name="Old")
    response = client.post(f"/coordinator/pairs/{team.id}/edit", data={
        "name": "Egret", "staging_lat": "29.97", "staging_lon": "-90.02"})
    assert response.status_code == 302
    db.session.refresh(team)
    assert (team.name, team.staging_lat) == ("Egret", 29.97)
