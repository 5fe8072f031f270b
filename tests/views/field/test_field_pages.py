"""The field pages: an offline shell with nothing personal, data.json with the pair's data, the pair's blocks.

The actions on these pages (check in/out, needs, block done, hazards) go through the outbox to the API:
tests/api/test_field_actions.py."""
import json
import re
from datetime import timedelta

import flask_babel
import pytest
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import ApiToken, Need, Visit, utcnow
from outreach.services.fieldwork import visits
from outreach.services.operation import operations


@pytest.fixture
def pair(make_neighborhood, make_team, assign, login):
    """A pair with two blocks; its first member is signed in on the test client."""
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    login(team.members[0])
    return {"team": team, "me": team.members[0], "blocks": hood.blocks}


@pytest.mark.parametrize("path", ["/field/", "/field/visit", "/field/shift", "/field/block", "/field/offline"])
def test_shell_pages_carry_nothing_personal(client, pair, path):
    page = client.get(path).get_data(as_text=True)
    assert pair["me"].name not in page and pair["team"].name not in page
    assert pair["blocks"][0].code not in page
    assert 'id="outbox-count"' in page and "Sync now" in page and "Save my unsynced work to a file" in page


@pytest.mark.parametrize("path", ["/field/", "/field/visit", "/field/shift", "/field/offline", "/field/blocks/{id}"])
def test_every_field_page_has_the_help_button_and_crisis_lines(client, pair, path):
    page = client.get(path.format(id=pair["blocks"][0].id)).get_data(as_text=True)
    assert 'id="help-now"' in page and "We need help now" in page and "Press and hold" in page
    assert 'href="tel:911"' in page and 'href="tel:988"' in page


def test_field_scripts_are_modules_with_an_import_map_to_versioned_urls(client, pair):
    page = client.get("/field/").get_data(as_text=True)
    assert '<script type="module" src="/static/js/field.js?v=' in page
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)">(.*?)</script>', page)
    imports = json.loads(nonce.group(2))["imports"]
    assert imports["/static/js/outbox.js"].startswith("/static/js/outbox.js?v=")
    ours = re.findall(r'<script[^>]*src="/static/js/[^>]*>', page)
    assert ours and all('type="module"' in tag for tag in ours), "our scripts are ES modules"


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
    assert data["max_batch"] == visits.MAX_BATCH  # the phone batches by the server's limit, not a copy


def test_a_phone_gets_a_device_token_that_works_on_the_api(client, pair):
    token = client.post("/field/device-token").json["token"]
    row = db.session.scalar(select(ApiToken))
    assert row.label.startswith("device")
    response = client.get("/api/v1/blocks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and len(response.json["features"]) == 2
    client.post("/logout")  # signing out on the phone ends its token too (issue 15 item 4)
    assert client.get("/api/v1/blocks", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_data_json_has_each_block_page_with_needs_but_never_notes_or_hints(client, pair):
    block = pair["blocks"][0]
    visit = Visit(client_id="11111111-1111-4111-8111-111111111111", content_hash="x", block_id=block.id,
                  visited_at=utcnow() - timedelta(hours=1), outcome="contact", notes="SECRET NOTE")
    db.session.add(visit)
    need = Need(visit=visit, block_id=block.id, category="water", urgency="soon", status="fulfilled",
                hint="SECRET HINT", notes="SECRET NEED NOTE")
    db.session.add(need)
    db.session.commit()
    response = client.get("/field/data.json")
    assert "SECRET" not in response.get_data(as_text=True)
    pages = response.json["block_pages"]
    assert set(pages) == {str(b.id) for b in pair["blocks"][:2]}
    assert pages[str(block.id)] == {"code": block.code, "status": block.status, "hazard_note": None, "hazards": [],
                                    "visits": 1,
                                    "mine": True, "needs": [{"id": need.id, "category": "water", "urgency": "soon",
                                                             "people": 1, "status": "fulfilled"}]}
    page = client.get(f"/field/blocks/{block.id}").get_data(as_text=True)
    assert 'id="block-needs"' in page and block.code not in page  # the shell; block.js fills it in


def test_an_unknown_block_page_is_404(client, pair):
    assert client.get("/field/blocks/999999").status_code == 404


def test_another_pairs_block_page_is_404_like_a_missing_one(client, pair):
    other = pair["blocks"][3]
    response = client.get(f"/field/blocks/{other.id}")
    assert response.status_code == 404 and other.code not in response.get_data(as_text=True)


def test_a_block_the_pair_visited_stays_open_to_it_after_the_assignment(client, pair):
    block = pair["blocks"][3]
    db.session.add(Visit(client_id="22222222-2222-4222-8222-222222222222", content_hash="x", block_id=block.id,
                         team_id=pair["team"].id, visited_at=utcnow() - timedelta(hours=2), outcome="no_answer"))
    db.session.commit()
    assert client.get(f"/field/blocks/{block.id}").status_code == 200
    assert client.get("/field/data.json").json["block_pages"][str(block.id)]["mine"] is False


def test_the_service_worker_is_served_under_field_with_the_shell_list(client, pair):
    response = client.get("/field/sw.js")
    assert response.mimetype == "text/javascript"
    body = response.get_data(as_text=True)
    for page in ("/field/", "/field/visit", "/field/shift", "/field/block", "/field/offline", "/field/labels.js"):
        assert f'"/o/test-op{page}"' in body, page  # the operation's own pages (DESIGN section 7)
    assert "leaflet.js" in body
    for module in ("field.js", "outbox.js", "api.js", "dom.js", "core.js", "help.js", "messages.js", "block.js"):
        assert f'"/static/js/{module}?v=' in body, module


def test_the_shell_words_are_one_module_in_the_phones_language_not_a_copy_in_every_page(client, pair):
    page = client.get("/field/visit").get_data(as_text=True)
    import_map = json.loads(re.search(r'<script type="importmap"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert import_map["imports"]["field-labels"] == "/o/test-op/field/labels.js"
    assert 'id="labels"' not in page
    english = client.get("/field/labels.js")
    assert english.mimetype == "text/javascript" and english.get_data(as_text=True).startswith("export default {")
    words = json.loads(english.get_data(as_text=True).removeprefix("export default ").rstrip(";\n"))
    assert words["outcome"]["contact"] == "Spoke with someone" and words["messages"]
    # Revalidation answers 304 while the words stand: the service worker's install costs no second copy.
    assert client.get("/field/labels.js", headers={"If-None-Match": english.headers["ETag"]}).status_code == 304
    client.get("/language/es")
    flask_babel.refresh()  # the tests' requests share one app context, where the locale is kept
    spanish = client.get("/field/labels.js", headers={"If-None-Match": english.headers["ETag"]})
    assert spanish.status_code == 200 and spanish.get_data() != english.get_data()


def test_the_manifest_makes_the_app_installable(client, pair):
    manifest = json.loads(client.get("/field/manifest.webmanifest").get_data(as_text=True))
    assert manifest["start_url"] == "/o/test-op/field/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_aid_members_cannot_open_field_pages(client, make_user, login):
    login(make_user("aid"))
    assert client.get("/field/data.json").status_code == 403


def test_a_phone_named_by_its_browser_still_has_a_device_token_that_expires(client, pair, app):
    phone = ("Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/120.0 Mobile Safari/537.36")
    token = client.post("/field/device-token", headers={"User-Agent": phone}).json["token"]
    row = db.session.scalar(select(ApiToken))
    assert row.label.startswith("device: Chrome 120 · Android 11")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/blocks", headers=headers).status_code == 200
    row.created_at = utcnow() - timedelta(days=app.config["DEVICE_TOKEN_DAYS"], minutes=1)
    db.session.commit()
    assert client.get("/api/v1/blocks", headers=headers).status_code == 401  # a lost phone stops by itself


@pytest.fixture
def elsewhere(pair, make_neighborhood, acting_coordinator):
    """Another operation where the signed-in volunteer coordinates and logged a visit on one of its blocks."""
    operation = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), operation, "coordinator")
    operations.add_member(pair["me"], operation, "coordinator")
    db.session.commit()
    with scope.working_in(scope.ref(operation)):
        block = make_neighborhood().blocks[0]
        visits.record_visit({"client_id": "33333333-3333-4333-8333-333333333333", "block_id": block.id,
                             "visited_at": utcnow().isoformat(), "outcome": "contact"},
                            visits.author_for(pair["me"]))
        db.session.commit()
    return block


def test_the_phone_data_has_no_block_of_another_operation(client, pair, elsewhere):
    pages = client.get("/field/data.json").json["block_pages"]
    assert str(elsewhere.id) not in pages and set(pages) == {str(block.id) for block in pair["blocks"][:2]}


def test_a_block_page_of_another_operation_is_404_even_for_a_coordinator(client, make_user, login, elsewhere):
    login(make_user("coordinator"))
    response = client.get(f"/field/blocks/{elsewhere.id}")
    assert response.status_code == 404 and elsewhere.code not in response.get_data(as_text=True)
