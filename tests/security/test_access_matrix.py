"""Every route x every role: who may use it, from the contract (DESIGN.md section 5), not from the code.

Routes are discovered from app.url_map, so a route landed by anyone is covered;
a route the contract below does not place fails the test until someone decides
who may use it.
"""
import re

import pytest
from werkzeug.routing.converters import NumberConverter, PathConverter

from outreach.extensions import db
from outreach.models import Need
from outreach.routing import FLAT
from tests.conftest import TEST_OPERATION, make_app, signed_in_session

ROLES = ("anonymous", "volunteer", "aid", "coordinator")
EVERYONE = set(ROLES)
STAFF = {"volunteer", "aid", "coordinator"}

# Pages: by blueprint. Anonymous visitors of a protected page are sent to sign in.
PAGE_ROLES = {
    "coordinator": {"coordinator"},
    "export": {"coordinator"},
    "field": {"volunteer", "coordinator"},
    "aid": {"aid", "coordinator"},
    "auth": EVERYONE,
    "signin": EVERYONE,  # one-time sign-in links: the code in the link is the credential
    "public": EVERYONE,
    "static": EVERYONE,
    "i18n": EVERYONE,  # the language switcher: a cookie and a redirect
    "maps": STAFF,  # basemap and streets under every map: anyone signed in
}

# Only an SMS gateway phone's own HTTP Basic credentials (create-sms-gateway) open these: every person is a 401.
GATEWAY_ONLY = {"sms"}

# The API: by endpoint and method, as DESIGN.md section 5 lists it.
API_ROLES = {
    ("api.openapi", "GET"): EVERYONE,
    ("api.neighborhoods", "GET"): STAFF,
    ("api.blocks", "GET"): {"coordinator", "volunteer"},
    ("api.geocode", "GET"): {"coordinator", "volunteer"},
    ("api.users", "GET"): {"coordinator"},
    ("api.list_teams", "GET"): {"coordinator"},
    ("api.create_team", "POST"): {"coordinator"},
    ("api.create_assignments", "POST"): {"coordinator"},
    ("api.release_assignment", "DELETE"): {"coordinator"},
    ("api.renew_assignment", "POST"): {"coordinator"},
    ("api.suggestions", "GET"): {"coordinator"},
    ("api.accept_suggestions", "POST"): {"coordinator"},
    ("api.post_visit", "POST"): {"volunteer", "coordinator"},
    ("api.post_visits_batch", "POST"): {"volunteer", "coordinator"},
    ("api.get_visits", "GET"): {"coordinator"},
    ("api.list_needs", "GET"): {"aid", "coordinator"},
    ("api.claim_need", "POST"): {"aid", "coordinator"},
    ("api.release_need", "POST"): {"aid", "coordinator"},
    ("api.fulfill_need", "POST"): {"aid", "coordinator"},
    ("api.renew_need", "POST"): {"aid", "coordinator"},
    ("api.confirm_need", "POST"): {"volunteer", "coordinator"},
    ("api.reopen_need", "POST"): {"volunteer", "coordinator"},
    ("api.close_need", "POST"): {"coordinator"},
    ("api.post_alert", "POST"): {"volunteer"},
    ("api.plan_gathering", "POST"): {"coordinator"},
    ("api.list_gatherings", "GET"): {"coordinator", "volunteer"},
    ("api.report_gathering", "POST"): {"volunteer", "coordinator"},
    ("api.check_in_gathering", "POST"): {"volunteer"},
    ("api.check_out_gathering", "POST"): {"volunteer"},
    ("api.get_alerts", "GET"): {"coordinator", "volunteer"},
    ("api.acknowledge_alert", "POST"): {"coordinator"},
    ("api.post_message", "POST"): {"coordinator"},
    ("api.get_messages", "GET"): {"coordinator", "volunteer"},
    ("api.acknowledge_message", "POST"): {"volunteer"},
    ("api.check_in", "POST"): {"volunteer", "coordinator"},
    ("api.check_out", "POST"): {"volunteer", "coordinator"},
    ("api.block_done", "POST"): {"volunteer", "coordinator"},
    ("api.flag_hazard", "POST"): {"volunteer", "coordinator"},
    ("api.clear_hazard", "POST"): {"coordinator"},
    ("api.list_operations", "GET"): STAFF,
}


def discovered_routes():
    """(rule, method, endpoint) for every route of the app, HEAD and OPTIONS aside."""
    app = make_app("sqlite://")
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule, method, rule.endpoint))
    return sorted(routes, key=lambda route: (route[0].rule, route[1]))


def contract_endpoint(endpoint: str) -> str:
    """The endpoint the contract names: a flat address (/coordinator/map, /api/v1/blocks) is the same route as
    its operation's (/o/SLUG/coordinator/map, /api/v1/operations/SLUG/blocks), and answers the same roles."""
    return endpoint.removeprefix(FLAT)


def allowed_roles(endpoint: str, method: str) -> set:
    """The roles the contract lets use this route."""
    endpoint = contract_endpoint(endpoint)
    if endpoint.startswith("api."):
        if (endpoint, method) not in API_ROLES:
            pytest.fail(f"{method} {endpoint} is not in the access matrix: decide who may use it (API_ROLES)")
        return API_ROLES[(endpoint, method)]
    blueprint = endpoint.split(".")[0]
    if blueprint not in PAGE_ROLES:
        pytest.fail(f"pages of blueprint {blueprint!r} are not in the access matrix (PAGE_ROLES)")
    return PAGE_ROLES[blueprint]


def sample_url(rule) -> str:
    """A URL for the rule: ids of nothing (authorization must come before lookups), first choices of enums."""
    values = {}
    for name, converter in rule._converters.items():
        choices = getattr(converter, "items", None)
        if name == "op":
            values[name] = TEST_OPERATION  # the operation every test works in, of which each role is a member
        elif choices:
            values[name] = sorted(choices)[0]
        elif isinstance(converter, NumberConverter):
            values[name] = 999999
        elif isinstance(converter, PathConverter):
            values[name] = "css/app.css"
        else:
            values[name] = "claim"
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda match: str(values[match.group(1)]), rule.rule)


ROUTES = discovered_routes()


@pytest.fixture
def client_as(app, make_user, make_team, token_for):
    """A client signed in as a role (pages by session, API by token), or anonymous.

    Each person is fully set up (a volunteer in a pair, an aid member in a group), so a refusal
    is about the role, not a missing partner.
    """

    def make(role):
        client = app.test_client()
        headers = {}
        if role != "anonymous":
            user = make_user(role, **({"group_name": "Access Matrix Aid"} if role == "aid" else {}))
            if role == "volunteer":
                make_team(members=[user, make_user("volunteer")])
            signed_in_session(client, user)
            headers = token_for(user)
        return client, headers

    return make


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule, method, endpoint", ROUTES, ids=[f"{m} {r.rule}" for r, m, _ in ROUTES])
def test_route_answers_each_role_as_the_contract_says(client_as, rule, method, endpoint, role):
    client, headers = client_as(role)
    if endpoint.split(".")[0] in GATEWAY_ONLY:
        response = client.open(sample_url(rule), method=method, headers=headers, json={})
        assert response.status_code == 401, f"{method} {rule.rule} let {role} in: {response.status_code}"
        return
    allowed = allowed_roles(endpoint, method)
    url = sample_url(rule)
    is_api = contract_endpoint(endpoint).startswith("api.")
    kwargs = {"json": {}} if is_api and method != "GET" else {}
    response = client.open(url, method=method, headers=headers if is_api else {}, **kwargs)
    assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"
    if role in allowed:
        assert response.status_code not in (401, 403), f"{method} {url} refused {role}"
    elif role == "anonymous":
        expected = 401 if is_api else 302
        assert response.status_code == expected, f"{method} {url} let anonymous in: {response.status_code}"
        if not is_api:
            assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, f"{method} {url} let {role} in: {response.status_code}"


def is_placed(endpoint: str, method: str) -> bool:
    """Whether the matrix says who may use this route."""
    endpoint = contract_endpoint(endpoint)
    if endpoint.startswith("api."):
        return (endpoint, method) in API_ROLES
    return endpoint.split(".")[0] in PAGE_ROLES.keys() | GATEWAY_ONLY


def test_every_route_is_placed_in_the_matrix():
    unplaced = [f"{method} {endpoint}" for _rule, method, endpoint in ROUTES if not is_placed(endpoint, method)]
    assert not unplaced, f"decide who may use these routes (API_ROLES / PAGE_ROLES): {unplaced}"


# --- what each role may read, beyond the door ----------------------------------------------

def test_volunteer_reads_only_the_pairs_own_blocks(client, make_user, make_neighborhood, make_team, assign, token_for):
    hood = make_neighborhood()
    volunteer = make_user("volunteer")
    own, other = make_team(members=[volunteer, make_user("volunteer")]), make_team()
    assign(own, hood.blocks[:2])
    assign(other, hood.blocks[2:4])
    features = client.get("/api/v1/blocks", headers=token_for(volunteer)).get_json()["features"]
    assert {f["properties"]["id"] for f in features} == {b.id for b in hood.blocks[:2]}


def test_volunteer_and_aid_cannot_list_visits(client, make_user, token_for):
    for role in ("volunteer", "aid"):
        user = make_user(role)
        assert client.get("/api/v1/visits", headers=token_for(user)).status_code == 403


def test_aid_member_sees_needs_but_not_visit_notes_or_others_hints(client, make_user, make_neighborhood, token_for):
    hood = make_neighborhood()
    db.session.add(Need(block_id=hood.blocks[0].id, category="water", urgency="soon", notes="private words",
                        hint="side door, blue house"))
    db.session.commit()
    aid = make_user("aid", group_name="Water Brigade")
    needs = client.get("/api/v1/needs", headers=token_for(aid)).get_json()
    body = str(needs)
    assert "private words" not in body and "side door" not in body
    assert client.get("/api/v1/blocks", headers=token_for(aid)).status_code == 403
