"""Coordinators filter the audit trail and revoke the token of a lost phone."""
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import ApiToken
from outreach.services.operation import audit, operations


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
    assert "Phone Owner" in page and "Moto G" in page and "device: Moto G" not in page  # named, not labelled
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


SAMSUNG = ("Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0.6099.144 Mobile Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.1 Mobile/15E148 Safari/604.1")


def test_the_phones_page_names_each_phone_and_groups_them_by_person(app, client, make_user, login):
    from tests.conftest import PASSWORD

    ana = make_user("volunteer", name="Ana Phones")
    for user_agent in (SAMSUNG, IPHONE):  # two phones, each signed in (signing out would revoke its token)
        with app.app_context():  # its own `g`, so the signed-in user does not leak into the next request
            phone = app.test_client()
            phone.post("/login", data={"email": ana.email, "password": PASSWORD})
            # its own `g` has no operation, so the test client cannot add the prefix: the path names it
            assert phone.post("/o/test-op/field/device-token", headers={"User-Agent": user_agent}).status_code == 200
    login(make_user("coordinator", name="Cora"))
    response = client.get("/coordinator/tokens")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[page.index("<main"):]
    assert "Chrome Mobile 120 · Android 11 · Samsung SM-A125F" in page
    assert "Mobile Safari 17 · iOS 17 · Apple iPhone" in page
    # One heading for Ana, with both phones under it and one "revoke all" for her.
    section = page[page.index(f'id="person-{ana.id}"'):]
    section = section[:section.index("</section>")]
    assert section.count("Ana Phones") == 1 and "Samsung" in section and "iPhone" in section
    assert section.count(f"/coordinator/tokens/user/{ana.id}/revoke") == 1


def test_a_token_without_a_recorded_browser_says_so(client, make_user, login, token_for):
    from outreach.services.people import tokens

    token_for(make_user("volunteer"), label=tokens.DEVICE_LABEL)
    token_for(make_user("volunteer"), label="cli")
    login(make_user("coordinator"))
    page = client.get("/coordinator/tokens").get_data(as_text=True)
    assert "Phone (browser not recorded)" in page and "Command line or script" in page
    assert tokens.DEVICE_LABEL not in page


def test_the_audit_log_reads_in_words_not_slugs(client, coordinator, block, make_need):
    need = make_need(block, status="claimed")
    page = client.get("/coordinator/audit?action=need_claimed").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert "Need claimed" in rows and f"Need {need.id}" in rows
    from outreach.vocab import NeedStatus

    assert f"from: {NeedStatus.open.label}" in rows and f"to: {NeedStatus.claimed.label}" in rows
    assert "group #: " in rows and "group_id" not in rows
    assert ">need_claimed<" not in page and "need_claimed</" not in page
    assert '<option value="need_claimed" selected>Need claimed</option>' in page


def test_every_action_the_code_records_has_a_label():
    import re
    from pathlib import Path

    from outreach.vocab import AuditAction

    source = "\n".join(path.read_text() for path in Path("outreach").rglob("*.py"))
    recorded = set(re.findall(r'(?:record|_apply)\([^()"]*?,\s*"([a-z_]+)"', source))
    assert len(recorded) > 40, recorded  # the pattern still finds them
    assert recorded <= set(AuditAction), sorted(recorded - set(AuditAction))


def test_the_tokens_and_the_audit_log_are_of_this_operation(client, make_user, login, token_for):
    heat = operations.create("heat", "Heat wave")
    with scope.working_in(scope.ref(heat)):
        stranger = make_user("volunteer", name="Stranger Elsewhere")
        elsewhere = token_for(stranger)
        audit.record(stranger, "volunteer_updated", stranger)
        db.session.commit()
    token_for(make_user("volunteer", name="Ana Here"))
    login(make_user("coordinator"))
    page = client.get("/coordinator/tokens").get_data(as_text=True)
    assert "Ana Here" in page and "Stranger Elsewhere" not in page
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.operation_id == heat.id))
    assert client.post(f"/coordinator/tokens/{token_id}/revoke").status_code == 404
    assert db.session.get(ApiToken, token_id).revoked_at is None
    assert client.post(f"/coordinator/tokens/user/{stranger.id}/revoke").status_code == 404
    log = client.get("/coordinator/audit").get_data(as_text=True)
    assert "Stranger Elsewhere" not in log and "volunteer_updated" not in log
    assert client.get("/api/v1/blocks", headers=elsewhere).status_code == 200  # the token still works there
