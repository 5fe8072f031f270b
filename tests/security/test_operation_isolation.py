"""Two operations side by side: nothing of one is readable or writable from the other (issue 26, DESIGN section 7).

Operation A (the test's own) and operation B hold the same shape of data; B's
names, codes and notes are words only B has, so a leak shows as a substring.
People of each role are members of A only. Every route of app.url_map is tried
for every role: the addresses of A with B's ids, the addresses of B itself, and
A's own addresses, which must show A's rows and none of B's, and answer the same
before and after B is filled (so a count that includes B is seen). A new route is
covered by itself; a route with a path parameter this file does not know fails
until someone says which of B's rows it names (PARAMETERS, BY_ROUTE, VALUES).
"""
import itertools
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask import Response, current_app
from shapely.geometry import LineString, mapping
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter

from outreach import scope
from outreach.api import ANY_OPERATION, PUBLIC_ENDPOINTS
from outreach.extensions import db
from outreach.models import (
    Alert,
    ApiToken,
    Assignment,
    Block,
    Hazard,
    Membership,
    Message,
    MessageRecipient,
    Need,
    Neighborhood,
    Place,
    SmsLog,
    Street,
    Team,
    TeamMember,
    User,
    Visit,
    utcnow,
)
from outreach.routing import FLAT, SCOPED_PAGES
from outreach.services.fieldwork import visits
from outreach.services.gatherings import gatherings
from outreach.services.mutual_aid import aid_groups, needs
from outreach.services.operation import operations
from outreach.services.people import signin_codes, tokens
from outreach.services.safety import alerts, hazards, messages, shifts
from outreach.services.sms import gateways, inbox
from tests.conftest import signed_in_session
from tests.security.test_access_matrix import allowed_roles

# The callers: each role as a member of A only, anonymous, and a coordinator of both A and B ("both"), who must
# see B's rows at B's addresses only: a service filtering on the person's operations, not the address's, leaks.
ROLES = ("coordinator", "volunteer", "aid", "anonymous", "both")
B_SLUG = "zanzibar-storm"
NO_SLUG = "no-such-operation"  # what an operation one is not a member of must look like
MISSING = 987_654  # an id no row has: another operation's id must be answered exactly like it
WORDS = {"A": "wombat", "B": "zeppelin"}  # each operation's own word, in every text it holds

# Path parameter -> the kind of row it names (World.ids keys). "shared" kinds (aid groups) belong to no operation:
# they may be shown, but nothing of B may come with them.
PARAMETERS = {
    "block_id": "block", "need_id": "need", "team_id": "team", "alert_id": "alert", "message_id": "message",
    "hazard_id": "hazard", "hood_id": "neighborhood", "assignment_id": "assignment", "code_id": "signin_code",
    "token_id": "token", "user_id": "volunteer", "group_id": "group", "gathering_id": "gathering",
}
# Parameters whose row depends on the route: (view, parameter) -> kind, or a function of the other values.
CARE_KINDS = {"alert": "alert", "extend": "shift", "close": "shift", "debriefed": "shift", "safety": "visit",
              "sms": "sms_help"}
BY_ROUTE = {
    ("care_action", "item_id"): lambda values: CARE_KINDS[values["kind"]],
    ("resolve_hazard", "item_id"): "hazard",
    ("reopen_fulfils", "item_id"): "group",
}
SHARED = {"group"}
# API views that answer alike under any operation's address (the API's description, the caller's operations list).
NO_OPERATION_NEEDED = PUBLIC_ENDPOINTS | ANY_OPERATION
# Parameters that name no row: the values tried (each choice of an `any(...)` converter is tried on its own).
VALUES = {
    "step": ("claim", "release", "fulfill"),  # the aid board's buttons
    "code": ("not-a-real-code",),  # /signin/<code> and /language/<code>: the code is the credential, not B's
    "filename": ("css/app.css",),
}
TILE_PARAMETERS = ("z", "x", "y")  # a map tile over B's streets and blocks
# Views asked about something by query: view -> (argument, World.ids key), always B's (its area, its names).
B_QUERIES = {"streets_json": ("bbox", "bbox"), "geocode": ("q", "search")}
# Query arguments naming rows: endpoint (flat or not) -> {argument: kind}.
QUERY_IDS = {
    "coordinator.needs_triage": {"neighborhood_id": "neighborhood"}, "aid.home": {"neighborhood_id": "neighborhood"},
    "coordinator.map_page": {"neighborhood_id": "neighborhood", "block_id": "block"},
    "coordinator.map_shapes": {"neighborhood_id": "neighborhood"},
    "coordinator.map_status": {"neighborhood_id": "neighborhood"}, "coordinator.paper_entry": {"team_id": "team"},
    "api.blocks": {"neighborhood_id": "neighborhood"}, "api.suggestions": {"neighborhood_id": "neighborhood"},
    "api.list_needs": {"neighborhood_id": "neighborhood"}, "api.get_visits": {"block_id": "block"},
}


def a_visit(block_id: int, note: str | None = None) -> dict:
    """A visit as a phone sends it."""
    return {"client_id": str(uuid.uuid4()), "block_id": block_id, "outcome": "contact", "adults": 1,
            "visited_at": utcnow().isoformat(), "notes": note}


def client_id() -> dict:
    """A field action's body."""
    return {"client_id": str(uuid.uuid4())}


# Bodies of the writes whose rows are named in the body: view -> fn(pick, own) -> ("json" | "form", body).
# `pick(kind)` is B's id (or MISSING); `own(kind)` is A's, so A's pair is offered B's block and so on.
BODIES = {
    "post_visit": lambda pick, own: ("json", a_visit(pick("block"), "stray visit")),
    "post_visits_batch": lambda pick, own: ("json", {"visits": [a_visit(pick("block"), "stray visit")]}),
    "post_alert": lambda pick, own: ("json", {**client_id(), "kind": "help", "sent_at": utcnow().isoformat(),
                                              "block_id": pick("block")}),
    "create_team": lambda pick, own: ("json", {"name": "Stray pair", "member_ids": [own("free"), pick("volunteer")]}),
    "create_assignments": lambda pick, own: ("json", {"team_id": own("team"), "block_ids": [pick("block")]}),
    "accept_suggestions": lambda pick, own: ("json", {"plan": [{"team_id": pick("team"),
                                                                "block_ids": [own("free_block")]}]}),
    "post_message": lambda pick, own: ("json", {"text": "stray message", "team_ids": [pick("team")]}),
    "send_message": lambda pick, own: ("form", {"text": "stray message", "to": f"pair:{pick('team')}"}),
    "pair_new": lambda pick, own: ("form", {"name": "Stray pair", "first": own("free"), "second": pick("volunteer")}),
    "pair_edit": lambda pick, own: ("form", {"name": "Renamed pair"}),
    "split_areas": lambda pick, own: ("form", {"neighborhood": pick("neighborhood"), "block_size_m": 300}),
    "set_priority": lambda pick, own: ("form", {"priority": 5}),
    "clear_hazard": lambda pick, own: ("json", {"note": "cleared from the wrong operation"}),
    "resolve_hazard": lambda pick, own: ("form", {"note": "cleared from the wrong operation"}),
    "flag_hazard": lambda pick, own: ("json", {**client_id(), "note": "stray hazard"}),
    "block_done": lambda pick, own: ("json", client_id()),
    "confirm_need": lambda pick, own: ("json", client_id()),
    "reopen_need": lambda pick, own: ("json", client_id()),
    "claim_need": lambda pick, own: ("json", {"group_id": own("group")}),
    "close_need": lambda pick, own: ("json", {"reason": "withdrawn"}),
    "report_gathering": lambda pick, own: ("json", {**client_id(), "held": False}),
    "check_in_gathering": lambda pick, own: ("json", client_id()),
    "check_out_gathering": lambda pick, own: ("json", {**client_id(), "self_care": "ok"}),
    "close_need_page": lambda pick, own: ("form", {"reason": "withdrawn"}),
    "volunteer_set_active": lambda pick, own: ("form", {"active": "0"}),
    "volunteer_edit": lambda pick, own: ("form", {"name": "Renamed", "email": "renamed@test.org"}),
    "signin_code_new": lambda pick, own: ("form", {"hours": 12}),
    "paper_entry": lambda pick, own: ("form", {"team_id": pick("team"), "sheet": "A1", "date": "2026-12-01"}),
}


@dataclass
class World:
    """Both operations' ids by kind, B's words that must never show in A, and A's that must."""

    a: scope.OperationRef
    b: scope.OperationRef
    ids: dict = field(default_factory=lambda: {"A": {}, "B": {}})
    secrets: list = field(default_factory=list)  # B's names, codes and notes
    own_words: list = field(default_factory=list)  # A's, to prove the pages checked show data at all
    people: dict = field(default_factory=dict)  # role -> A's signed-in person
    group: object = None  # the aid group both operations share (aid groups belong to no operation)
    aid_members: dict = field(default_factory=dict)  # side -> the group's member in that operation


def build_operation(side: str, world: World, f: dict) -> None:
    """One operation's data, made through the services as people make it, in the operation being worked in."""
    word, ids = WORDS[side], world.ids[side]
    title = word.title()
    hood = f["make_neighborhood"](name=f"{title} Heights {side}ville")
    blocks = sorted(hood.blocks, key=lambda block: block.id)
    walkers = [f["make_user"]("volunteer", name=f"{title} Walker {n}", email=f"{word}.walker{n}@test.org")
               for n in (1, 2, 3, 4)]
    pair = f["make_team"](name=f"{title} Pair One", members=walkers[:2])
    other_pair = f["make_team"](name=f"{title} Pair Two", members=walkers[2:])
    f["assign"](pair, blocks[:3])
    f["assign"](other_pair, blocks[3:4])
    free = f["make_user"]("volunteer", name=f"{title} Free Walker", email=f"{word}.free@test.org")
    coordinator = f["make_user"]("coordinator", name=f"{title} Lead", email=f"{word}.lead@test.org")
    author = visits.author_for(walkers[0])
    for n, block in enumerate(blocks[:2], start=1):
        visits.record_visit(a_visit(block.id, f"{word} note {n}: porch {word}"), author)
    safety = visits.record_visit({**a_visit(blocks[2].id, f"{word} safety note"), "safety_concern": True},
                                 author)
    statuses = ("open", "claimed", "fulfilled", "closed")
    need_rows = [f["make_need"](blocks[n % 3], category=category, notes=f"{word} need {status}",
                                hint=f"{word} hint {status}")  # walked below, as B's own aid member
                 for n, (status, category) in enumerate(zip(statuses, ("water", "food", "medical", "water")))]
    for need, status in zip(need_rows, statuses):
        walk_need(need, status, world.group, f["acting_coordinator"](), world.aid_members[side])
    shift = shifts.check_in(walkers[0], 4)
    alert, _status = alerts.record_alert({**client_id(), "kind": "help", "sent_at": utcnow().isoformat(),
                                          "block_id": blocks[0].id}, walkers[0])
    message = messages.send_message(coordinator, f"{title} muster at the {word} depot", [pair.id])
    hazard, _redactions = hazards.add_hazard(blocks[1], walkers[0], pair, f"{word} hazard sinkhole")
    west, south, east, north = (hood.min_lon, hood.min_lat, hood.max_lon, hood.max_lat)
    place = Place(name=f"{title} Community Hall", lon=(west + east) / 2, lat=(south + north) / 2, properties={})
    street = LineString([(west, (south + north) / 2), (east, (south + north) / 2)])
    db.session.add_all([place, Street(name=f"{title} Boulevard", geometry=mapping(street), min_lon=west,
                                      min_lat=(south + north) / 2, max_lon=east, max_lat=(south + north) / 2)])
    soon = utcnow() + timedelta(days=1)
    gathering = gatherings.plan(coordinator, {
        "kind": "listening_circle", "title": f"{title} circle of the {word} hall", "starts_at": soon.isoformat(),
        "ends_at": (soon + timedelta(hours=2)).isoformat(), "block_id": blocks[0].id,
        "facilitator_ids": [walkers[0].id, walkers[1].id]}).gathering
    gateway, _password = gateways.create(f"{word}-gateway")  # a help call texted from a number nobody registered
    inbox.receive(gateway, inbox.Incoming(f"{word}-text", "+15045559876", f"HELP {word} roof"))
    code_row, _code = signin_codes.issue(free, coordinator, 12)  # user_id routes name the free volunteer
    tokens.issue(free, label="device")
    db.session.commit()
    token = db.session.scalars(select(ApiToken).where(ApiToken.user_id == free.id)).one()
    ids.update(block=blocks[0].id, free_block=blocks[-1].id, neighborhood=hood.id, team=pair.id,
               need=need_rows[1].id, alert=alert.id, message=message.id, hazard=hazard.id,
               visit=safety.visit_id, shift=shift.id, volunteer=free.id, free=free.id,
               assignment=db.session.scalar(select(Assignment.id).where(Assignment.team_id == pair.id)),
               sms_help=db.session.scalar(select(SmsLog.id).where(SmsLog.message_id == f"{word}-text")),
               signin_code=code_row.id, token=token.id, gathering=gathering.id,
               group=world.group.id, place=place.id, tile=tile_of(hood),
               bbox=f"{west},{south},{east},{north}", search=title)
    words = [hood.name, pair.name, other_pair.name, place.name, gathering.title, f"{title} Boulevard",
             free.name, coordinator.name,
             *(block.code for block in blocks), *(w.name for w in walkers), *(w.email for w in walkers),
             *db.session.scalars(select(Visit.notes).where(Visit.operation_id == scope.current_id(),
                                                           Visit.notes.is_not(None))),
             *db.session.scalars(select(Need.hint).where(Need.operation_id == scope.current_id(),
                                                         Need.hint.is_not(None))),
             *db.session.scalars(select(Hazard.note).where(Hazard.operation_id == scope.current_id())),
             *db.session.scalars(select(Message.text).where(Message.operation_id == scope.current_id())),
             *db.session.scalars(select(SmsLog.note).where(SmsLog.operation_id == scope.current_id()))]
    unmarked = [text for text in words if word not in text.lower() and not text.startswith(hood.code)]
    assert not unmarked, f"{side}'s texts must carry its word, so that a leak is seen: {unmarked}"
    if side == "B":
        world.secrets.extend(words + [world.b.name])
    else:
        world.own_words.extend(words)
        world.people = {"coordinator": coordinator, "volunteer": walkers[0], "aid": world.aid_members["A"]}


def walk_need(need: Need, status: str, group, actor, member) -> None:
    """Move a need to `status` as the group's member of this operation and its coordinator would."""
    if status == "closed":
        needs.close(need, actor, "withdrawn")
    elif status != "open":
        needs.claim(need, group, member, ttl_hours=48)
        if status == "fulfilled":
            needs.fulfill(need, member)
    db.session.commit()


def tile_of(hood, zoom: int = 15) -> tuple[int, int, int]:
    """The web-map tile (z, x, y) over a neighborhood's middle."""
    lon, lat = (hood.min_lon + hood.max_lon) / 2, math.radians((hood.min_lat + hood.max_lat) / 2)
    n = 2 ** zoom
    return zoom, int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(lat)) / math.pi) / 2 * n)


@pytest.fixture
def a_only(make_user, make_neighborhood, make_team, assign, make_need, make_group, acting_coordinator):
    """A with its data, B still empty, and the function that fills B with the same shape of data."""
    a = scope.current()
    b = scope.ref(operations.create(B_SLUG, "Zanzibar Quokka Storm"))
    db.session.commit()
    world = World(a=a, b=b)
    f = {"make_user": make_user, "make_neighborhood": make_neighborhood, "make_team": make_team,
         "assign": assign, "make_need": make_need, "acting_coordinator": acting_coordinator}
    actor = acting_coordinator()  # the factories' coordinator works in both
    operations.add_member(actor, operations.by_slug(B_SLUG), "coordinator")
    world.group, world.aid_members["A"] = make_group(name="Shared Relief Crew")  # it claims in both
    build_operation("A", world, f)
    world.people["both"] = make_user("coordinator", name="Lead Of Both", email="both.lead@test.org")
    operations.add_member(world.people["both"], operations.by_slug(B_SLUG), "coordinator")
    db.session.commit()

    def build_b() -> None:
        with scope.working_in(b):
            world.aid_members["B"] = aid_groups.add_member(actor, world.group, email="zeppelin.aid@test.org",
                                                           name="Zeppelin Aid Member", password_hash="!")
            db.session.commit()
            build_operation("B", world, f)
        world.secrets.append("Zeppelin Aid Member")

    return world, build_b


@pytest.fixture
def world(a_only):
    """A and B, the same shape of data in each; a coordinator, volunteer and aid member of A only."""
    world, build_b = a_only
    build_b()
    return world


# --- the routes, from app.url_map ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """One method of one rule, with the values of its parameters that name no row."""

    rule: object
    method: str
    values: tuple  # ((parameter, value), ...)

    @property
    def view(self) -> str:
        """The view's name, alike in both registrations."""
        return self.rule.endpoint.rpartition(".")[2]

    @property
    def blueprint(self) -> str:
        """The registration's name ("coordinator", "flat_coordinator", "api", ...)."""
        return self.rule.endpoint.partition(".")[0]

    @property
    def is_api(self) -> bool:
        """Whether it is the JSON API (a bearer token), not a page (a session)."""
        return self.blueprint in ("api", FLAT + "api")

    @property
    def in_operation(self) -> bool:
        """Whether the address names an operation (/o/<op>/... or /api/v1/operations/<op>/...)."""
        return "op" in self.rule.arguments

    @property
    def is_flat_page(self) -> bool:
        """A flat page address: it only redirects to its /o/<op>/ twin, which is tried instead."""
        return self.blueprint.startswith(FLAT) and not self.is_api

    def kinds(self) -> dict:
        """Path parameter -> the kind of row it names."""
        values = dict(self.values)
        found = {}
        for name in self.rule.arguments:
            if name == "op" or name in values:
                continue
            kind = BY_ROUTE.get((self.view, name), PARAMETERS.get(name))
            found[name] = kind(values) if callable(kind) else kind
        return found

    def query_kinds(self) -> dict:
        """Query argument -> the kind of row it names."""
        return QUERY_IDS.get(self.rule.endpoint.removeprefix(FLAT), {})

    def names_rows(self) -> bool:
        """Whether a request can name B's rows: in its path, its query or its body."""
        return bool(self.kinds() or self.query_kinds() or (self.method != "GET" and self.view in BODIES))

    def path(self, slug: str, pick) -> str:
        """The address in operation `slug` (when it names one) with `pick(kind)` as each row's id."""
        values = dict(self.values, op=slug)
        values.update({name: pick(kind) for name, kind in self.kinds().items()})
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda match: str(values[match.group(1)]), self.rule.rule)
        query = "&".join([f"{arg}={pick(kind)}" for arg, kind in self.query_kinds().items()]
                         + [f"{name[1:]}={value}" for name, value in self.values if name.startswith("?")])
        return f"{path}?{query}" if query else path

    def __str__(self) -> str:
        shown = ",".join(f"{k}={v}" for k, v in self.values if k not in TILE_PARAMETERS and k[0] != "?")
        return f"{self.method} {self.rule.rule}" + (f" [{shown}]" if shown else "")


def unknown_parameters(rule) -> list[str]:
    """The path parameters of `rule` nobody said how to fill."""
    view = rule.endpoint.rpartition(".")[2]
    return [name for name, converter in rule._converters.items()
            if name != "op" and name not in TILE_PARAMETERS and name not in VALUES and name not in PARAMETERS
            and (view, name) not in BY_ROUTE and not isinstance(converter, AnyConverter)]


def routes(app, b: dict | None = None) -> list[Route]:
    """Every method of every rule, once per choice of its `any(...)` and fixed-value parameters; map tiles and
    the B_QUERIES about B (`b`: B's ids)."""
    b = b or {"tile": (15, 0, 0), "bbox": "0,0,1,1", "search": "x"}
    found = []
    for rule in app.url_map.iter_rules():
        options = []
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                options.append([(name, choice) for choice in sorted(converter.items)])
            elif name in VALUES:
                options.append([(name, value) for value in VALUES[name]])
        tiles = tuple(zip(TILE_PARAMETERS, b["tile"])) if set(TILE_PARAMETERS) <= set(rule.arguments) else ()
        view = rule.endpoint.rpartition(".")[2]
        if view in B_QUERIES:
            argument, key = B_QUERIES[view]
            tiles += ((f"?{argument}", b[key]),)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for chosen in itertools.product(*options):
                found.append(Route(rule, method, tuple(chosen) + tiles))
    return sorted(found, key=str)


def test_every_flat_page_has_its_twin_in_the_operation(app):
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    flat = [endpoint for endpoint in rules if endpoint.startswith(FLAT) and not endpoint.startswith(FLAT + "api")]
    assert flat, "the flat page addresses are registered"
    lonely = [endpoint for endpoint in flat if endpoint.removeprefix(FLAT) not in rules
              or rules[endpoint.removeprefix(FLAT)].rule != "/o/<op>" + rules[endpoint].rule]
    assert not lonely, f"flat pages skipped here as twins, yet without a twin under /o/<op>: {lonely}"


def test_every_path_parameter_says_which_row_it_names(app):
    unknown = {rule.rule: unknown_parameters(rule) for rule in app.url_map.iter_rules() if unknown_parameters(rule)}
    assert not unknown, ("say which of operation B's rows these path parameters name (PARAMETERS, BY_ROUTE) "
                         f"or which values to try (VALUES): {unknown}")


# --- requests -----------------------------------------------------------------------------------------------------

@dataclass
class Caller:
    """A role's client: a page session and an API token of A, or neither (anonymous)."""

    role: str
    client: object
    headers: dict


@pytest.fixture
def callers(app, a_only, token_for):
    """A client for each of ROLES, signed in (page session, API token of A) but for the anonymous one."""
    made = {}
    for role in ROLES:
        client = app.test_client()
        if role == "anonymous":
            made[role] = Caller(role, client, {})
            continue
        person = a_only[0].people[role]
        signed_in_session(client, person)
        made[role] = Caller(role, client, token_for(person))
    return made


def send(caller: Caller, route: Route, slug: str, pick, own):
    """The route's request as `caller`, in operation `slug`, naming rows by `pick` (and A's own by `own`).

    Each request gets an app context of its own, as in production: in the test's, `g` (the signed-in user
    Flask-Login keeps there, the API's caller) would carry over from one caller's request to the next.
    The answer is read whole and closed (exports stream).
    """
    path = route.path(slug, pick)
    headers = caller.headers if route.is_api else {}
    sent = {}
    if route.method != "GET":
        kind, body = BODIES[route.view](pick, own) if route.view in BODIES else ("json" if route.is_api else "form", {})
        sent = {"json": body} if kind == "json" else {"data": body}
    with current_app.app_context():
        try:
            response = caller.client.open(path, method=route.method, headers=headers, **sent)
        except Exception as error:  # noqa: BLE001 (the test app lets errors through: count it as the 500 it is)
            return Response(f"{path}: {error!r}", status=500)
        response.get_data()
        response.close()
    return response


def found_secrets(response, secrets) -> list[str]:
    """B's words in a response's body or Location header, in any case (a page may show a code in capitals)."""
    body = (response.get_data() + response.headers.get("Location", "").encode()).lower()
    return [secret for secret in secrets if secret.lower().encode() in body]


def is_refusal(response, role: str, route: Route) -> bool:
    """A refusal: 404, 403, 409, 422, 400, 401, or (pages) the sign-in redirect of someone signed out."""
    if response.status_code in (400, 401, 403, 404, 409, 422):
        return True
    return role == "anonymous" and not route.is_api and response.status_code == 302 and (
        "/login" in response.headers.get("Location", ""))


@dataclass
class ItemAnswer:
    """One item's status in a batch's answer."""

    status_code: int


def item_answer(response, route: Route):
    """The answer to judge: a batch of visits answers 200 with a status for each item (here one)."""
    results = (response.get_json(silent=True) or {}).get("results") if route.view == "post_visits_batch" else None
    return ItemAnswer(results[0]["status"]) if response.status_code == 200 and results else response


def allows(route: Route, role: str) -> bool:
    """Whether the access matrix lets `role` use the route at all (tests/security/test_access_matrix.py)."""
    endpoint = route.rule.endpoint.removeprefix(FLAT)
    blueprint = endpoint.partition(".")[0]
    if blueprint not in SCOPED_PAGES and blueprint != "api":
        return True
    return ("coordinator" if role == "both" else role) in allowed_roles(endpoint, route.method)


def error_code(response) -> str | None:
    """A JSON error's code."""
    body = response.get_json(silent=True)
    return body.get("error", {}).get("code") if isinstance(body, dict) and isinstance(body.get("error"), dict) \
        else None


def b_state(world: World) -> dict:
    """Every row of B (each table with an operation, and B's pairs' members, recipients and memberships),
    and B's people's accounts: what no request of A may change."""
    b = world.b.id
    state = {}
    for table in db.metadata.sorted_tables:
        if "operation_id" in table.c and table.name != "audit_event":
            rows = db.session.execute(select(table).where(table.c.operation_id == b)).all()
            state[table.name] = sorted(map(repr, rows))
    b_teams = select(Team.id).where(Team.operation_id == b)
    state["team_member"] = sorted(map(repr, db.session.execute(
        select(TeamMember.__table__).where(TeamMember.team_id.in_(b_teams)))))
    # Recipients have no operation of their own: A's message to B's pair would show here.
    state["message_recipient"] = sorted(map(repr, db.session.execute(
        select(MessageRecipient.__table__).join(Message).where(
            (Message.operation_id == b) | MessageRecipient.team_id.in_(b_teams)))))
    members = select(Membership.user_id).where(Membership.operation_id == b)
    state["membership"] = sorted(map(repr, db.session.execute(
        select(Membership.__table__).where(Membership.operation_id == b))))
    state["user"] = sorted(map(repr, db.session.execute(
        select(User.__table__).where(User.id.in_(members)))))
    db.session.rollback()  # a fresh read each time
    return state


# --- the tests ----------------------------------------------------------------------------------------------------

def ids_of(world: World, side: str):
    """`pick` for one side's rows; "missing" gives an id no row has."""
    return (lambda kind: MISSING) if side == "missing" else world.ids[side].__getitem__


# Signing out would end the callers' sessions half-way through; it holds nothing of any operation.
SIGN_OUT = {"auth.logout", "auth.logout_page"}


def in_a(app, world: World) -> list[Route]:
    """The routes tried in A: every rule but the flat page twins (which only redirect to /o/<op>/) and sign-out."""
    return [route for route in routes(app, world.ids["B"])
            if not route.is_flat_page and route.rule.endpoint not in SIGN_OUT]


def shown_secrets(where: str, response, world: World, role: str) -> list[str]:
    """A problem line when the response holds any of B's words (but B's name for a member of B: their picker)."""
    found = found_secrets(response, [s for s in world.secrets if not (role == "both" and s == world.b.name)])
    return [f"{where}: shows B's {found}"] if found else []


def report(problems: list[str]) -> str:
    """The problems, one a line."""
    return f"{len(problems)} problems:\n" + "\n".join(problems[:400])


def test_a_answers_bs_ids_exactly_like_missing_ones_and_shows_nothing_of_b(app, world, callers):
    """(a) Every GET of A's addresses with B's ids in the path or query: as if no such row, nothing of B shown."""
    problems, tried = [], 0
    for route in in_a(app, world):
        if route.method != "GET" or not route.names_rows():
            continue
        for role, caller in callers.items():
            with_b = send(caller, route, world.a.slug, ids_of(world, "B"), ids_of(world, "A"))
            missing = send(caller, route, world.a.slug, ids_of(world, "missing"), ids_of(world, "A"))
            tried += 1
            problems += judge(route, role, with_b, missing, world)
    assert tried > 50
    assert not problems, report(problems)


def judge(route: Route, role: str, with_b, missing, world: World) -> list[str]:
    """What is wrong with A's answer to B's ids, beside its answer to ids that do not exist."""
    where = f"{route} as {role}"
    wrong = shown_secrets(where, with_b, world, role)
    if with_b.status_code >= 500 or missing.status_code >= 500:
        wrong.append(f"{where}: {with_b.status_code} / {missing.status_code} (a server error)")
    shared_only = route.kinds() and set(route.kinds().values()) <= SHARED  # B's "row" is one A shares
    if not shared_only and (with_b.status_code, error_code(with_b)) != (missing.status_code, error_code(missing)):
        wrong.append(f"{where}: {with_b.status_code} {error_code(with_b)} for B's ids but {missing.status_code} "
                     f"{error_code(missing)} for ids that do not exist (a hint that they exist)")
    named_in_path = set(route.kinds().values()) - SHARED
    if named_in_path and not is_refusal(with_b, role, route):
        wrong.append(f"{where}: {with_b.status_code} for B's {sorted(named_in_path)}, not a refusal")
    if named_in_path and allows(route, role) and missing.status_code != 404:
        # A refusal for some other reason (a bad body, a missing precondition) would prove nothing here.
        wrong.append(f"{where}: {missing.status_code} for an id that does not exist, not 404: fix the test's "
                     f"request (BODIES) so that only the id can be wrong")
    return wrong


def test_bs_addresses_answer_a_member_of_a_as_if_b_did_not_exist(app, world, callers):
    """(b) /o/B/... and /api/v1/operations/B/..., every method, with B's own ids: the answer of a missing slug."""
    before = b_state(world)
    problems, tried = [], 0
    for route in in_a(app, world):
        if not route.in_operation or route.blueprint == "public":  # each operation's public page is public
            continue
        for role, caller in callers.items():
            if role == "both":  # a member of B: B's addresses are theirs
                continue
            in_b = send(caller, route, B_SLUG, ids_of(world, "B"), ids_of(world, "A"))
            nowhere = send(caller, route, NO_SLUG, ids_of(world, "B"), ids_of(world, "A"))
            tried += 1
            where = f"{route} as {role}"
            problems += shown_secrets(where, in_b, world, role)
            if (in_b.status_code, normalized(in_b, B_SLUG)) != (nowhere.status_code, normalized(nowhere, NO_SLUG)):
                problems.append(f"{where}: {in_b.status_code} at B's address, {nowhere.status_code} at a missing "
                                f"operation's, or the bodies differ: a hint that B exists")
            if not is_refusal(in_b, role, route) and route.view not in NO_OPERATION_NEEDED:
                problems.append(f"{where}: {in_b.status_code} at B's address")
    assert tried > 100
    assert not problems, report(problems)
    assert b_state(world) == before


def normalized(response, slug: str) -> str:
    """A response as a person could compare two: the slug, one-time tokens and nonces aside."""
    # Binary answers (the map's shapes) too: bytes that are not UTF-8 are kept as escapes, so none is lost.
    text = response.get_data().decode("utf-8", "backslashreplace") + " " + response.headers.get("Location", "")
    text = text.replace(slug, "SLUG")
    text = re.sub(r'nonce="[^"]*"|nonce-[A-Za-z0-9+/=_-]+', "nonce", text)
    return re.sub(r'(csrf[_-]token"?\s*(?:value=|content=|:)\s*")[^"]*"', r"\1", text)


def test_a_refuses_every_write_naming_bs_rows_and_b_stays_as_it_was(app, world, callers):
    """(c) Every POST and DELETE of A with B's ids (path, query or body): refused, as for a missing id; B unchanged."""
    before = b_state(world)
    problems, tried = [], 0
    for route in in_a(app, world):
        if route.method == "GET":
            continue
        for role, caller in callers.items():
            if not route.names_rows():  # nothing of B to name: it may do A's work, but must not touch B's
                answer = send(caller, route, world.a.slug, ids_of(world, "B"), ids_of(world, "A"))
                problems += shown_secrets(f"{route} as {role}", answer, world, role)
            else:
                with_b = send(caller, route, world.a.slug, ids_of(world, "B"), ids_of(world, "A"))
                missing = send(caller, route, world.a.slug, ids_of(world, "missing"), ids_of(world, "A"))
                tried += 1
                problems += judge(route, role, with_b, missing, world)
                if route.is_api and route.view in BODIES and not is_refusal(item_answer(with_b, route), role, route):
                    # Pages may answer a form naming no known row with a redirect and a notice, or a chooser.
                    problems.append(f"{route} as {role}: {with_b.status_code} with B's rows in the body")
            after = b_state(world)
            if after != before:
                changed = sorted(name for name in after if after[name] != before.get(name))
                problems.append(f"{route} as {role}: changed B's {changed}")
                before = after
    assert tried > 100
    assert not problems, report(problems)


def test_as_own_pages_and_exports_show_as_rows_and_none_of_bs(app, world, callers):
    """(d) Every GET address of A (and the addresses of no operation), with A's own ids: nothing of B."""
    problems, shown, answered = [], {role: set() for role in callers}, 0
    for route in in_a(app, world):
        if route.method != "GET":
            continue
        for role, caller in callers.items():
            own = ids_of(world, "A")
            answer = send(caller, route, world.a.slug, own, own)
            if answer.status_code >= 500:
                problems.append(f"{route} as {role}: {answer.status_code}")
            if answer.status_code == 200:
                answered += 1
                shown[role].update(found_secrets(answer, world.own_words))
            problems += shown_secrets(f"{route} as {role}", answer, world, role)
    assert not problems, report(problems)
    assert answered > 100
    assert {"Wombat Heights Aville", "Wombat Pair One"} <= shown["coordinator"], "A's pages showed A's data"
    assert any(code in shown["volunteer"] for code in world.own_words if code.startswith("WHA-"))


def api_json(caller: Caller, path: str):
    """A GET of the flat API (the token's operation, A) as JSON."""
    answer = caller.client.get(path, headers=caller.headers)
    assert answer.status_code == 200, (path, answer.status_code, answer.get_data(as_text=True)[:300])
    return answer.get_json()


def test_as_lists_hold_exactly_as_rows(world, callers):
    """Counts and ids: every list of the API, as A's coordinators (one also in B), holds A's rows, none of B's."""
    a = world.a.id

    def rows_of(model, *conditions):
        return set(db.session.scalars(select(model.id).where(model.operation_id == a, *conditions)))

    members_of_a = set(db.session.scalars(select(Membership.user_id).where(Membership.operation_id == a)))
    expected = {
        "/api/v1/blocks": (lambda body: [f["properties"]["id"] for f in body["features"]], rows_of(Block)),
        "/api/v1/neighborhoods": (lambda body: [f["properties"]["id"] for f in body["features"]],
                                  rows_of(Neighborhood)),
        "/api/v1/visits": (lambda body: [visit["id"] for visit in body], rows_of(Visit)),
        "/api/v1/needs?status=open": (lambda body: [need["id"] for need in body],
                                      rows_of(Need, Need.status == "open")),
        "/api/v1/teams": (lambda body: [team["id"] for team in body], rows_of(Team, Team.active.is_(True))),
        "/api/v1/alerts": (lambda body: [alert["id"] for alert in body], rows_of(Alert)),
        "/api/v1/messages": (lambda body: [message["id"] for message in body], rows_of(Message)),
        "/api/v1/users": (lambda body: [user["id"] for user in body], members_of_a),
    }
    wrong = []
    for role in ("coordinator", "both"):  # the token's operation is A for both
        for path, (ids_in, rows) in expected.items():
            listed = ids_in(api_json(callers[role], path))
            if sorted(listed) != sorted(rows) or not rows:
                wrong.append(f"{path} as {role}: lists {sorted(listed)}, A has {sorted(rows)}")
    for role in ("coordinator", "volunteer", "aid", "both"):
        listed = sorted(operation["slug"] for operation in api_json(callers[role], "/api/v1/operations"))
        if listed != sorted([world.a.slug] + ([B_SLUG] if role == "both" else [])):
            wrong.append(f"/api/v1/operations as {role}: {listed}")
    assert not wrong, report(wrong)


# What a page may show differently from one moment to the next: times (absolute, and ages: "3 sec"), signed
# tokens (CSRF, with their time), the map library's random element ids.
MOMENTS = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?|\b\d\d?:\d\d\b"
                     r"|\b\d+ (sec|min|hr|hour|day)s?\b|[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}|_[0-9a-f]{32}(?=\b|_)")
# The audit log lists the downloads of exports this test makes itself.
OWN_TRACES = {"coordinator.audit_log"}


def as_seen(response, slug: str) -> tuple[int, str]:
    """A response's status and body, times and one-time values aside."""
    return response.status_code, MOMENTS.sub("~", normalized(response, slug))


def difference(before: tuple, after: tuple) -> str:
    """Where two answers part: the statuses, or the first differing stretch of the bodies."""
    if before[0] != after[0]:
        return f"{before[0]} then {after[0]}"
    start = next(i for i, (x, y) in enumerate(zip(before[1], after[1] + "\0")) if x != y)
    return f"{before[1][max(0, start - 60):start + 60]!r} then {after[1][max(0, start - 60):start + 60]!r}"


def test_as_pages_are_the_same_whether_or_not_b_holds_anything(app, a_only, callers):
    """Counts included: every GET of A answers alike before and after B is filled with the same shape of data."""
    world, build_b = a_only
    own = ids_of(world, "A")
    tried = [route for route in routes(app, world.ids["A"])
             if route.method == "GET" and not route.is_flat_page
             and route.rule.endpoint not in SIGN_OUT | OWN_TRACES]

    def everything() -> dict:
        return {(str(route), role): as_seen(send(caller, route, world.a.slug, own, own), world.a.slug)
                for route in tried for role, caller in callers.items()}

    everything()  # once first: the pages visited settle each browser's current operation
    before = everything()
    build_b()
    after = everything()
    changed = [f"{where} as {role}: {difference(before[where, role], after[where, role])}"
               for where, role in before if before[where, role] != after[where, role]]
    assert len(before) > 200
    assert not changed, report(changed)
