"""The needs triage puts new needs where they are seen: unhandled first, newest first, with their age and a marker."""
import re
from datetime import timedelta

from outreach.models import utcnow


def row_order(page: str) -> list[int]:
    """The need ids in the order the table lists them."""
    return [int(found) for found in re.findall(r'<tr id="need-(\d+)"', page)]


def row_of(page: str, need_id: int) -> str:
    return re.search(rf'<tr id="need-{need_id}".*?</tr>', page, re.S)[0]


def test_new_needs_come_first_within_their_urgency_and_handled_ones_after(client, coordinator, block, make_need):
    old = make_need(block, category="water", urgency="soon", created_at=utcnow() - timedelta(days=3))
    new = make_need(block, category="food", urgency="soon", created_at=utcnow() - timedelta(minutes=5))
    urgent_old = make_need(block, category="medical", urgency="immediate", created_at=utcnow() - timedelta(days=1))
    claimed = make_need(block, category="power", urgency="immediate", status="claimed")
    page = client.get("/coordinator/needs").get_data(as_text=True)
    assert row_order(page) == [urgent_old.id, new.id, old.id, claimed.id]


def test_each_need_shows_its_age_and_new_ones_are_marked(client, coordinator, block, make_need):
    new = make_need(block, created_at=utcnow() - timedelta(minutes=20))
    old = make_need(block, category="food", created_at=utcnow() - timedelta(days=3))
    page = client.get("/coordinator/needs").get_data(as_text=True)
    assert "20 min" in row_of(page, new.id) and "new-badge" in row_of(page, new.id)
    assert "3 days" in row_of(page, old.id) and "new-badge" not in row_of(page, old.id)


def test_five_hundred_old_needs_do_not_hide_a_new_one(client, coordinator, block, make_need, monkeypatch):
    from outreach.coordinator import needs as triage

    monkeypatch.setattr(triage, "TRIAGE_LIMIT", 3)
    for days in range(3, 7):
        make_need(block, urgency="immediate", created_at=utcnow() - timedelta(days=days))
    new = make_need(block, category="food", urgency="immediate")
    assert row_order(client.get("/coordinator/needs").get_data(as_text=True))[0] == new.id
