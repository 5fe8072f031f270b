"""POST /api/v1/visits and /visits/batch: idempotent by client_id, atomic, a result per item."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Assignment, Block, Need, Visit, utcnow


def a_visit(block, **fields):
    visit = {"client_id": str(uuid.uuid4()), "block_id": block.id,
             "visited_at": (utcnow() - timedelta(minutes=30)).isoformat(), "outcome": "contact",
             "adults": 1, "needs": [{"category": "water", "urgency": "soon", "people": 2, "consented_hint": None}]}
    visit.update(fields)
    return visit


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_new_visit_is_201_and_stored_with_its_needs(client, field):
    block = field["blocks"][0]
    response = client.post("/api/v1/visits", json=a_visit(block), headers=field["headers"])
    assert response.status_code == 201
    body = response.json
    assert body["block_id"] == block.id and body["team_id"] == field["team"].id
    assert body["outside_assignment"] is False
    assert body["needs"][0]["category"] == "water" and body["needs"][0]["status"] == "open"
    assert count(Visit) == 1 and count(Need) == 1
    assert db.session.get(Block, block.id).status == "revisit"  # an open need keeps the block on revisit


@pytest.mark.parametrize("path", ["/api/v1/visits", "/api/v1/visits/batch"])
@pytest.mark.parametrize("follow_up", [False, True])
def test_a_later_visit_to_a_revisit_block_reads_its_facts(client, field, path, follow_up):
    block = field["blocks"][0]
    client.post("/api/v1/visits", json=a_visit(block), headers=field["headers"])  # a need left: revisit
    later = a_visit(block, needs=[], outcome="no_answer", follow_up=follow_up, visited_at=utcnow().isoformat())
    body = {"visits": [later]} if path.endswith("batch") else later
    response = client.post(path, json=body, headers=field["headers"])
    assert response.status_code in (200, 201)
    assert count(Visit) == 2
    db.session.expire_all()
    assert db.session.get(Block, block.id).status == "revisit"  # the need is still open


def test_the_same_visit_again_is_200_with_the_stored_visit(client, field):
    visit = a_visit(field["blocks"][0])
    first = client.post("/api/v1/visits", json=visit, headers=field["headers"])
    again = client.post("/api/v1/visits", json=visit, headers=field["headers"])
    assert again.status_code == 200
    assert again.json["id"] == first.json["id"]
    assert count(Visit) == 1 and count(Need) == 1


def test_other_content_under_a_stored_client_id_is_409_and_changes_nothing(client, field):
    visit = a_visit(field["blocks"][0])
    client.post("/api/v1/visits", json=visit, headers=field["headers"])
    response = client.post("/api/v1/visits", json={**visit, "adults": 4}, headers=field["headers"])
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert db.session.scalar(select(Visit.adults)) == 1


def test_an_invalid_visit_is_422_with_field_messages_and_nothing_stored(client, field):
    response = client.post("/api/v1/visits", json=a_visit(field["blocks"][0], outcome="maybe", lat=29.9),
                           headers=field["headers"])
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"outcome", "lat"}
    assert count(Visit) == 0


def test_an_unknown_block_is_422_naming_block_id(client, field):
    response = client.post("/api/v1/visits", json=a_visit(field["blocks"][0], block_id=999999),
                           headers=field["headers"])
    assert response.status_code == 422
    assert "block_id" in response.json["error"]["fields"]


def test_a_body_that_is_not_json_is_400(client, field):
    response = client.post("/api/v1/visits", data="adults=2", headers=field["headers"])
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_notes_are_scrubbed_before_storing_and_redactions_answered(client, field):
    response = client.post("/api/v1/visits", json=a_visit(field["blocks"][0], notes="Reach me at 504-555-0199"),
                           headers=field["headers"])
    assert response.json["redactions"] == {"notes": {"phone": 1}}
    assert db.session.scalar(select(Visit.notes)) == "Reach me at [phone]"


def test_a_visit_on_another_pairs_block_is_kept_and_marked(client, field):
    response = client.post("/api/v1/visits", json=a_visit(field["blocks"][3]), headers=field["headers"])
    assert response.status_code == 201
    assert response.json["outside_assignment"] is True


def test_a_visit_made_while_the_assignment_held_is_not_outside_after_release(client, field):
    block = field["blocks"][0]
    visited = utcnow() - timedelta(hours=2)
    db.session.execute(Assignment.__table__.update().values(
        assigned_at=visited - timedelta(hours=1), released_at=visited + timedelta(hours=1), release_reason="expired"))
    db.session.commit()
    response = client.post("/api/v1/visits", json=a_visit(block, visited_at=visited.isoformat()),
                           headers=field["headers"])
    assert response.json["outside_assignment"] is False


def test_a_volunteer_never_in_a_pair_is_refused_clearly(client, make_user, make_neighborhood, token_for):
    block = make_neighborhood().blocks[0]
    response = client.post("/api/v1/visits", json=a_visit(block), headers=token_for(make_user("volunteer")))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "not_in_pair"


def test_a_coordinator_may_log_a_visit(client, field, make_user, token_for):
    response = client.post("/api/v1/visits", json=a_visit(field["blocks"][0]),
                           headers=token_for(make_user("coordinator")))
    assert response.status_code == 201
    assert response.json["team_id"] is None


def test_an_aid_member_may_not_log_visits(client, field, make_user, token_for):
    response = client.post("/api/v1/visits", json=a_visit(field["blocks"][0]), headers=token_for(make_user("aid")))
    assert response.status_code == 403


def test_a_batch_answers_each_item_in_order(client, field):
    blocks = field["blocks"]
    stored = a_visit(blocks[0])
    client.post("/api/v1/visits", json=stored, headers=field["headers"])
    repeat = a_visit(blocks[1])
    items = [a_visit(blocks[0]), stored, {**stored, "client_id": stored["client_id"], "adults": 9},
             a_visit(blocks[1], outcome="nope"), repeat, repeat, a_visit(blocks[0], block_id=999999), "junk"]
    response = client.post("/api/v1/visits/batch", json={"visits": items}, headers=field["headers"])
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == [201, 200, 409, 422, 201, 200, 422, 422]
    assert [r["index"] for r in results] == list(range(len(items)))
    assert results[3]["error"]["fields"] == {"outcome": results[3]["error"]["fields"]["outcome"]}
    assert results[4]["id"] == results[5]["id"]
    assert count(Visit) == 3 and count(Need) == 3


def test_a_batch_over_500_is_413_and_stores_nothing(client, field):
    items = [a_visit(field["blocks"][0]) for _ in range(501)]
    response = client.post("/api/v1/visits/batch", json={"visits": items}, headers=field["headers"])
    assert response.status_code == 413
    assert count(Visit) == 0


@pytest.mark.parametrize("body", [{"visits": "all"}, {"visit": []}, [1, 2]])
def test_a_batch_without_a_visits_list_is_422(client, field, body):
    response = client.post("/api/v1/visits/batch", json=body, headers=field["headers"])
    assert response.status_code == 422


def test_coordinators_read_visits_with_every_field_and_scrubbed_notes(client, field, make_user, token_for):
    blocks = field["blocks"]
    client.post("/api/v1/visits/batch", headers=field["headers"], json={"visits": [
        a_visit(blocks[0], notes="call 504-555-0199"), a_visit(blocks[1])]})
    coordinator = token_for(make_user("coordinator"))
    everything = client.get("/api/v1/visits", headers=coordinator).json
    assert len(everything) == 2
    assert {"id", "client_id", "block_id", "visited_at", "outcome", "adults", "children", "older_adults", "risks",
            "reactions", "ecpr", "referrals", "safety_concern", "follow_up", "notes", "needs"} <= set(everything[0])
    assert everything[0]["notes"] == "call [phone]"
    one_block = client.get(f"/api/v1/visits?block_id={blocks[1].id}", headers=coordinator).json
    assert [v["block_id"] for v in one_block] == [blocks[1].id]


def test_volunteers_cannot_list_visits(client, field):
    assert client.get("/api/v1/visits", headers=field["headers"]).status_code == 403


def test_the_visit_paths_are_in_the_openapi_description(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"post", "get"} <= set(paths["/visits"]) and "post" in paths["/visits/batch"]


def test_a_batch_answers_the_stored_text_of_each_redacted_field(client, field):
    """DESIGN section 2 rule 3: the phone shows the note as stored beside what was typed."""
    block = field["blocks"][0]
    hinted = a_visit(block, notes="Keisha Broussard said call 504-555-0199")
    hinted["needs"][0]["consented_hint"] = "side door, ask for Tyrell"
    plain = a_visit(block, notes="roof tarp needed")
    response = client.post("/api/v1/visits/batch", json={"visits": [hinted, plain]}, headers=field["headers"])
    first, second = response.json["results"]
    assert first["stored"] == {"notes": "[name] said call [phone]",
                               "needs[0].consented_hint": "side door, ask for [name]"}
    assert "stored" not in second and "redactions" not in second


def test_a_batch_stores_and_answers_repeated_text_as_each_would_be_alone(client, field):
    """A batch scrubs each distinct text once (a phone's outbox repeats its short notes): every item is still
    stored, hashed and answered exactly as a single post of it is."""
    block = field["blocks"][0]
    personal = "Keisha Broussard said call 504-555-0199"
    texts = [personal, personal, f"  {personal} ", "roof tarp needed", personal, None, "roof tarp needed"]
    items = [a_visit(block, notes=text) for text in texts]
    items[1]["needs"][0]["consented_hint"] = personal
    items[4]["needs"][0]["consented_hint"] = "side door, ask for Tyrell"
    alone = [client.post("/api/v1/visits", json={**item, "client_id": str(uuid.uuid4())},
                         headers=field["headers"]).json for item in items]
    response = client.post("/api/v1/visits/batch", json={"visits": items}, headers=field["headers"])
    results = response.json["results"]
    assert [result["status"] for result in results] == [201] * len(items)
    for single, result in zip(alone, results):
        assert result.get("redactions", {}) == single["redactions"]
        stored = db.session.get(Visit, result["id"])
        assert stored.notes == single["notes"]
        assert [need.hint for need in stored.needs] == [need["consented_hint"] for need in single["needs"]]
        assert result.get("stored", {}) == {name: single["notes"] if name == "notes" else
                                            single["needs"][0]["consented_hint"] for name in single["redactions"]}
    assert results[0]["redactions"] == {"notes": {"name": 1, "phone": 1}}
    assert results[1]["redactions"] == {"notes": {"name": 1, "phone": 1},
                                        "needs[0].consented_hint": {"name": 1, "phone": 1}}
    replays = client.post("/api/v1/visits/batch", json={"visits": items}, headers=field["headers"]).json["results"]
    assert [replay["status"] for replay in replays] == [200] * len(items)  # the same hashes as stored


@pytest.mark.parametrize("path", ["/api/v1/visits", "/api/v1/visits/batch"])
def test_a_new_safety_concern_is_stored_unresolved(client, field, path):
    item = a_visit(field["blocks"][0], safety_concern=True)
    client.post(path, json={"visits": [item]} if path.endswith("batch") else item, headers=field["headers"])
    stored = db.session.scalars(select(Visit)).one()
    assert stored.safety_concern is True and stored.safety_resolved_at is None
