"""Hazards are added, never overwritten (issue 25 item 3): each warning keeps its text, time and pair until a
coordinator clears it; the block shows every open warning; only coordinators clear, audited."""
import uuid

from sqlalchemy import select

from outreach.extensions import db
from outreach.models import AuditEvent, Block

FIRST, SECOND = "Live power line down by the oak", "Small puddle at the corner"


def flag(client, headers, block_id: int, note: str):
    """A hazard from a phone's outbox."""
    return client.post(f"/api/v1/blocks/{block_id}/hazard", headers=headers,
                       json={"client_id": str(uuid.uuid4()), "note": note})


def block_properties(client, headers, block_id: int) -> dict:
    """The block's properties in GET /api/v1/blocks."""
    features = client.get("/api/v1/blocks", headers=headers).json["features"]
    return next(f["properties"] for f in features if f["properties"]["id"] == block_id)


def test_another_pairs_warning_is_added_beside_the_first_never_over_it(client, make_neighborhood, make_team,
                                                                      assign, token_for, make_user, login):
    hood = make_neighborhood()
    first, other = make_team(), make_team()
    assign(first, hood.blocks[:1])
    block_id = hood.blocks[0].id
    assert flag(client, token_for(first.members[0]), block_id, FIRST).status_code == 201
    assert flag(client, token_for(other.members[0]), block_id, SECOND).status_code == 201
    coordinator = token_for(make_user("coordinator"))
    shown = block_properties(client, coordinator, block_id)
    assert shown["status"] == "unsafe" and shown["hazard_note"] == SECOND  # the newest, as before
    assert [(h["note"], h["team_id"]) for h in shown["hazards"]] == [(SECOND, other.id), (FIRST, first.id)]
    assert all(h["reported_at"] for h in shown["hazards"])
    login(first.members[0])  # the field's block page, offline too, from data.json
    page = client.get("/field/data.json").json["block_pages"][str(block_id)]
    assert [h["note"] for h in page["hazards"]] == [SECOND, FIRST] and page["hazard_note"] == SECOND
    client.post("/logout")
    login(make_user("coordinator"))  # the coordinator map's popup data
    drawn = client.get("/coordinator/map/status.json").json["hazards"]
    assert drawn == {str(block_id): [SECOND, FIRST]}


def test_only_coordinators_clear_and_each_warning_is_cleared_on_its_own_audited(
        client, make_neighborhood, make_team, assign, token_for, make_user):
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:1])
    block_id = hood.blocks[0].id
    phone = token_for(team.members[0])
    flag(client, phone, block_id, FIRST)
    flag(client, phone, block_id, SECOND)
    lead = make_user("coordinator")
    coordinator = token_for(lead)
    newest, oldest = block_properties(client, coordinator, block_id)["hazards"]
    refused = client.post(f"/api/v1/hazards/{oldest['id']}/clear", headers=phone, json={"note": "gone"})
    assert refused.status_code == 403
    cleared = client.post(f"/api/v1/hazards/{oldest['id']}/clear", headers=coordinator,
                          json={"note": "Entergy crew cut the line"})
    assert cleared.status_code == 200 and cleared.json["status"] == "unsafe"  # the puddle still stands
    assert [h["note"] for h in block_properties(client, coordinator, block_id)["hazards"]] == [SECOND]
    again = client.post(f"/api/v1/hazards/{oldest['id']}/clear", headers=coordinator, json={"note": "twice"})
    assert again.status_code == 409
    last = client.post(f"/api/v1/hazards/{newest['id']}/clear", headers=coordinator, json={"note": "Dried up"})
    assert last.json["status"] == "assigned"
    assert db.session.get(Block, block_id).status == "assigned"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "hazard_resolved")
                                .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.detail["hazard"], e.detail["note"]) for e in events] == [
        (lead.id, FIRST, "Entergy crew cut the line"), (lead.id, SECOND, "Dried up")]
    assert client.post("/api/v1/hazards/999999/clear", headers=coordinator, json={"note": "x"}).status_code == 404
    assert client.post(f"/api/v1/hazards/{newest['id']}/clear", headers=coordinator, json={}).status_code == 422
