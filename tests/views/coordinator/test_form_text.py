"""Page forms take whole characters only (issue 25 item 2): a control character in any text field is a
form error naming the problem, never a 500 or a stored row (PostgreSQL refuses NUL outright)."""
import pytest

from outreach.extensions import db
from outreach.models import Message, Team, User

BROKEN = ["\x00", "\x07", "\x1b", "\x7f", "\x85"]
SAID = b"control character or a broken character"


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("field", ["name", "staging_label"])
def test_a_control_character_in_a_pair_form_is_a_form_error(client, coordinator, make_user, field, broken):
    a, b = make_user(), make_user()
    data = {"name": "Magnolia", "first": a.id, "second": b.id, "staging_label": "St. Mary's steps"}
    data[field] = data[field][:3] + broken + data[field][3:]
    response = client.post("/coordinator/pairs/new", data=data)
    assert response.status_code == 422 and SAID in response.data
    assert db.session.query(Team).count() == 0


@pytest.mark.parametrize("value", ["Alma\nBatiste", "Alma\tBatiste", "Alma\x00Batiste"])
def test_a_one_line_field_refuses_line_breaks_and_tabs_too(client, coordinator, value):
    response = client.post("/coordinator/volunteers/new", data={"name": value, "email": "alma@example.org"})
    assert response.status_code == 422 and SAID in response.data
    assert db.session.query(User).filter_by(role="volunteer").count() == 0


def test_a_multi_line_message_keeps_its_line_breaks_and_refuses_controls(client, coordinator, make_team):
    make_team()
    client.post("/coordinator/messages", data={"text": "Storm cell\x00 coming", "to": "all"})
    assert db.session.query(Message).count() == 0
    client.post("/coordinator/messages", data={"text": "Storm cell coming.\r\nBack to staging now.", "to": "all"})
    assert [m.text for m in db.session.query(Message)] == ["Storm cell coming.\nBack to staging now."]
