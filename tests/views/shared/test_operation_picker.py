"""People in several operations: the picker after sign-in, the header's name and its link to the picker, and the
flat addresses that follow the operation chosen (DESIGN section 7)."""
from outreach.extensions import db
from outreach.services.operation import operations


def in_two(user, status="active"):
    """Make `user` a member of a second operation, the heat wave, with the same role."""
    heat = operations.create("heat", "Heat wave")
    operations.add_member(user, heat, user.role)
    if status != "active":
        operations.set_status(heat, status)
    db.session.commit()
    return heat


def test_a_person_in_two_operations_picks_one_after_signing_in(client, login, make_user):
    coordinator = make_user("coordinator")
    in_two(coordinator)
    assert login(coordinator).headers["Location"] == "/operations"
    picker = client.get("/operations").get_data(as_text=True)
    assert "Test operation" in picker and "Heat wave" in picker
    chosen = client.get("/operations?operation=heat")
    assert chosen.headers["Location"] == "/o/heat/coordinator/"
    assert client.get("/o/heat/coordinator/pairs").status_code == 200


def test_a_closed_operation_is_offered_saying_so_and_an_archived_one_is_not(client, login, make_user):
    coordinator = make_user("coordinator")
    in_two(coordinator, "closed")
    login(coordinator)
    picker = client.get("/operations")
    assert picker.status_code == 200 and "Closed" in picker.get_data(as_text=True)
    operations.set_status(operations.by_slug("heat"), "archived")
    db.session.commit()
    assert "Heat wave" not in client.get("/operations").get_data(as_text=True)


def test_the_header_names_the_operation_and_links_to_the_picker_only_for_people_in_several(client, login,
                                                                                         make_user):
    coordinator = make_user("coordinator")
    login(coordinator)
    page = client.get("/coordinator/pairs").get_data(as_text=True)
    assert 'class="operation-name" translate="no">Test operation<' in page and 'href="/operations"' not in page
    in_two(coordinator)
    page = client.get("/coordinator/pairs").get_data(as_text=True)
    assert 'class="operation-name" translate="no">Test operation<' in page and 'href="/operations"' in page


def test_an_operation_one_is_not_in_is_not_found(client, login, make_user):
    operations.create("heat", "Heat wave")
    db.session.commit()
    login(make_user("coordinator"))
    assert client.get("/o/heat/coordinator/").status_code == 404
    assert client.get("/o/nowhere/coordinator/").status_code == 404


def test_each_operations_field_app_installs_as_its_own_app(client, login, make_user):
    volunteer = make_user("volunteer")
    drill = operations.create("drill", "Spring drill", exercise=True)
    operations.add_member(volunteer, drill, "volunteer")
    db.session.commit()
    login(volunteer)
    real = client.get("/o/test-op/field/manifest.webmanifest").get_json(force=True)
    practice = client.get("/o/drill/field/manifest.webmanifest").get_json(force=True)
    assert (real["id"], real["start_url"], real["scope"]) == ("/o/test-op/field/",) * 3
    assert practice["scope"] == "/o/drill/field/" and practice["name"].endswith("Spring drill · EXERCISE")
    worker = client.get("/o/drill/field/sw.js").get_data(as_text=True)
    assert 'const FIELD = "/o/drill/field/";' in worker and '"/o/drill/field/data.json"' in worker
    assert "'/field/" not in worker and '"/field/' not in worker
