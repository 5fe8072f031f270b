"""The aid board, aid group registration and the coordinator's needs triage, by role."""
import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import AidGroup, Need, User
from outreach.vocab import NeedUrgency

NOTE = "Grandmother worried about her insulin"
PAYLOAD = "<script>alert(1)</script>"


def test_the_aid_board_lists_needs_and_maps_them_without_visit_notes(client, login, make_group, block, make_need):
    _, member = make_group()
    need = make_need(block, category="water", urgency="immediate", notes=NOTE, hint="side door")
    login(member)
    page = client.get("/aid/").get_data(as_text=True)
    assert f'id="need-{need.id}"' in page and block.code in page and "Lower Ninth" in page
    assert NOTE not in page and "side door" not in page
    assert "L.markerClusterGroup" in page and "/static/vendor/leaflet.markercluster/" in page
    assert "cdn.jsdelivr" not in page and "user-scalable=no" not in page


def test_the_aid_board_is_styled_by_the_apps_stylesheet_alone(client, login, make_group, block, make_need):
    make_need(block, category="paperwork", urgency="immediate")
    _, member = make_group()
    login(member)
    page = client.get("/aid/").get_data(as_text=True)
    assert "bootstrap" not in page.lower() and "jquery" not in page.lower()
    assert "/static/css/app.css" in page and f".urgency-immediate {{ --colour: {NeedUrgency.immediate.colour};" in page
    # Labels come from the vocabulary, not from the slug.
    assert "Paperwork (FEMA, insurance, legal)" in page and "Now (within hours)" in page


def test_the_board_filters_by_category_urgency_and_neighborhood(client, login, make_group, make_neighborhood,
                                                                 block, make_need):
    other = make_neighborhood(name="Gentilly", bounds=(-90.06, 30.00, -90.05, 30.01)).blocks[0]
    water = make_need(block, category="water", urgency="soon")
    food = make_need(block, category="food", urgency="soon")
    far = make_need(other, category="water", urgency="routine")
    _, member = make_group()
    login(member)
    shown = lambda query: {n.id for n in (water, food, far)  # noqa: E731
                           if f'id="need-{n.id}"' in client.get(f"/aid/?{query}").get_data(as_text=True)}
    assert shown("category=water") == {water.id, far.id}
    assert shown("urgency=soon") == {water.id, food.id}
    assert shown(f"neighborhood_id={other.neighborhood_id}") == {far.id}


def test_a_bad_filter_is_a_422_page(client, login, make_group):
    _, member = make_group()
    login(member)
    assert client.get("/aid/?category=beer").status_code == 422
    assert client.get("/aid/?neighborhood_id=x").status_code == 422


def test_an_aid_member_claims_and_fulfils_from_the_board(client, login, make_group, block, make_need):
    group, member = make_group()
    need = make_need(block, hint="side door")
    login(member)
    assert client.post(f"/aid/needs/{need.id}/claim").status_code == 302
    page = client.get("/aid/").get_data(as_text=True)
    assert "side door" in page and "Mark as met" in page
    client.post(f"/aid/needs/{need.id}/fulfill")
    db.session.expire_all()
    stored = db.session.get(Need, need.id)
    assert (stored.status, stored.claimed_by_group_id, stored.hint) == ("fulfilled", group.id, "side door")
    assert "side door" not in client.get("/aid/").get_data(as_text=True)  # kept for coordinators only


def test_claiming_a_need_another_group_holds_shows_a_409_page(client, login, make_group, block, make_need):
    first, first_member = make_group()
    _, second_member = make_group()
    need = make_need(block)
    login(first_member)
    client.post(f"/aid/needs/{need.id}/claim")
    client.post("/logout")
    login(second_member)
    response = client.post(f"/aid/needs/{need.id}/claim")
    assert response.status_code == 409 and "Another group" in response.get_data(as_text=True)
    assert db.session.get(Need, need.id).claimed_by_group_id == first.id


def test_another_groups_hint_is_not_on_the_board(client, login, make_group, block, make_need):
    _, first_member = make_group()
    _, second_member = make_group()
    need = make_need(block, hint="side door")
    login(first_member)
    client.post(f"/aid/needs/{need.id}/claim")
    client.post("/logout")
    login(second_member)
    assert "side door" not in client.get("/aid/").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/coordinator/needs", "/coordinator/aid-groups", "/api/v1/visits"])
def test_an_aid_member_cannot_read_visit_notes_or_visits(client, login, make_group, block, make_need, url):
    make_need(block, notes=NOTE)
    _, member = make_group()
    login(member)
    response = client.get(url)
    assert response.status_code == 403
    assert NOTE not in response.get_data(as_text=True)


def test_volunteers_cannot_open_the_aid_board_or_press_its_buttons(client, login, make_user, block, make_need):
    need = make_need(block)
    login(make_user("volunteer"))
    assert client.get("/aid/").status_code == 403
    assert client.post(f"/aid/needs/{need.id}/claim").status_code == 403


def test_a_coordinator_triages_needs_with_their_visit_notes(client, login, make_user, block, make_need):
    make_need(block, notes=NOTE)
    login(make_user("coordinator"))
    assert NOTE in client.get("/coordinator/needs").get_data(as_text=True)


def test_a_coordinator_merges_a_duplicate_from_the_triage_page(client, login, make_user, block, make_need):
    kept = make_need(block, category="water", people=1)
    repeat = make_need(block, category="water", people=4)
    login(make_user("coordinator"))
    page = client.get("/coordinator/needs").get_data(as_text=True)
    assert f'<option value="{kept.id}">' in page
    response = client.post(f"/coordinator/needs/{repeat.id}/close", data={"reason": "duplicate",
                                                                          "duplicate_of": kept.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, repeat.id).duplicate_of_id == kept.id
    assert db.session.get(Need, kept.id).people == 4


def test_merging_into_another_category_is_a_form_error(client, login, make_user, block, make_need):
    need = make_need(block, category="water")
    other = make_need(block, category="food")
    login(make_user("coordinator"))
    response = client.post(f"/coordinator/needs/{need.id}/close",
                           data={"reason": "duplicate", "duplicate_of": other.id})
    assert response.status_code == 422 and "same category" in response.get_data(as_text=True)
    assert db.session.get(Need, need.id).status == "open"


def test_a_coordinator_registers_a_group_and_a_member(client, login, make_user):
    login(make_user("coordinator"))
    response = client.post("/coordinator/aid-groups", data={
        "name": "Bywater Kitchen", "categories": ["food", "water"], "contact": "Channel 4"})
    assert response.status_code == 302
    group = db.session.scalars(select(AidGroup).where(AidGroup.name == "Bywater Kitchen")).one()
    assert group.categories == ["water", "food"] and group.contact == "Channel 4"
    added = client.post(f"/coordinator/aid-groups/{group.id}/members", data={
        "name": "Sam", "email": "sam@kitchen.org", "password": "a long enough pass"})
    assert added.status_code == 302
    member = db.session.scalars(select(User).where(User.email == "sam@kitchen.org")).one()
    assert (member.role, member.aid_group_id) == ("aid", group.id)


@pytest.mark.parametrize("data, status, message", [
    ({"name": "", "categories": ["food"]}, 422, ""),
    ({"name": "Taken", "categories": ["food"]}, 409, "exists already"),
    ({"name": "New", "categories": ["beer"]}, 422, ""),
])
def test_bad_group_forms_show_an_error_and_write_nothing(client, login, make_user, make_group, data, status, message):
    make_group(name="Taken")
    login(make_user("coordinator"))
    response = client.post("/coordinator/aid-groups", data=data)
    assert response.status_code == status and message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(AidGroup)) == 1


def test_a_weak_member_password_is_refused(client, login, make_user, make_group):
    group, _ = make_group()
    login(make_user("coordinator"))
    response = client.post(f"/coordinator/aid-groups/{group.id}/members",
                           data={"name": "Sam", "email": "sam@kitchen.org", "password": "short"})
    assert response.status_code == 422 and "at least" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "sam@kitchen.org")) is None


def test_a_group_name_is_escaped_on_every_page(client, login, make_user, make_group, block, make_need):
    group, member = make_group(name=PAYLOAD)
    need = make_need(block)
    login(member)
    client.post(f"/aid/needs/{need.id}/claim")
    assert PAYLOAD not in client.get("/aid/").get_data(as_text=True)
    client.post("/logout")
    login(make_user("coordinator"))
    for url in ("/aid/", "/coordinator/aid-groups", f"/coordinator/aid-groups/{group.id}", "/coordinator/needs"):
        page = client.get(url).get_data(as_text=True)
        assert PAYLOAD not in page, url


def test_a_coordinator_renames_a_group_and_changes_its_categories(client, login, make_user, make_group):
    group, _ = make_group(name="Old name")
    login(make_user("coordinator"))
    response = client.post(f"/coordinator/aid-groups/{group.id}",
                           data={"name": "New name", "categories": ["pets"], "contact": ""})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(AidGroup, group.id)
    assert (stored.name, stored.categories, stored.contact) == ("New name", ["pets"], None)
