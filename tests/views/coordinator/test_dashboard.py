"""The coverage dashboard: care alerts first, then per-neighborhood numbers and the visits chart."""
import uuid
from datetime import timedelta

from outreach.extensions import db
from outreach.models import AuditEvent, Need, Shift, Visit, utcnow
from outreach.services.fieldwork import coverage


def visit(block, outcome="contact", days_ago=0, **fields):
    row = Visit(client_id=str(uuid.uuid4()), content_hash="h", block_id=block.id,
                visited_at=utcnow() - timedelta(days=days_ago), outcome=outcome, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def shift(user, ends_in_hours, **fields):
    fields.setdefault("last_ok_at", utcnow() - timedelta(minutes=10))  # on the check-in rhythm
    row = Shift(user_id=user.id, checked_in_at=utcnow() - timedelta(hours=4),
                expected_end_at=utcnow() + timedelta(hours=ends_in_hours), **fields)
    db.session.add(row)
    db.session.commit()
    return row


def test_care_alerts_are_listed_and_can_be_handled(client, coordinator, make_user, make_neighborhood):
    block = make_neighborhood().blocks[0]
    late = shift(make_user(name="Late Lou"), -1)
    on_time = shift(make_user(name="Early Eve"), 2)
    talk = shift(make_user(name="Talk Tam"), -3, checked_out_at=utcnow(), debrief_requested=True, self_care="shaken")
    concern = visit(block, safety_concern=True)
    page = client.get("/coordinator/dashboard").data.decode()
    assert "Late Lou" in page and "Early Eve" not in page
    board = client.get("/coordinator/dashboard/care.json").json
    assert [s["name"] for s in board["overdue"]] == ["Late Lou"]
    assert [s["name"] for s in board["care"]] == ["Talk Tam"] and [v["block"] for v in board["safety"]] == [block.code]
    client.post(f"/coordinator/care/extend/{late.id}")
    client.post(f"/coordinator/care/debriefed/{talk.id}")
    client.post(f"/coordinator/care/safety/{concern.id}")
    db.session.expire_all()
    assert late.expected_end_at > utcnow() and late.checked_out_at is None
    assert talk.debrief_done_at is not None and concern.safety_resolved_at is not None
    board = client.get("/coordinator/dashboard/care.json").json
    assert board["overdue"] == [] and board["care"] == [] and board["safety"] == []
    actions = {e.action for e in db.session.query(AuditEvent)}
    assert {"overdue_shift_extended", "debrief_done", "safety_concern_resolved"} <= actions
    assert on_time.checked_out_at is None


def test_closing_an_overdue_shift_checks_it_out(client, coordinator, make_user):
    late = shift(make_user(), -2)
    client.post(f"/coordinator/care/close/{late.id}")
    db.session.refresh(late)
    assert late.checked_out_at is not None
    assert client.post(f"/coordinator/care/close/{late.id}").status_code == 409


def test_unknown_items_are_404(client, coordinator):
    assert client.post("/coordinator/care/safety/999").status_code == 404
    assert client.post("/coordinator/care/extend/999").status_code == 404


def test_coverage_counts_per_neighborhood(make_neighborhood, make_team, assign):
    hood = make_neighborhood(name="Bywater")
    other = make_neighborhood(name="Gentilly", bounds=(-90.05, 29.98, -90.04, 29.99))
    assign(make_team(), hood.blocks[:2])
    first = visit(hood.blocks[0])
    visit(hood.blocks[0], outcome="no_answer", days_ago=1)
    visit(hood.blocks[1], outcome="contact", days_ago=2)
    db.session.add_all([Need(visit=first, block_id=hood.blocks[0].id, category="water", urgency="soon"),
                        Need(block_id=hood.blocks[1].id, category="food", urgency="soon", status="fulfilled")])
    db.session.commit()
    by_name = {h.name: h for h in coverage.neighborhood_coverage()}
    bywater = by_name["Bywater"]
    assert bywater.blocks == len(hood.blocks) and bywater.by_status["assigned"] == 2
    assert bywater.visited_blocks == 2 and bywater.share_visited == 2 / len(hood.blocks)
    assert (bywater.contacts, bywater.needs_open, bywater.needs_fulfilled) == (2, 1, 1)
    assert by_name["Gentilly"].visited_blocks == 0 and by_name["Gentilly"].blocks == len(other.blocks)


def test_visits_per_day_has_every_day_and_the_chart_scales(make_neighborhood):
    block = make_neighborhood().blocks[0]
    for days_ago in (0, 0, 3, 20):
        visit(block, days_ago=days_ago)
    series = coverage.visits_per_day()
    assert len(series) == 14 and series[-1] == (utcnow().date(), 2) and series[-4][1] == 1
    assert sum(c for _, c in series) == 3
    bars = coverage.chart_bars(series)
    assert max(b["height"] for b in bars) == 140 and bars[-4]["height"] == 70


def test_dashboard_page_draws_the_chart_inline(client, coordinator, make_neighborhood):
    hood = make_neighborhood(name="Treme")
    visit(hood.blocks[0])
    page = client.get("/coordinator/dashboard").data.decode()
    assert "<svg" in page and "<rect" in page and "Treme" in page
    assert f"<td>{100 // len(hood.blocks)}%</td>" in page


def test_visits_per_day_counts_days_in_the_operations_zone(make_neighborhood):
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    block = make_neighborhood().blocks[0]
    late = visit(block)
    late.visited_at = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)  # 9 PM on 7 December in New Orleans
    db.session.commit()
    chicago = ZoneInfo("America/Chicago")
    series = dict(coverage.visits_per_day(today=date(2026, 12, 8), zone=chicago))
    assert series[date(2026, 12, 7)] == 1 and series[date(2026, 12, 8)] == 0
    assert dict(coverage.visits_per_day(today=date(2026, 12, 8)))[date(2026, 12, 8)] == 1  # UTC by default
