"""POST/GET /api/v1/messages and acknowledge (DESIGN.md 5): a pair sees only its own messages."""
import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Message, Team


@pytest.fixture
def pairs(make_team, token_for, make_user):
    """Two pairs with a phone each, and a coordinator's token."""
    first, second = make_team(), make_team()
    return {"first": first, "second": second,
            "first_phone": token_for(first.members[0], label="device"),
            "first_partner": token_for(first.members[1], label="device"),
            "second_phone": token_for(second.members[0], label="device"),
            "coordinator": token_for(make_user("coordinator"))}


def send(client, pairs, **body):
    return client.post("/api/v1/messages", json={"text": "Storm cell coming: back to staging.", **body},
                       headers=pairs["coordinator"])


def test_a_message_without_team_ids_goes_to_every_active_pair(client, pairs, make_team):
    dissolved = make_team(active=False)
    response = send(client, pairs)
    assert response.status_code == 201
    assert response.json["team_ids"] == [pairs["first"].id, pairs["second"].id]
    assert dissolved.id not in response.json["team_ids"]
    for phone in ("first_phone", "second_phone"):
        assert [m["id"] for m in client.get("/api/v1/messages", headers=pairs[phone]).json] == [response.json["id"]]


def test_a_pair_never_sees_another_pairs_message(client, pairs):
    private = send(client, pairs, team_ids=[pairs["second"].id]).json
    assert client.get("/api/v1/messages", headers=pairs["first_phone"]).json == []
    seen = client.get("/api/v1/messages", headers=pairs["second_phone"]).json
    assert seen == [{"id": private["id"], "text": private["text"], "sent_at": private["sent_at"],
                     "team_ids": [pairs["second"].id], "acknowledged_at": None}]
    other = client.post(f"/api/v1/messages/{private['id']}/acknowledge", headers=pairs["first_phone"])
    assert other.status_code == 404


def test_one_member_acknowledges_for_the_pair_and_the_coordinator_sees_who_has_not(client, pairs):
    sent = send(client, pairs).json
    first = client.post(f"/api/v1/messages/{sent['id']}/acknowledge", headers=pairs["first_phone"])
    assert first.status_code == 200 and first.json["acknowledged_at"] is not None
    again = client.post(f"/api/v1/messages/{sent['id']}/acknowledge", headers=pairs["first_partner"])
    assert again.json["acknowledged_at"] == first.json["acknowledged_at"]
    partner_view = client.get("/api/v1/messages", headers=pairs["first_partner"]).json
    assert partner_view[0]["acknowledged_at"] == first.json["acknowledged_at"]
    [overview] = client.get("/api/v1/messages", headers=pairs["coordinator"]).json
    by_team = {a["team_id"]: a["acknowledged_at"] for a in overview["acknowledgements"]}
    assert by_team == {pairs["first"].id: first.json["acknowledged_at"], pairs["second"].id: None}
    assert overview["acknowledged_at"] is None
    client.post(f"/api/v1/messages/{sent['id']}/acknowledge", headers=pairs["second_phone"])
    [overview] = client.get("/api/v1/messages", headers=pairs["coordinator"]).json
    assert overview["acknowledged_at"] is not None


@pytest.mark.parametrize("body, field_name", [
    ({"text": ""}, "text"),
    ({"text": " \u202e\x07 "}, "text"),
    ({"text": "x" * 501}, "text"),
    ({"text": 5}, "text"),
    ({"text": "hi", "team_ids": []}, "team_ids"),
    ({"text": "hi", "team_ids": [9999]}, "team_ids"),
    ({"text": "hi", "team_ids": "all"}, "team_ids"),
    ({"text": "hi", "team_ids": [True]}, "team_ids"),
    ({"text": "hi", "neighborhood": "Bywater"}, "neighborhood"),
])
def test_bad_messages_are_422_naming_the_field_and_store_nothing(client, pairs, body, field_name):
    response = client.post("/api/v1/messages", json=body, headers=pairs["coordinator"])
    assert response.status_code == 422
    assert field_name in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_a_message_to_a_dissolved_pair_is_refused(client, pairs):
    pairs["second"].active = False
    db.session.commit()
    assert send(client, pairs, team_ids=[pairs["second"].id]).status_code == 422


def test_direction_characters_are_stripped_and_control_characters_refused(client, pairs):
    sent = send(client, pairs, text="Back\u202e to staging\r\nnow").json
    assert sent["text"] == "Back to staging\nnow"
    refused = send(client, pairs, text="Back to\x00 staging")  # issue 25 item 2: one text type, a 422
    assert refused.status_code == 422 and "text" in refused.json["error"]["fields"]


def test_roles_other_than_the_right_one_get_403(client, pairs, make_user, token_for):
    aid = token_for(make_user("aid"))
    assert client.post("/api/v1/messages", json={"text": "hi"}, headers=pairs["first_phone"]).status_code == 403
    assert client.post("/api/v1/messages", json={"text": "hi"}, headers=aid).status_code == 403
    assert client.get("/api/v1/messages", headers=aid).status_code == 403
    sent = send(client, pairs).json
    assert client.post(f"/api/v1/messages/{sent['id']}/acknowledge", headers=pairs["coordinator"]).status_code == 403


def test_a_volunteer_without_a_pair_has_no_messages(client, pairs, make_user, token_for):
    send(client, pairs)
    alone = token_for(make_user("volunteer"))
    assert client.get("/api/v1/messages", headers=alone).json == []
    assert client.post("/api/v1/messages/1/acknowledge", headers=alone).status_code == 404


def test_no_active_pair_means_nothing_to_send_to(client, make_user, token_for):
    db.session.execute(Team.__table__.update().values(active=False))
    db.session.commit()
    response = client.post("/api/v1/messages", json={"text": "hi"}, headers=token_for(make_user("coordinator")))
    assert response.status_code == 422 and "team_ids" in response.json["error"]["fields"]
