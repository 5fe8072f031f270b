"""The field pages: an offline shell with nothing personal, data.json with the pair's data, shifts, blocks."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import ApiToken, Block, Need, Shift, Visit, utcnow


@pytest.fixture
def pair(make_neighborhood, make_team, assign, login):
    """A pair with two blocks; its first member is signed in on the test client."""
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    login(team.members[0])
    return {"team": team, "me": team.members[0], "blocks": hood.blocks}


@pytest.mark.parametrize("path", ["/field/", "/field/visit", "/field/offline"])
def test_shell_pages_carry_nothing_personal(client, pair, path):
    page = client.get(path).get_data(as_text=True)
    assert pair["me"].name not in page and pair["team"].name not in page
    assert pair["blocks"][0].code not in page
    assert 'id="outbox-count"' in page and "Sync now" in page and "Save my unsynced visits to a file" in page


def test_the_visit_form_has_every_field_of_a_visit(client, pair):
    page = client.get("/field/visit").get_data(as_text=True)
    for name in ("block_id", "outcome", "adults", "children", "older_adults", "risks", "reactions", "ecpr",
                 "referrals", "safety_concern", "follow_up", "notes"):
        assert f'name="{name}"' in page
    assert 'data-category="emotional_support"' in page and "need-consent" in page and "need-urgency" in page
    assert "988" in page


def test_the_crisis_line_is_configurable(app, client, pair):
    app.config["CRISIS_LINE"] = "1-800-985-5990"
    try:
        assert "1-800-985-5990" in client.get("/field/visit").get_data(as_text=True)
    finally:
        app.config["CRISIS_LINE"] = "988"


def test_data_json_has_the_pairs_blocks_shift_and_a_csrf_token(client, pair):
    data = client.get("/field/data.json").json
    assert data["team"]["id"] == pair["team"].id
    assert data["team"]["partners"] == [pair["team"].members[1].name]
    assert [f["properties"]["id"] for f in data["blocks"]["features"]] == [b.id for b in pair["blocks"][:2]]
    assert data["shift"] is None and data["csrf"]


def test_a_phone_gets_a_device_token_that_works_on_the_api(client, pair):
    token = client.post("/field/device-token").json["token"]
    row = db.session.scalar(select(ApiToken))
    assert row.label.startswith("device")
    response = client.get("/api/v1/blocks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and len(response.json["features"]) == 2
    client.post("/logout")  # signing out on the phone ends its token too (issue 15 item 4)
    assert client.get("/api/v1/blocks", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_check_in_then_out_with_a_debrief_request(client, pair):
    assert client.post("/field/shift", data={"hours": "4"}).status_code == 302
    shift = db.session.scalar(select(Shift))
    assert shift.team_id == pair["team"].id
    assert timedelta(hours=3, minutes=59) < shift.expected_end_at - shift.checked_in_at <= timedelta(hours=4)
    assert client.get("/field/data.json").json["shift"]["id"] == shift.id
    assert client.post("/field/shift", data={"self_care": "shaken", "debrief": "y"}).status_code == 302
    db.session.refresh(shift)
    assert shift.checked_out_at is not None and shift.self_care == "shaken" and shift.debrief_requested


def test_check_out_needs_an_answer_on_how_you_are(client, pair):
    client.post("/field/shift", data={"hours": "2"})
    assert client.post("/field/shift", data={"debrief": "y"}).status_code == 422
    assert db.session.scalar(select(Shift)).checked_out_at is None


def test_a_shift_length_outside_the_choices_is_refused(client, pair):
    assert client.post("/field/shift", data={"hours": "40"}).status_code == 422
    assert db.session.scalar(select(Shift)) is None


def test_block_page_shows_needs_but_never_notes_or_hints(client, pair):
    block = pair["blocks"][0]
    visit = Visit(client_id="11111111-1111-4111-8111-111111111111", content_hash="x", block_id=block.id,
                  visited_at=utcnow() - timedelta(hours=1), outcome="contact", notes="SECRET NOTE")
    db.session.add(visit)
    db.session.add(Need(visit=visit, block_id=block.id, category="water", urgency="soon", status="fulfilled",
                        hint="SECRET HINT", notes="SECRET NEED NOTE"))
    db.session.commit()
    page = client.get(f"/field/blocks/{block.id}").get_data(as_text=True)
    assert "SECRET" not in page
    assert "Water" in page and 'data-action="confirm"' in page and 'data-action="reopen"' in page
    assert "1 earlier visit" in page


def test_an_unknown_block_page_is_404(client, pair):
    assert client.get("/field/blocks/999999").status_code == 404


def test_the_pair_marks_its_block_done(client, pair):
    block = pair["blocks"][0]
    assert client.post(f"/field/blocks/{block.id}/done").status_code == 302
    assert db.session.get(Block, block.id).status == "done"


def test_a_pair_cannot_mark_another_pairs_block_done(client, pair):
    block = pair["blocks"][3]
    assert client.post(f"/field/blocks/{block.id}/done").status_code == 403
    assert db.session.get(Block, block.id).status != "done"


def test_flagging_a_block_unsafe_scrubs_the_note(client, pair):
    block = pair["blocks"][3]
    response = client.post(f"/field/blocks/{block.id}/unsafe", data={"hazard_note": "Dog loose, owner 504-555-0199"})
    assert response.status_code == 302
    db.session.refresh(block)
    assert block.status == "unsafe" and "555" not in block.hazard_note and "Dog loose" in block.hazard_note


def test_a_hazard_flag_needs_a_note(client, pair):
    assert client.post(f"/field/blocks/{pair['blocks'][0].id}/unsafe", data={"hazard_note": " "}).status_code == 400
    assert db.session.get(Block, pair["blocks"][0].id).hazard_note is None


def test_the_service_worker_is_served_under_field_with_the_shell_list(client, pair):
    response = client.get("/field/sw.js")
    assert response.mimetype == "text/javascript"
    body = response.get_data(as_text=True)
    assert '"/field/"' in body and '"/field/visit"' in body and "leaflet.js" in body


def test_the_manifest_makes_the_app_installable(client, pair):
    manifest = json.loads(client.get("/field/manifest.webmanifest").get_data(as_text=True))
    assert manifest["start_url"] == "/field/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_aid_members_cannot_open_field_pages(client, make_user, login):
    login(make_user("aid"))
    assert client.get("/field/data.json").status_code == 403
