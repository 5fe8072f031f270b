"""Coordinators filter the audit trail and revoke the token of a lost phone."""
from outreach.extensions import db
from outreach.models import ApiToken


def test_audit_page_filters_by_action_and_person(client, make_user, login):
    coordinator = make_user("coordinator", name="Lead Coordinator")
    volunteer = make_user("volunteer", name="Ann Walker")
    login(volunteer, password="not the password")
    login(volunteer)
    client.post("/logout")
    login(coordinator)
    page = client.get("/coordinator/audit?action=sign_in&actor=walker").get_data(as_text=True)
    assert "Ann Walker" in page and "Lead Coordinator" not in page.split("<tbody>")[1]
    failed = client.get("/coordinator/audit?action=sign_in_failed").get_data(as_text=True)
    masked = volunteer.email[0] + "***@" + volunteer.email.split("@")[1]
    assert masked in failed and volunteer.email not in failed and "sign_in_failed" in failed


def test_audit_page_ignores_malformed_filters(client, make_user, login):
    login(make_user("coordinator"))
    assert client.get("/coordinator/audit?since=yesterday&until=2005-13-45&page=-3").status_code == 200


def test_audit_page_is_for_coordinators_only(client, make_user, login):
    login(make_user("volunteer"))
    assert client.get("/coordinator/audit").status_code == 403


def test_coordinator_revokes_a_lost_phone_token(client, make_user, login, token_for):
    volunteer = make_user("volunteer", name="Phone Owner")
    headers = token_for(volunteer, label="device: Moto G")
    assert client.get("/api/v1/neighborhoods", headers=headers).status_code == 200
    login(make_user("coordinator"))
    page = client.get("/coordinator/tokens").get_data(as_text=True)
    assert "Phone Owner" in page and "device: Moto G" in page
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == volunteer.id))
    assert token.last_used_at is not None
    response = client.post(f"/coordinator/tokens/{token.id}/revoke", follow_redirects=True)
    assert "Revoked" in response.get_data(as_text=True)
    client.post("/logout")
    assert client.get("/api/v1/neighborhoods", headers=headers).status_code == 401


def test_revoking_all_tokens_of_a_person(client, make_user, login, token_for):
    volunteer = make_user("volunteer")
    first, second = token_for(volunteer, "device: a"), token_for(volunteer, "device: b")
    login(make_user("coordinator"))
    client.post(f"/coordinator/tokens/user/{volunteer.id}/revoke")
    client.post("/logout")
    assert client.get("/api/v1/neighborhoods", headers=first).status_code == 401
    assert client.get("/api/v1/neighborhoods", headers=second).status_code == 401
    from outreach.models import AuditEvent

    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "token_revoked")) == 2


def test_revoking_an_unknown_token_is_a_404(client, make_user, login):
    login(make_user("coordinator"))
    assert client.post("/coordinator/tokens/999999/revoke").status_code == 404
