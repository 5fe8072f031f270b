"""POST/GET /api/v1/alerts and acknowledge (DESIGN.md 5): idempotent help calls and check-ins."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Alert, AuditEvent, utcnow


@pytest.fixture
def field(make_neighborhood, make_team, assign, token_for, make_user):
    """A pair on its blocks with a device token, another pair, and a coordinator's token."""
    hood = make_neighborhood()
    team, other = make_team(), make_team()
    assign(team, hood.blocks[:2])
    return {"team": team, "other": other, "block": hood.blocks[0],
            "phone": token_for(team.members[0], label="device"),
            "other_phone": token_for(other.members[0], label="device"),
            "coordinator": token_for(make_user("coordinator"))}


def help_alert(block=None, **fields) -> dict:
    alert = {"client_id": str(uuid.uuid4()), "kind": "help", "sent_at": utcnow().isoformat()}
    if block is not None:
        alert["block_id"] = block.id
    alert.update(fields)
    return alert


def test_a_help_alert_is_stored_once_with_pair_sender_and_block(client, field):
    alert = help_alert(field["block"])
    first = client.post("/api/v1/alerts", json=alert, headers=field["phone"])
    assert first.status_code == 201
    body = first.json
    assert body["team_id"] == field["team"].id and body["user_id"] == field["team"].members[0].id
    assert body["block_id"] == field["block"].id and body["kind"] == "help" and body["acknowledged_at"] is None
    replay = client.post("/api/v1/alerts", json=alert, headers=field["phone"])
    assert replay.status_code == 200 and replay.json["id"] == body["id"]
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1


def test_a_client_id_reused_for_other_content_is_a_409_and_changes_nothing(client, field):
    alert = help_alert(field["block"])
    client.post("/api/v1/alerts", json=alert, headers=field["phone"])
    clash = client.post("/api/v1/alerts", json={**alert, "kind": "ok"}, headers=field["phone"])
    assert clash.status_code == 409 and "client_id" in clash.json["error"]["fields"]
    from_another_phone = client.post("/api/v1/alerts", json=alert, headers=field["other_phone"])
    assert from_another_phone.status_code == 409
    assert db.session.scalar(select(Alert.kind)) == "help"


@pytest.mark.parametrize("change, field_name", [
    ({"client_id": "not-a-uuid"}, "client_id"),
    ({"kind": "panic"}, "kind"),
    ({"block_id": 999999}, "block_id"),
    ({"block_id": "1"}, "block_id"),
    ({"sent_at": "yesterday"}, "sent_at"),
    ({"sent_at": "2026-01-01T10:00:00"}, "sent_at"),
    ({"sent_at": (utcnow() + timedelta(hours=2)).isoformat()}, "sent_at"),
    ({"lat": 29.9}, "lat"),
])
def test_bad_alerts_are_422_naming_the_field_and_store_nothing(client, field, change, field_name):
    response = client.post("/api/v1/alerts", json={**help_alert(), **change}, headers=field["phone"])
    assert response.status_code == 422
    assert field_name in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0


def test_an_alert_body_that_is_not_json_is_a_400(client, field):
    response = client.post("/api/v1/alerts", data="help", headers=field["phone"])
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"


def test_only_volunteers_send_alerts_and_only_coordinators_acknowledge(client, field, make_user, token_for):
    aid = token_for(make_user("aid"))
    for headers in (field["coordinator"], aid):
        assert client.post("/api/v1/alerts", json=help_alert(), headers=headers).status_code == 403
    stored = client.post("/api/v1/alerts", json=help_alert(), headers=field["phone"]).json
    for headers in (field["phone"], aid):
        assert client.post(f"/api/v1/alerts/{stored['id']}/acknowledge", headers=headers).status_code == 403
    assert client.get("/api/v1/alerts", headers=aid).status_code == 403
    assert client.post("/api/v1/alerts", json=help_alert()).status_code == 401


def test_a_coordinator_acknowledges_and_the_pairs_replay_learns_it(client, field):
    alert = help_alert(field["block"])
    stored = client.post("/api/v1/alerts", json=alert, headers=field["phone"]).json
    assert [a["id"] for a in client.get("/api/v1/alerts?open=1", headers=field["coordinator"]).json] == [stored["id"]]
    done = client.post(f"/api/v1/alerts/{stored['id']}/acknowledge", headers=field["coordinator"])
    assert done.status_code == 200 and done.json["acknowledged_at"] is not None
    again = client.post(f"/api/v1/alerts/{stored['id']}/acknowledge", headers=field["coordinator"])
    assert again.json["acknowledged_at"] == done.json["acknowledged_at"]
    assert client.get("/api/v1/alerts?open=1", headers=field["coordinator"]).json == []
    assert len(client.get("/api/v1/alerts", headers=field["coordinator"]).json) == 1
    replay = client.post("/api/v1/alerts", json=alert, headers=field["phone"])
    assert replay.status_code == 200 and replay.json["acknowledged_at"] == done.json["acknowledged_at"]
    audited = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_type == "alert")).all()
    assert audited.count("alert_acknowledged") == 1


def test_the_pair_learns_which_coordinator_has_its_help_call(client, field, make_user, token_for):
    alert = help_alert(field["block"])
    stored = client.post("/api/v1/alerts", json=alert, headers=field["phone"]).json
    assert stored["acknowledged_by"] is None
    dana = make_user("coordinator", name="Dana Ruiz")
    assert client.post(f"/api/v1/alerts/{stored['id']}/acknowledge", headers=token_for(dana)).json[
        "acknowledged_by"] == "Dana Ruiz"
    [mine] = client.get("/api/v1/alerts", headers=field["phone"]).json
    assert mine["acknowledged_by"] == "Dana Ruiz"
    assert client.post("/api/v1/alerts", json=alert, headers=field["phone"]).json["acknowledged_by"] == "Dana Ruiz"


def test_acknowledging_an_unknown_alert_is_a_404(client, field):
    assert client.post("/api/v1/alerts/4242/acknowledge", headers=field["coordinator"]).status_code == 404


def test_a_volunteer_sees_only_the_own_pairs_alerts(client, field):
    mine = client.post("/api/v1/alerts", json=help_alert(), headers=field["phone"]).json
    client.post("/api/v1/alerts", json=help_alert(), headers=field["other_phone"])
    seen = client.get("/api/v1/alerts", headers=field["phone"]).json
    assert [alert["id"] for alert in seen] == [mine["id"]]


def test_the_open_flag_must_be_1_or_0(client, field):
    assert client.get("/api/v1/alerts?open=maybe", headers=field["coordinator"]).status_code == 422


def test_a_help_call_from_someone_without_a_pair_is_still_taken(client, make_user, token_for):
    alone = token_for(make_user("volunteer"))
    response = client.post("/api/v1/alerts", json=help_alert(), headers=alone)
    assert response.status_code == 201 and response.json["team_id"] is None


def test_the_alerts_endpoints_are_described_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"post", "get"} <= set(paths["/alerts"]) and "post" in paths["/alerts/{alert_id}/acknowledge"]
    assert set(paths["/alerts"]["post"]["responses"]) >= {"200", "201", "409", "422", "403"}


def test_racing_deliveries_of_one_help_call_store_it_once(app, field):
    import threading

    alert = help_alert(field["block"])
    barrier = threading.Barrier(4)
    statuses = []

    def post():
        with app.test_client() as client:
            barrier.wait()
            statuses.append(client.post("/api/v1/alerts", json=alert, headers=field["phone"]).status_code)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 201]
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1


def test_an_alert_that_the_index_refuses_is_answered_as_a_replay(client, field, monkeypatch):
    from outreach.services.safety import alerts as service

    alert = help_alert(field["block"])
    assert client.post("/api/v1/alerts", json=alert, headers=field["phone"]).status_code == 201
    real, calls = service.find, []

    def blind_find(client_id):
        """Another server stored it just after our check found nothing."""
        calls.append(client_id)
        return None if len(calls) == 1 else real(client_id)

    monkeypatch.setattr(service, "find", blind_find)
    assert client.post("/api/v1/alerts", json=alert, headers=field["phone"]).status_code == 200
    assert client.post("/api/v1/alerts", json={**alert, "kind": "ok"}, headers=field["phone"]).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
