"""Two gateway polls at the same moment carrying the same text (a retry crossing a slow answer), over real
HTTP with a thread per request, on the test database (SQLite, or PostgreSQL with OUTREACH_TEST_DATABASE_URL):
the text is carried out once, and both polls are answered with the same reply."""
import threading

import httpx
import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Alert, SmsLog, Visit
from outreach.services.sms import gateways, phones
from tests.sms_gateway import GatewayPhone

TRIES = 6
NUMBER = "+15045550123"


@pytest.fixture
def credentials(field):
    """A gateway's user and password, and the pair's first member registered with NUMBER."""
    phones.set_number(field["team"].members[0], NUMBER)
    gateway, password = gateways.create("race-gateway")
    db.session.commit()
    return gateway.name, password


def polls_at_once(server, credentials, texts) -> list[dict]:
    """TRIES gateway phones poll at the same moment, each carrying its `texts` (id, content)."""
    start = threading.Barrier(TRIES)
    answers = []

    def poll(index):
        with httpx.Client(base_url=server, timeout=30) as client:
            phone = GatewayPhone(client, *credentials)
            message_id, content = texts[index]
            phone.receive(NUMBER, content, message_id=message_id)
            start.wait()
            response = phone.poll()
            answers.append((response.status_code, response.json()))

    threads = [threading.Thread(target=poll, args=(index,)) for index in range(TRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_the_same_text_in_polls_at_once_is_carried_out_once(server, credentials, field):
    content = f"V {field['blocks'][0].code} C W1"
    answers = polls_at_once(server, credentials, [("same-id", content)] * TRIES)
    assert [status for status, _ in answers] == [200] * TRIES
    replies = {(text["id"], text["content"]) for _, body in answers for text in body["messages"]}
    assert len(replies) == 1 and next(iter(replies))[1].startswith("Visit stored")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 1
    assert db.session.scalar(select(func.count()).select_from(SmsLog)) == 1


def test_the_same_ref_in_texts_at_once_is_carried_out_once(server, credentials, field):
    answers = polls_at_once(server, credentials, [(f"id-{index}", "HELP #c0ffee") for index in range(TRIES)])
    assert [status for status, _ in answers] == [200] * TRIES
    replies = sorted(body["messages"][0]["content"] for _, body in answers)
    assert sum(reply.startswith("Help call received") for reply in replies) == 1
    assert replies.count("Already stored #c0ffee. Thank you.") == TRIES - 1
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
