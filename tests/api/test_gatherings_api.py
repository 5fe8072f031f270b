"""Gatherings over the API (DESIGN.md sections 5 and 8, issue 27): plan, list, report, check in and out."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from outreach import scope
from outreach.extensions import db
from outreach.models import Gathering, GatheringFacilitator, GatheringReport, Need, Practice, Shift, utcnow
from outreach.services.operation import operations
from outreach.services.safety import shifts


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def staff(make_user, token_for, make_neighborhood):
    """A coordinator's token, two volunteers (with phones) to facilitate, a third volunteer, and a block."""
    coordinator = make_user("coordinator")
    first, second, third = make_user("volunteer"), make_user("volunteer"), make_user("volunteer")
    return {"coordinator": token_for(coordinator), "first": first, "second": second, "third": third,
            "first_phone": token_for(first, label="device"), "second_phone": token_for(second, label="device"),
            "third_phone": token_for(third, label="device"), "block": make_neighborhood().blocks[0]}


def a_gathering(staff, **fields) -> dict:
    start = utcnow() + timedelta(days=1)
    body = {"kind": "listening_circle", "title": "Listening circle, St. Claude hall",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat(),
            "block_id": staff["block"].id, "facilitator_ids": [staff["first"].id, staff["second"].id],
            "language": "es", "public": True}
    body.update(fields)
    return body


def a_report(**fields) -> dict:
    body = {"client_id": str(uuid.uuid4()), "held": True, "attendance": 14, "under_18": 3, "over_64": 4,
            "minutes": 75, "topics": ["grief_and_loss", "housing_and_paperwork"],
            "referrals": {"crisis_line": 1, "mental_health": 2},
            "needs": [{"category": "water", "urgency": "soon", "people": 6}], "practised_user_ids": []}
    body.update(fields)
    return body


# ------------------------------------------------------------------ planning

def test_a_coordinator_plans_a_gathering_and_reads_it_back(client, staff):
    answer = client.post("/api/v1/gatherings", json=a_gathering(staff), headers=staff["coordinator"])
    assert answer.status_code == 201
    body = answer.json
    assert body["kind"] == "listening_circle" and body["status"] == "planned" and body["report"] is None
    assert body["facilitator_ids"] == [staff["first"].id, staff["second"].id]
    assert body["block_id"] == staff["block"].id and body["place_id"] is None
    assert body["language"] == "es" and body["public"] is True
    listed = client.get("/api/v1/gatherings", headers=staff["coordinator"]).json
    assert [found["id"] for found in listed] == [body["id"]]
    assert set(listed[0]) >= {"id", "kind", "title", "starts_at", "ends_at", "block_id", "place_id",
                              "facilitator_ids", "language", "public", "status", "report"}


def test_a_gathering_title_is_scrubbed_before_it_is_stored(client, staff):
    answer = client.post("/api/v1/gatherings", json=a_gathering(staff, title="Circle, call Ana at 504-555-0142"),
                         headers=staff["coordinator"])
    assert answer.status_code == 201
    assert "504-555-0142" not in answer.json["title"] and "title" in answer.json["redactions"]
    assert "504-555-0142" not in db.session.scalar(select(Gathering.title))


def test_a_gathering_at_a_place_of_the_operation(client, staff, make_place):
    block = staff["block"]
    place = make_place(block.centroid_lon, block.centroid_lat, name="St. Mary's church")
    answer = client.post("/api/v1/gatherings", json=a_gathering(staff, block_id=None, place_id=place.id),
                         headers=staff["coordinator"])
    assert answer.status_code == 201 and answer.json["place_id"] == place.id
    assert answer.json["place_name"] == "St. Mary's church"


def bad_plans(staff, make_user):
    """(change, field) pairs: every planning rule of issue 27, each a 422 naming the field."""
    start = utcnow() + timedelta(days=1)
    aid, coordinator = make_user("aid"), make_user("coordinator")
    return [
        ({"kind": "barbecue"}, "kind"),
        ({"facilitator_ids": [staff["first"].id]}, "facilitator_ids"),
        ({"facilitator_ids": []}, "facilitator_ids"),
        ({"facilitator_ids": [staff["first"].id, staff["first"].id]}, "facilitator_ids"),
        ({"facilitator_ids": [staff["first"].id, aid.id]}, "facilitator_ids"),
        ({"facilitator_ids": [staff["first"].id, coordinator.id]}, "facilitator_ids"),
        ({"facilitator_ids": [staff["first"].id, 999999]}, "facilitator_ids"),
        ({"ends_at": (start - timedelta(hours=1)).isoformat()}, "ends_at"),
        ({"ends_at": start.isoformat()}, "ends_at"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"block_id": None}, "block_id"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"language": "Spanish!"}, "language"),
        ({"attendee_names": ["Ana"]}, "attendee_names"),
    ]


def test_every_bad_plan_is_a_422_naming_its_field_and_stores_nothing(client, staff, make_user):
    for change, field in bad_plans(staff, make_user):
        answer = client.post("/api/v1/gatherings", json=a_gathering(staff, **change), headers=staff["coordinator"])
        assert answer.status_code == 422, (change, answer.json)
        assert field in answer.json["error"]["fields"], (change, answer.json)
    assert count(Gathering) == 0 and count(GatheringFacilitator) == 0


def test_a_facilitator_of_another_operation_is_a_422(client, staff, make_user, acting_coordinator):
    other = operations.create("other", "Other")
    db.session.commit()
    with scope.working_in(scope.ref(other)):
        stranger = make_user("volunteer")
    answer = client.post("/api/v1/gatherings", json=a_gathering(staff, facilitator_ids=[staff["first"].id,
                                                                                       stranger.id]),
                         headers=staff["coordinator"])
    assert answer.status_code == 422 and "facilitator_ids" in answer.json["error"]["fields"]
    assert count(Gathering) == 0


def test_a_block_or_place_of_another_operation_is_a_404(client, staff, make_neighborhood, make_place,
                                                        acting_coordinator):
    other = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), other, "coordinator")
    db.session.commit()
    with scope.working_in(scope.ref(other)):
        block = make_neighborhood().blocks[0]
        place = make_place(block.centroid_lon, block.centroid_lat)
    for change in ({"block_id": block.id}, {"block_id": None, "place_id": place.id}):
        answer = client.post("/api/v1/gatherings", json=a_gathering(staff, **change), headers=staff["coordinator"])
        assert answer.status_code == 404, change
    assert count(Gathering) == 0


def test_only_coordinators_plan(client, staff):
    answer = client.post("/api/v1/gatherings", json=a_gathering(staff), headers=staff["first_phone"])
    assert answer.status_code == 403 and count(Gathering) == 0


def test_a_volunteer_lists_only_the_gatherings_they_facilitate(client, staff, make_gathering):
    theirs = make_gathering(facilitators=[staff["first"], staff["second"]])
    make_gathering()
    listed = client.get("/api/v1/gatherings", headers=staff["first_phone"]).json
    assert [found["id"] for found in listed] == [theirs.id]
    assert client.get("/api/v1/gatherings", headers=staff["third_phone"]).json == []
    assert len(client.get("/api/v1/gatherings", headers=staff["coordinator"]).json) == 2


# ------------------------------------------------------------------ reports

@pytest.fixture
def gathering(staff, make_gathering):
    return make_gathering(facilitators=[staff["first"], staff["second"]], block=staff["block"])


def report_url(gathering) -> str:
    return f"/api/v1/gatherings/{gathering.id}/report"


def test_a_report_is_stored_once_201_then_200_then_409(client, staff, gathering):
    sent = a_report()
    first = client.post(report_url(gathering), json=sent, headers=staff["first_phone"])
    assert first.status_code == 201
    report = first.json["report"]
    assert first.json["status"] == "held" and report["attendance"] == 14 and report["under_18"] == 3
    assert report["topics"] == ["grief_and_loss", "housing_and_paperwork"]
    assert report["referrals"] == {"crisis_line": 1, "mental_health": 2}
    again = client.post(report_url(gathering), json=sent, headers=staff["first_phone"])
    assert again.status_code == 200 and again.json["report"]["id"] == report["id"]
    other = client.post(report_url(gathering), json={**sent, "attendance": 15}, headers=staff["first_phone"])
    assert other.status_code == 409 and "client_id" in other.json["error"]["fields"]
    second = client.post(report_url(gathering), json=a_report(), headers=staff["second_phone"])
    assert second.status_code == 409
    assert count(GatheringReport) == 1 and count(Need) == 1


def test_a_client_id_used_for_another_gatherings_report_is_a_409(client, staff, gathering, make_gathering):
    other = make_gathering(facilitators=[staff["first"], staff["second"]], block=staff["block"])
    sent = a_report()
    assert client.post(report_url(gathering), json=sent, headers=staff["first_phone"]).status_code == 201
    assert client.post(report_url(other), json=sent, headers=staff["first_phone"]).status_code == 409
    assert count(GatheringReport) == 1


def test_a_report_from_someone_who_is_not_a_facilitator_is_a_403(client, staff, gathering):
    answer = client.post(report_url(gathering), json=a_report(), headers=staff["third_phone"])
    assert answer.status_code == 403
    assert count(GatheringReport) == 0 and count(Need) == 0


def test_a_coordinator_may_report_for_the_facilitators(client, staff, gathering):
    assert client.post(report_url(gathering), json=a_report(), headers=staff["coordinator"]).status_code == 201


def test_a_report_of_a_missing_or_another_operations_gathering_is_a_404(client, staff, make_gathering, make_user,
                                                                       acting_coordinator):
    assert client.post("/api/v1/gatherings/999999/report", json=a_report(),
                       headers=staff["first_phone"]).status_code == 404
    other = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), other, "coordinator")
    db.session.commit()
    with scope.working_in(scope.ref(other)):
        elsewhere = make_gathering()
    assert client.post(report_url(elsewhere), json=a_report(), headers=staff["coordinator"]).status_code == 404
    assert count(GatheringReport) == 0


BAD_REPORTS = [
    ({"topics": ["weather"]}, "topics"),
    ({"attendance": -1}, "attendance"),
    ({"attendance": 10_001}, "attendance"),
    ({"under_18": -2}, "under_18"),
    ({"over_64": 10_001}, "over_64"),
    ({"attendance": 5, "under_18": 3, "over_64": 3}, "under_18"),
    ({"attendance": 5, "under_18": 3, "over_64": 3}, "over_64"),
    ({"minutes": -5}, "minutes"),
    ({"referrals": {"astrologer": 1}}, "referrals.astrologer"),
    ({"referrals": {"crisis_line": -1}}, "referrals.crisis_line"),
    ({"referrals": {"crisis_line": 10_001}}, "referrals.crisis_line"),
    ({"needs": [{"category": "unicorns", "urgency": "soon"}]}, "needs[0].category"),
    ({"needs": [{"category": "water", "urgency": "soon", "people": 0}]}, "needs[0].people"),
    ({"held": "maybe"}, "held"),
    ({"client_id": "not-a-uuid"}, "client_id"),
    ({"attendee_names": ["Ana", "Luis"]}, "attendee_names"),
    ({"name": "Ana"}, "name"),
    ({"would_do_differently": "x" * 1001}, "would_do_differently"),
]


@pytest.mark.parametrize("change, field", BAD_REPORTS)
def test_every_bad_report_is_a_422_naming_its_field_and_stores_nothing(client, staff, gathering, change, field):
    answer = client.post(report_url(gathering), json=a_report(**change), headers=staff["first_phone"])
    assert answer.status_code == 422, answer.json
    assert field in answer.json["error"]["fields"], answer.json
    assert count(GatheringReport) == 0 and count(Need) == 0


def test_who_practised_is_refused_outside_a_practice_and_for_non_volunteers(client, staff, gathering, make_gathering,
                                                                           make_user):
    answer = client.post(report_url(gathering), json=a_report(practised_user_ids=[staff["first"].id]),
                         headers=staff["first_phone"])
    assert answer.status_code == 422 and "practised_user_ids" in answer.json["error"]["fields"]
    practice = make_gathering(kind="ecpr_practice", facilitators=[staff["first"], staff["second"]])
    aid = make_user("aid")
    answer = client.post(report_url(practice), json=a_report(practised_user_ids=[staff["third"].id, aid.id]),
                         headers=staff["first_phone"])
    assert answer.status_code == 422 and str(aid.id) in answer.json["error"]["fields"]["practised_user_ids"]
    assert count(GatheringReport) == 0 and count(Practice) == 0


def test_the_what_we_would_do_differently_text_is_scrubbed(client, staff, gathering):
    text = "Start earlier; Mrs. Ana Lopez at 1234 Dauphine St asked for a ride"
    answer = client.post(report_url(gathering), json=a_report(would_do_differently=text), headers=staff["first_phone"])
    stored = answer.json["report"]["would_do_differently"]
    assert answer.status_code == 201 and "1234 Dauphine" not in stored and "Start earlier" in stored
    assert answer.json["redactions"]["would_do_differently"]


def test_needs_raised_become_block_level_needs_the_aid_board_lists(client, staff, gathering, make_group, token_for):
    answer = client.post(report_url(gathering), json=a_report(needs=[
        {"category": "water", "urgency": "soon", "people": 6}, {"category": "food", "urgency": "immediate"}]),
        headers=staff["first_phone"])
    need_ids = answer.json["report"]["need_ids"]
    assert len(need_ids) == 2
    _, member = make_group()
    aid = token_for(member)
    listed = client.get("/api/v1/needs?status=open", headers=aid).json
    by_id = {need["id"]: need for need in listed}
    assert set(need_ids) <= set(by_id)
    assert by_id[need_ids[0]]["block_id"] == staff["block"].id and by_id[need_ids[0]]["people"] == 6
    assert by_id[need_ids[0]]["category"] == "water"
    claimed = client.post(f"/api/v1/needs/{need_ids[0]}/claim", json={}, headers=aid)
    assert claimed.status_code in (200, 201), claimed.json
    assert db.session.get(type(gathering.block), staff["block"].id).status == "revisit"


def test_needs_raised_at_a_place_go_to_the_block_it_lies_on(client, staff, make_place, make_gathering):
    block = staff["block"]
    place = make_place(block.centroid_lon, block.centroid_lat)
    at_place = make_gathering(facilitators=[staff["first"], staff["second"]], place=place)
    answer = client.post(report_url(at_place), json=a_report(), headers=staff["first_phone"])
    assert answer.status_code == 201
    assert db.session.scalar(select(Need.block_id)) == block.id


def test_a_practice_report_sets_last_practised_on(client, staff, make_gathering):
    practice = make_gathering(kind="ecpr_practice", facilitators=[staff["first"], staff["second"]],
                              starts_in_hours=-3)
    answer = client.post(report_url(practice), json=a_report(needs=[], practised_user_ids=[staff["third"].id,
                                                                                          staff["first"].id]),
                         headers=staff["first_phone"])
    assert answer.status_code == 201
    users = {user["id"]: user for user in client.get("/api/v1/users", headers=staff["coordinator"]).json}
    day = db.session.scalar(select(Practice.practised_on).where(Practice.user_id == staff["third"].id))
    assert isinstance(day, date) and abs((day - date.today()).days) <= 1
    assert users[staff["third"].id]["last_practised_on"] == day.isoformat()
    assert users[staff["second"].id]["last_practised_on"] is None


# ------------------------------------------------------------------ the safety loop

def check_in(client, gathering, phone, **fields):
    return client.post(f"/api/v1/gatherings/{gathering.id}/check-in", json={"client_id": str(uuid.uuid4()),
                                                                           **fields}, headers=phone)


def test_checking_in_to_a_gathering_opens_a_shift_for_every_facilitator_until_its_end(client, staff, make_gathering):
    now = make_gathering(facilitators=[staff["first"], staff["second"]], starts_in_hours=0, hours=2)
    answer = check_in(client, now, staff["first_phone"])
    assert answer.status_code == 201, answer.json
    open_shifts = db.session.scalars(select(Shift).where(Shift.checked_out_at.is_(None))).all()
    assert {shift.user_id for shift in open_shifts} == {staff["first"].id, staff["second"].id}
    assert all(abs((shift.expected_end_at - now.ends_at).total_seconds()) < 60 for shift in open_shifts)
    assert all(shift.team_id is None for shift in open_shifts)
    out = client.post(f"/api/v1/gatherings/{now.id}/check-out",
                      json={"client_id": str(uuid.uuid4()), "self_care": "shaken"}, headers=staff["second_phone"])
    assert out.status_code == 201 and out.json["shift"]["self_care"] == "shaken"
    assert shifts.open_shift(staff["second"]) is None and shifts.open_shift(staff["first"]) is not None


def test_a_volunteer_who_does_not_facilitate_cannot_check_in_to_it(client, staff, gathering):
    assert check_in(client, gathering, staff["third_phone"]).status_code == 403
    assert count(Shift) == 0


def test_a_gathering_that_runs_late_is_overdue_and_a_help_call_is_heard(client, staff, make_gathering):
    late = make_gathering(facilitators=[staff["first"], staff["second"]], starts_in_hours=-3, hours=2)
    assert check_in(client, late, staff["first_phone"], at=(utcnow() - timedelta(hours=3)).isoformat()
                    ).status_code == 201
    assert {shift.user_id for shift in shifts.overdue_shifts()} == {staff["first"].id, staff["second"].id}
    help_call = client.post("/api/v1/alerts", json={"client_id": str(uuid.uuid4()), "kind": "help",
                                                    "sent_at": utcnow().isoformat()}, headers=staff["first_phone"])
    assert help_call.status_code == 201
    assert client.get("/api/v1/alerts?open=1", headers=staff["coordinator"]).json[0]["user_id"] == staff["first"].id


# ------------------------------------------------------------------ practice and care for the carers

@pytest.mark.parametrize("told, field", [({"topics": ["coping"]}, "topics"),
                                         ({"referrals": {"mental_health": 1}}, "referrals"),
                                         ({"needs": [{"category": "water", "urgency": "soon"}]}, "needs"),
                                         ({"would_do_differently": "Ana was upset about her boss"},
                                          "would_do_differently")])
def test_a_debrief_report_counts_people_only(client, staff, make_gathering, told, field):
    debrief = make_gathering(kind="volunteer_debrief", facilitators=[staff["first"], staff["second"]])
    counts = {"client_id": str(uuid.uuid4()), "held": True, "attendance": 6, "minutes": 60}
    refused = client.post(report_url(debrief), json={**counts, **told}, headers=staff["first_phone"])
    assert refused.status_code == 422 and field in refused.json["error"]["fields"]
    assert count(GatheringReport) == 0
    assert client.post(report_url(debrief), json=counts, headers=staff["first_phone"]).status_code == 201


def form_pair(client, staff, first, second):
    return client.post("/api/v1/teams", json={"name": "Magnolia", "member_ids": [first.id, second.id]},
                       headers=staff["coordinator"])


def test_forming_a_pair_warns_of_a_member_trained_over_a_year_ago_who_has_not_practised(client, staff, make_user):
    long_ago = make_user(name="Long Ago", trained_on=date.today() - timedelta(days=400))
    answer = form_pair(client, staff, long_ago, staff["third"])
    assert answer.status_code == 201
    assert any("Long Ago" in warning and "practised" in warning for warning in answer.json["warnings"])
    assert not any(staff["third"].name in warning for warning in answer.json["warnings"])


def test_a_recent_practice_lifts_the_warning(client, staff, make_user, make_gathering):
    long_ago = make_user(name="Long Ago", trained_on=date.today() - timedelta(days=400))
    practice = make_gathering(kind="ecpr_practice", facilitators=[staff["first"], staff["second"]],
                              starts_in_hours=-2)
    assert client.post(report_url(practice), json=a_report(needs=[], practised_user_ids=[long_ago.id]),
                       headers=staff["first_phone"]).status_code == 201
    answer = form_pair(client, staff, long_ago, staff["third"])
    assert answer.status_code == 201 and not any("practis" in w for w in answer.json["warnings"])


def test_a_co_facilitator_already_on_a_pair_shift_keeps_it_and_it_is_not_the_gatherings(client, staff,
                                                                                        make_gathering):
    shifts.check_in(staff["second"], 4, at=utcnow() - timedelta(hours=1))
    db.session.commit()
    now = make_gathering(facilitators=[staff["first"], staff["second"]], starts_in_hours=0, hours=2)
    assert check_in(client, now, staff["first_phone"]).status_code == 201
    db.session.expire_all()
    links = dict(db.session.execute(select(GatheringFacilitator.user_id, GatheringFacilitator.shift_id)).all())
    assert links[staff["first"].id] is not None and links[staff["second"].id] is None
    assert count(Shift) == 2


def test_the_openapi_document_describes_the_gathering_contracts(request_schema):
    plan = request_schema("/gatherings")
    assert set(plan["required"]) >= {"kind", "title", "starts_at", "ends_at", "facilitator_ids"}
    assert sorted(plan["properties"]["kind"]["enum"]) == ["community_meeting", "ecpr_practice", "listening_circle",
                                                          "volunteer_debrief"]
    report = request_schema("/gatherings/{gathering_id}/report")
    assert report["properties"]["attendance"]["maximum"] == 10_000
    assert not {"name", "names", "attendee_names"} & set(report["properties"])


def test_the_retention_purge_erases_the_reports_text_and_its_hash_and_a_replay_is_still_200(client, staff,
                                                                                           gathering):
    from outreach.services.operation import retention
    sent = a_report(would_do_differently="Start earlier; bring more chairs")
    assert client.post(report_url(gathering), json=sent, headers=staff["first_phone"]).status_code == 201
    assert client.post(report_url(gathering), json={**sent, "would_do_differently": "Other words"},
                       headers=staff["first_phone"]).status_code == 409
    counts = retention.purge(0)
    db.session.commit()
    assert counts["gathering_texts"] == 1
    stored = db.session.scalar(select(GatheringReport))
    db.session.refresh(stored)
    assert stored.would_do_differently is None and stored.text_hash is None
    assert client.post(report_url(gathering), json=sent, headers=staff["first_phone"]).status_code == 200
    assert client.post(report_url(gathering), json={**sent, "attendance": 15},
                       headers=staff["first_phone"]).status_code == 409


def test_a_closed_operation_plans_nothing_but_takes_the_report_of_a_gathering_held_before_the_close(
        client, staff, make_gathering):
    from outreach.models import Operation
    held = make_gathering(facilitators=[staff["first"], staff["second"]], block=staff["block"], starts_in_hours=-5)
    later = make_gathering(facilitators=[staff["first"], staff["second"]], block=staff["block"], starts_in_hours=5)
    operation = db.session.get(Operation, scope.current_id())
    operations.set_status(operation, "closed")
    operation.closed_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    scope.choose(scope.ref(operation))
    refused = client.post("/api/v1/gatherings", json=a_gathering(staff), headers=staff["coordinator"])
    assert refused.status_code == 409 and refused.json["error"]["code"] == "operation_closed"
    assert client.post(report_url(held), json=a_report(), headers=staff["first_phone"]).status_code == 201
    assert client.post(report_url(later), json=a_report(), headers=staff["first_phone"]).status_code == 409
    assert count(Gathering) == 2 and count(GatheringReport) == 1
