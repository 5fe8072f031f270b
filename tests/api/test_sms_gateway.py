"""The SMS gateway endpoint driven as a cht-gateway phone drives it (tests/sms_gateway.py): every row of the
grammar, every duplicate path, unknown senders, bad input, replies and messages out with their statuses."""
import uuid

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Alert, Need, SmsLog, SmsOutgoing, Visit
from outreach.services.sms import gateways, grammar, phones
from tests.conftest import make_app
from tests.sms_gateway import GatewayPhone

NUMBERS = ("+15045550123", "+15045550124")
STRANGER = "+15045559876"


def count(model, *where) -> int:
    """Rows of a table (fresh from the database)."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def gateway(client):
    """A gateway phone with fresh credentials."""
    made, password = gateways.create("staging-1")
    db.session.commit()
    return GatewayPhone(client, made.name, password)


@pytest.fixture
def pair(field):
    """The `field` pair, each member with their own SMS number."""
    for member, number in zip(field["team"].members, NUMBERS, strict=True):
        phones.set_number(member, number)
    db.session.commit()
    return field


def text(gateway: GatewayPhone, content: str, sender: str = NUMBERS[0]) -> str:
    """A text from `sender` reaches the app; the reply the phone sent back."""
    gateway.receive(sender, content)
    assert gateway.poll().status_code == 200
    return gateway.texts_to(sender)[-1]


def test_the_endpoint_answers_the_gateways_check_only_with_its_credentials(client, gateway):
    assert client.get(gateway.path, headers=gateway.headers).get_json() == {"medic-gateway": True}
    assert client.get(gateway.path).status_code == 401
    wrong = GatewayPhone(client, gateway.user, "not the password")
    assert client.get(gateway.path, headers=wrong.headers).status_code == 401
    gateways.revoke("staging-1")
    db.session.commit()
    assert client.get(gateway.path, headers=gateway.headers).status_code == 401


def test_wrong_passwords_are_rate_limited(db_url):
    app = make_app(db_url, RATELIMIT_ENABLED=True, SMS_GATEWAY_LIMIT="3 per minute")
    wrong = GatewayPhone(app.test_client(), "nobody", "guess")
    statuses = [wrong.poll().status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]


@pytest.mark.parametrize("body, status", [(b"{not json", 400), (b"[1, 2]", 422),
                                          (b'{"messages": [{"id": "1", "content": "OK"}]}', 422),
                                          (b'{"updates": [{"id": "1", "status": "LOST"}]}', 422),
                                          (b'{"messages": "OK"}', 422)])
def test_malformed_or_wrong_shape_polls_are_refused_and_nothing_is_stored(client, gateway, pair, body, status):
    response = client.post(gateway.path, data=body, headers={**gateway.headers, "Content-Type": "application/json"})
    assert response.status_code == status
    assert "error" in response.get_json()
    assert count(SmsLog) == count(Alert) == 0


def test_a_poll_with_nothing_or_nulls_is_answered_with_no_texts(client, gateway):
    response = client.post(gateway.path, json={"messages": None}, headers=gateway.headers)
    assert response.get_json() == {"messages": []}


def test_help_from_a_registered_number_is_a_help_call_for_the_pair(gateway, pair):
    block = pair["blocks"][0]
    loose = block.code.lower().replace("-", " ")
    reply = text(gateway, f"help {loose} fell on the stairs, call 504-555-0199")
    alert = db.session.scalar(select(Alert))
    assert (alert.kind, alert.team_id, alert.block_id) == ("help", pair["team"].id, block.id)
    assert reply.startswith(f"Help call received at {block.code}")
    log = db.session.scalar(select(SmsLog))
    assert log.note is not None and "555-0199" not in log.note and "fell on the stairs" in log.note
    assert (log.kind, log.result, log.alert_id) == ("help", "stored", alert.id)


def test_ok_is_a_check_in_and_codes_the_card(gateway, pair):
    assert text(gateway, "ok").startswith("OK received")
    assert db.session.scalar(select(Alert.kind)) == "ok"
    assert text(gateway, "Codes") == grammar.codes_card()


def test_a_visit_by_text_is_stored_with_its_needs(gateway, pair):
    block = pair["blocks"][1]
    code = block.code.replace("-", "")
    reply = text(gateway, f"V {code.lower()}  c w1 R2 #0B7C7C", sender=NUMBERS[1])
    visit = db.session.scalar(select(Visit))
    assert (visit.block_id, visit.outcome, visit.user_id) == (block.id, "contact", pair["team"].members[1].id)
    assert visit.client_id.startswith("0b7c7c")
    assert sorted((need.category, need.urgency) for need in db.session.scalars(select(Need))) == [
        ("medication", "soon"), ("water", "immediate")]
    assert reply == f"Visit stored: {block.code} contact, 2 need(s) #0b7c7c. Thank you."


@pytest.mark.parametrize("content, says", [
    ("V", "Visit not understood"), ("V LNW-014 Z", "Visit not understood"), ("V LNW-014 C X9", "No need code X9"),
    ("V LNW-014 C W7", "No need code W7"), ("V LNW-014 C B1", "No need code B1"),
    ("V LNW-014 C W1 #12", "#REF goes last"), ("OK please", "Send OK alone"), ("hello", "Not understood"),
    ("x" * 1601, "Text too long (1601"), ("HELP \x00", "broken or control characters")])
def test_texts_outside_the_grammar_get_the_right_form_and_store_nothing(gateway, pair, content, says):
    reply = text(gateway, content)
    assert says in reply
    assert count(Visit) == count(Alert) == 0
    assert count(SmsLog, SmsLog.result == "refused") == 1


def test_a_block_of_another_pair_or_operation_is_refused_with_a_reply(gateway, pair, make_neighborhood):
    other = pair["blocks"][5]
    assert "is not one of your pair's blocks" in text(gateway, f"V {other.code} C")
    assert "is not one of your pair's blocks" in text(gateway, "V ZZZ-001 C")
    assert count(Visit) == 0


def test_every_reply_is_one_gsm7_text(gateway, pair):
    for content in ("HELP", "OK", f"V {pair['blocks'][0].code} U", "CODES", "nonsense", "V x C W1 #abcdef",
                    "é" * 2000):
        reply = text(gateway, content)
        assert len(reply) < 160 and set(reply) <= grammar.GSM7, reply


def test_an_unknown_number_gets_a_generic_reply_and_nothing_is_stored(gateway, pair):
    reply = text(gateway, f"V {pair['blocks'][0].code} C W1", sender=STRANGER)
    assert reply == "This number is not registered with Outreach. Ask your coordinator to add it."
    assert count(Visit) == count(Alert) == 0


def test_help_from_an_unknown_number_reaches_the_dashboard_with_its_last_four_digits(gateway, pair, client,
                                                                                      coordinator):
    reply = text(gateway, "HELP trapped on roof, my name is Maria Lopez", sender=STRANGER)
    assert "passed to staging" in reply
    assert count(Alert) == 0
    log = db.session.scalar(select(SmsLog))
    assert (log.result, log.last_four) == ("unmatched", "9876")
    assert "Maria Lopez" not in log.note
    page = client.get("/coordinator/dashboard").get_data(as_text=True)
    assert "9876" in page and "trapped on roof" in page and STRANGER not in page


def test_the_log_keeps_no_words_and_no_number(gateway, pair):
    content = f"V {pair['blocks'][0].code} C W1 #abc123"
    text(gateway, content)
    row = db.session.execute(select(SmsLog.__table__)).mappings().one()
    kept = " ".join(str(value) for value in row.values())
    assert content not in kept and NUMBERS[0] not in kept and "0123" not in kept


def test_the_same_message_id_is_taken_once(gateway, pair, client):
    content = f"V {pair['blocks'][0].code} C"
    gateway.receive(NUMBERS[0], content, message_id="gw-1")
    gateway.poll()
    gateway.receive(NUMBERS[0], content, message_id="gw-1")  # the answer was lost: the phone forwards it again
    gateway.poll()
    assert count(Visit) == 1 and count(SmsLog) == 1
    assert len(gateway.texts_to(NUMBERS[0])) == 1  # the reply has the same id: the phone sends it once


def test_the_same_ref_from_the_same_sender_is_taken_once(gateway, pair):
    content = f"V {pair['blocks'][0].code} C W1 #0a1b2c"
    text(gateway, content)
    assert text(gateway, content.lower()) == "Already stored #0a1b2c. Thank you."
    assert count(Visit) == 1


def test_a_visit_by_text_then_synced_over_data_is_not_stored_twice(gateway, pair, client):
    block = pair["blocks"][0]
    client_id = "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11"
    text(gateway, f"V {block.code} C W1 #0b7c7c")
    body = {"client_id": client_id, "block_id": block.id, "visited_at": "2026-12-07T10:00:00-06:00",
            "outcome": "contact", "needs": [{"category": "water", "urgency": "immediate"}]}
    response = client.post("/api/v1/visits", json=body, headers=pair["headers"])
    assert response.status_code == 200
    assert response.get_json()["client_id"].startswith("0b7c7c")
    assert count(Visit) == 1


def test_a_help_call_by_text_then_synced_over_data_is_not_stored_twice(gateway, pair, client):
    text(gateway, "HELP #9f8e7d")
    body = {"client_id": "9f8e7d00-0000-4000-8000-000000000001", "kind": "help",
            "sent_at": "2026-12-07T10:00:00-06:00"}
    response = client.post("/api/v1/alerts", json=body, headers=pair["headers"])
    assert response.status_code == 200 and response.get_json()["kind"] == "help"
    assert count(Alert) == 1


def test_an_item_synced_over_data_first_is_not_stored_again_by_text(gateway, pair, client):
    body = {"client_id": "9f8e7d00-0000-4000-8000-000000000001", "kind": "help",
            "sent_at": "2026-12-07T10:00:00-06:00"}
    assert client.post("/api/v1/alerts", json=body, headers=pair["headers"]).status_code == 201
    assert text(gateway, "HELP #9F8E7D") == "Already stored #9f8e7d. Thank you."
    assert count(Alert) == 1


def test_a_message_to_pairs_is_texted_to_members_with_a_number_and_its_statuses_come_back(
        gateway, pair, client, coordinator, make_team, token_for):
    make_team()  # another pair without numbers: nothing to text
    response = client.post("/api/v1/messages", json={"text": "Storm cell coming, back to staging"},
                           headers=token_for(coordinator))
    assert response.status_code == 201
    gateway.poll()
    assert [gateway.texts_to(number) for number in NUMBERS] == [["Staging: Storm cell coming, back to staging"]] * 2
    first, second = gateway.sent
    gateway.report(first.id, "DELIVERED")
    gateway.report(second.id, "FAILED", "radio off")
    gateway.poll()
    assert len(gateway.sent) == 3  # the failed one again, under a new id
    gateway.report(gateway.sent[2].id, "FAILED", "radio off")
    gateway.poll()
    gateway.report(gateway.sent[3].id, "FAILED", "radio off")
    gateway.poll()
    gateway.poll()
    assert len(gateway.sent) == 4  # three attempts in all, then it stays failed
    statuses = sorted(db.session.scalars(select(SmsOutgoing.status)))
    assert statuses == ["delivered", "failed"]
    page = client.get("/coordinator/dashboard").get_data(as_text=True)
    assert "1 delivered to their phone" in page and "1 could not be sent" in page


def test_a_text_is_offered_until_its_status_comes_but_sent_once(gateway, pair, client, coordinator, token_for):
    client.post("/api/v1/messages", json={"text": "Water at the church"}, headers=token_for(coordinator))
    gateway.poll()
    gateway.poll()  # no status yet: offered again under the same id, which the phone does not send again
    assert len(gateway.sent) == 2
    gateway.report(gateway.sent[0].id, "SENT")
    gateway.report(gateway.sent[0].id, "PENDING")  # late and out of order: never moves a text back
    gateway.poll()
    assert sorted(db.session.scalars(select(SmsOutgoing.status))) == ["offered", "sent"]


def test_an_unknown_status_id_is_ignored(gateway, pair):
    gateway.report(str(uuid.uuid4()), "DELIVERED")
    assert gateway.poll().status_code == 200


@pytest.mark.parametrize("broken", ["\x00", "\ud83d", "a\nb"])
def test_broken_text_in_an_id_or_number_is_a_422_naming_it(client, gateway, pair, broken):
    for body, field in (({"messages": [{"id": broken, "from": NUMBERS[0], "content": "OK"}]}, "messages[0].id"),
                        ({"messages": [{"id": "1", "from": broken, "content": "OK"}]}, "messages[0].from"),
                        ({"updates": [{"id": "1", "status": "FAILED", "reason": broken}]}, "updates[0].reason")):
        response = client.post(gateway.path, json=body, headers=gateway.headers)
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"], field
    assert count(SmsLog) == count(Alert) == 0


def test_half_an_emoji_in_a_text_is_answered_not_a_500(gateway, pair):
    assert "broken or control characters" in text(gateway, "HELP \ud83d")
    assert count(Alert) == 0


def test_the_live_care_board_marks_help_by_text_and_takes_unmatched_calls(gateway, pair, client, coordinator):
    text(gateway, "HELP")
    text(gateway, "HELP car in water, Jim Smith inside", sender=STRANGER)
    calls = client.get("/coordinator/dashboard/care.json").get_json()["help"]
    assert [call.get("by_text") for call in calls if not call.get("unmatched")] == [True]
    (unmatched,) = [call for call in calls if call.get("unmatched")]
    assert unmatched["last_four"] == "9876" and "car in water" in unmatched["note"]
    assert "Jim Smith" not in unmatched["note"]
    home = client.get("/coordinator/").get_data(as_text=True)
    assert "ending 9876" in home and "car in water" in home
    assert client.post(f"/coordinator/care/sms/{unmatched['id']}").status_code == 302
    calls = client.get("/coordinator/dashboard/care.json").get_json()["help"]
    assert not any(call.get("unmatched") for call in calls) and len(calls) == 1


def test_a_batch_from_the_outbox_holding_a_visit_taken_by_text_stores_only_the_others(gateway, pair, client):
    first, second = pair["blocks"][:2]
    text(gateway, f"V {first.code} C W1 #0b7c7c")
    sent = {"visited_at": "2026-12-07T10:00:00-06:00", "outcome": "contact"}
    batch = {"visits": [{**sent, "client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "block_id": first.id},
                        {**sent, "client_id": "1c8d8d2f-5d2e-4f7a-9a0e-2c1d4c0f8b11", "block_id": second.id},
                        {**sent, "client_id": "2d9e9e3a-5d2e-4f7a-9a0e-2c1d4c0f8b11", "block_id": 999999}]}
    results = client.post("/api/v1/visits/batch", json=batch, headers=pair["headers"]).get_json()["results"]
    assert [result["status"] for result in results] == [200, 201, 422]
    stored_by_text = db.session.scalar(select(Visit.id).where(Visit.client_id.startswith("0b7c7c")))
    assert results[0]["id"] == stored_by_text
    assert count(Visit) == 2
    again = client.post("/api/v1/visits/batch", json=batch, headers=pair["headers"]).get_json()["results"]
    assert [result["status"] for result in again] == [200, 200, 422]
    assert count(Visit) == 2


def test_a_batch_without_items_taken_by_text_goes_the_usual_way(gateway, pair, client):
    text(gateway, "HELP #0b7c7c")  # an alert under that REF: a visit with the same start is another item
    batch = {"visits": [{"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "block_id": pair["blocks"][0].id,
                         "visited_at": "2026-12-07T10:00:00-06:00", "outcome": "no_answer"}]}
    results = client.post("/api/v1/visits/batch", json=batch, headers=pair["headers"]).get_json()["results"]
    assert [result["status"] for result in results] == [201]
