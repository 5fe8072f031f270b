"""An operation's life cycle and addresses over the API and plain HTTP (issue 26, DESIGN section 7).

Closed: work made on phones before the close time is still taken, later work and
new check-ins, pairs and assignments are refused (409 operation_closed); reopened:
taken again. Archived: off the picker, still listed by the API and exportable.
Addresses: flat pages redirect into the current operation, the picker when there is
none, 404 for an operation one is not in exactly as for one that does not exist, and
the unprefixed API acts on the token's operation.
"""
import re
import uuid
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from outreach import scope
from outreach.extensions import db
from outreach.models import utcnow
from outreach.services.operation import operations
from outreach.services.people import tokens
from tests.conftest import PASSWORD

# The same request, through the unprefixed API (the token's operation) and through the operation's own address.
PREFIXES = ("/api/v1", "/api/v1/operations/test-op")


def plain_client(app) -> FlaskClient:
    """A client that sends addresses as they are (the tests' client puts flat pages into the test's operation)."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def signed_in(app, user) -> FlaskClient:
    """A plain client signed in through the sign-in form."""
    client = plain_client(app)
    answer = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client


def close(slug: str, hours_ago: float = 2, status: str = "closed"):
    """Close (or archive) an operation as if `hours_ago` hours ago."""
    operation = operations.by_slug(slug)
    operations.set_status(operation, status)
    operation.closed_at = utcnow() - timedelta(hours=hours_ago)
    db.session.commit()
    return operation


def reopen(slug: str) -> None:
    """Make an operation active again."""
    operations.set_status(operations.by_slug(slug), "active")
    db.session.commit()


def visit(block, hours_ago: float) -> dict:
    """A visit made on a phone `hours_ago` hours ago."""
    return {"client_id": str(uuid.uuid4()), "block_id": block.id, "outcome": "contact", "adults": 1,
            "visited_at": (utcnow() - timedelta(hours=hours_ago)).isoformat()}


def alert(block, hours_ago: float) -> dict:
    """A help call raised on a phone `hours_ago` hours ago."""
    return {"client_id": str(uuid.uuid4()), "kind": "help", "block_id": block.id,
            "sent_at": (utcnow() - timedelta(hours=hours_ago)).isoformat()}


def closed_code(answer) -> str | None:
    """The error code of a JSON refusal."""
    body = answer.get_json(silent=True) or {}
    return (body.get("error") or {}).get("code")


@pytest.fixture
def field_work(make_neighborhood, make_team, make_user, assign, token_for):
    """A pair on its blocks with a phone's token, a free pair and a coordinator's token, in the test's operation."""
    hood = make_neighborhood()
    pair, free = make_team(), make_team()
    assign(pair, hood.blocks[:2])
    return {"block": hood.blocks[0], "free_block": hood.blocks[5], "free_pair": free,
            "volunteers": [make_user("volunteer"), make_user("volunteer")],
            "phone": token_for(pair.members[0], label="device"),
            "coordinator": token_for(make_user("coordinator"))}


# --- GET /api/v1/operations ----------------------------------------------------------------------------------------

def test_the_api_lists_the_callers_operations_with_their_role_archived_included(client, make_user, token_for):
    person = make_user("coordinator")
    drill = operations.create("spring-drill", "Spring drill", exercise=True)
    old = operations.create("ida-2021", "Hurricane Ida")
    operations.create("not-mine", "Someone else's operation")
    operations.add_member(person, drill, "volunteer")
    operations.add_member(person, old, "coordinator")
    operations.set_status(old, "archived")
    db.session.commit()
    headers = token_for(person)
    # The list belongs to no operation: only its flat address answers.
    assert client.get("/api/v1/operations/test-op/operations", headers=headers).status_code == 404
    listed = client.get("/api/v1/operations", headers=headers).get_json()
    assert sorted(listed, key=lambda o: o["slug"]) == [
        {"slug": "ida-2021", "name": "Hurricane Ida", "status": "archived", "exercise": False,
         "role": "coordinator"},
        {"slug": "spring-drill", "name": "Spring drill", "status": "active", "exercise": True,
         "role": "volunteer"},
        {"slug": "test-op", "name": "Test operation", "status": "active", "exercise": False,
         "role": "coordinator"}]


def test_the_operations_list_needs_a_caller(client):
    answer = client.get("/api/v1/operations")
    assert answer.status_code == 401


# --- closed, then reopened -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_closed_operation_takes_visits_made_before_the_close_and_refuses_later_ones(client, field_work, prefix):
    close("test-op", hours_ago=2)
    before = client.post(f"{prefix}/visits", json=visit(field_work["block"], hours_ago=3),
                         headers=field_work["phone"])
    assert before.status_code == 201, before.get_json()
    after = client.post(f"{prefix}/visits", json=visit(field_work["block"], hours_ago=1),
                        headers=field_work["phone"])
    assert (after.status_code, closed_code(after)) == (409, "operation_closed")
    batch = client.post(f"{prefix}/visits/batch", headers=field_work["phone"], json={
        "visits": [visit(field_work["block"], hours_ago=3), visit(field_work["block"], hours_ago=1)]})
    results = batch.get_json()["results"]
    assert [result["status"] for result in results] == [201, 409]
    assert results[1]["error"]["code"] == "operation_closed"
    listed = client.get(f"{prefix}/visits", headers=field_work["coordinator"]).get_json()
    assert len(listed) == 2  # the two made before the close, nothing of the later ones
    reopen("test-op")
    again = client.post(f"{prefix}/visits", json=visit(field_work["block"], hours_ago=1),
                        headers=field_work["phone"])
    assert again.status_code == 201, again.get_json()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_closed_operation_takes_help_calls_raised_before_the_close_and_refuses_later_ones(
        client, field_work, prefix):
    close("test-op", hours_ago=2)
    before = client.post(f"{prefix}/alerts", json=alert(field_work["block"], hours_ago=3),
                         headers=field_work["phone"])
    assert before.status_code == 201, before.get_json()
    later = alert(field_work["block"], hours_ago=1)
    after = client.post(f"{prefix}/alerts", json=later, headers=field_work["phone"])
    assert (after.status_code, closed_code(after)) == (409, "operation_closed")
    assert len(client.get(f"{prefix}/alerts", headers=field_work["coordinator"]).get_json()) == 1
    reopen("test-op")
    assert client.post(f"{prefix}/alerts", json=later, headers=field_work["phone"]).status_code == 201


def new_work(field_work) -> dict:
    """The new work a closed operation refuses, as (path, token, body)."""
    free_pair, (first, second) = field_work["free_pair"], field_work["volunteers"]
    return {
        "check-in": ("/shifts/check-in", field_work["phone"], {"client_id": str(uuid.uuid4()), "hours": 3}),
        "new pair": ("/teams", field_work["coordinator"], {"name": "Late pair", "member_ids": [first.id, second.id]}),
        "assignment": ("/assignments", field_work["coordinator"],
                       {"team_id": free_pair.id, "block_ids": [field_work["free_block"].id]}),
    }


@pytest.mark.parametrize("status", ["closed", "archived"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_closed_or_archived_operation_refuses_check_ins_pairs_and_assignments_until_reopened(
        client, field_work, prefix, status):
    close("test-op", hours_ago=0, status=status)
    work = new_work(field_work)
    for what, (path, token, body) in work.items():
        answer = client.post(prefix + path, json=body, headers=token)
        assert (answer.status_code, closed_code(answer)) == (409, "operation_closed"), (what, answer.get_json())
    reopen("test-op")
    for what, (path, token, body) in work.items():
        answer = client.post(prefix + path, json=body, headers=token)
        assert answer.status_code in (200, 201), (what, answer.get_json())


# --- archived ------------------------------------------------------------------------------------------------------

def test_an_archived_operation_is_off_the_picker_but_listed_and_exportable(app, make_user, token_for):
    person = make_user("coordinator")
    for slug, name in (("freeze-2026", "Winter freeze"), ("ida-2021", "Hurricane Ida")):
        operations.add_member(person, operations.create(slug, name), "coordinator")
    db.session.commit()
    close("ida-2021", status="archived")
    client = signed_in(app, person)
    picker = client.get("/operations")
    assert picker.status_code == 200
    page = picker.get_data(as_text=True)
    assert "Winter freeze" in page and "Test operation" in page and "Hurricane Ida" not in page
    listed = client.get("/api/v1/operations", headers=token_for(person)).get_json()
    assert {o["slug"]: o["status"] for o in listed}["ida-2021"] == "archived"
    for export in ("needs.csv", "needs.hxl.csv", "tally.csv", "blocks.geojson"):
        with client.get(f"/o/ida-2021/export/{export}") as answer:  # closed: a streamed answer holds its context
            assert answer.status_code == 200, export
            assert "attachment" in answer.headers.get("Content-Disposition", ""), export
            assert answer.get_data(), export


# --- addresses -----------------------------------------------------------------------------------------------------

def test_a_flat_page_redirects_to_the_same_page_of_the_current_operation(app, make_user):
    client = signed_in(app, make_user("coordinator"))
    page = client.get("/coordinator/needs?status=open")
    assert page.status_code == 302
    assert page.headers["Location"].endswith("/o/test-op/coordinator/needs?status=open")
    form = client.post("/coordinator/messages", data={"text": "Back to staging", "to": "all"})
    assert form.status_code == 307  # the form goes on to the same page, still a POST
    assert form.headers["Location"].endswith("/o/test-op/coordinator/messages")
    assert client.get("/export/needs.csv").headers["Location"].endswith("/o/test-op/export/needs.csv")
    assert client.get("/o/test-op/coordinator/needs").status_code == 200


def test_someone_in_two_operations_who_chose_none_gets_the_picker(app, make_user):
    person = make_user("coordinator")
    operations.add_member(person, operations.create("freeze-2026", "Winter freeze"), "volunteer")
    db.session.commit()
    client = plain_client(app)
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    page = client.get("/coordinator/needs")
    assert page.status_code == 302
    assert "/operations" in page.headers["Location"] and "/o/" not in page.headers["Location"]
    picker = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "Winter freeze" in picker and "Test operation" in picker
    chosen = client.get("/operations?operation=freeze-2026&next=/field/")
    assert chosen.status_code == 302
    assert client.get("/coordinator/needs").headers["Location"].endswith("/o/freeze-2026/coordinator/needs")


def test_an_operation_one_is_not_in_is_a_404_exactly_like_one_that_does_not_exist(app, make_user, token_for):
    operations.create("katrina", "Katrina")
    db.session.commit()
    person = make_user("coordinator")
    client = signed_in(app, person)
    headers = token_for(person)
    for path in ("/o/{}/coordinator/needs", "/o/{}/export/needs.csv", "/o/{}/field/",
                 "/api/v1/operations/{}/blocks", "/api/v1/operations/{}/needs"):
        kwargs = {"headers": headers} if path.startswith("/api") else {}
        real, missing = (client.get(path.format(slug), **kwargs) for slug in ("katrina", "no-such-op"))
        assert real.status_code == missing.status_code == 404, path
        assert same_page(real, "katrina") == same_page(missing, "no-such-op"), path


def same_page(answer, slug: str) -> str:
    """A response's body without the slug asked for and one-time values (nonces, CSRF tokens)."""
    text = answer.get_data(as_text=True).replace(slug, "SLUG")
    return re.sub(r'nonce="[^"]*"|value="[A-Za-z0-9._-]{20,}"', "", text)


def test_the_unprefixed_api_acts_on_the_tokens_operation(client, runner, make_user, make_team, acting_coordinator):
    person = make_user("coordinator")
    freeze = scope.ref(operations.create("freeze-2026", "Winter freeze"))
    for coordinator in (person, acting_coordinator()):
        operations.add_member(coordinator, operations.by_slug("freeze-2026"), "coordinator")
    db.session.commit()
    ours = make_team(name="Pair of the test operation")
    with scope.working_in(freeze):
        theirs = make_team(name="Pair of the freeze")
        freeze_token = tokens.issue(person, label="cli")
        db.session.commit()
    made = runner.invoke(args=["create-token", person.email, "--operation", "freeze-2026"])
    assert made.exit_code == 0, made.output
    test_token = tokens.issue(person, label="cli")
    db.session.commit()
    for token, pair in ((freeze_token, theirs), (made.output.strip(), theirs), (test_token, ours)):
        listed = client.get("/api/v1/teams", headers={"Authorization": f"Bearer {token}"}).get_json()
        assert [team["name"] for team in listed] == [pair.name]
    # The operation's own address wins over the token's: the same token reads the other operation it is in.
    listed = client.get("/api/v1/operations/test-op/teams", headers={"Authorization": f"Bearer {freeze_token}"})
    assert [team["name"] for team in listed.get_json()] == [ours.name]
