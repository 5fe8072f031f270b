"""The operation's life cycle on the coordinator's page: close, archive and reopen, each confirmed first."""
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import AuditEvent, Team
from outreach.services.operation import operations


def status_now() -> tuple[str, object]:
    db.session.expire_all()
    operation = operations.by_slug(scope.current().slug)
    return operation.status, operation.closed_at


def test_the_page_names_the_operation_its_status_and_the_moves_open_to_it(client, coordinator):
    page = client.get("/coordinator/operation").get_data(as_text=True)
    assert "Test operation" in page and "Active" in page and "/o/test-op/" in page
    assert "/coordinator/operation/close" in page and "/coordinator/operation/archive" in page
    assert "/coordinator/operation/reopen" not in page


def test_closing_asks_first_then_closes_audited_and_reopening_makes_it_active(client, coordinator):
    confirm = client.get("/coordinator/operation/close")
    assert confirm.status_code == 200 and "before now are still taken" in confirm.get_data(as_text=True)
    assert status_now() == ("active", None)  # asking changes nothing
    done = client.post("/coordinator/operation/close")
    assert done.status_code == 302 and done.headers["Location"] == "/o/test-op/coordinator/operation"
    status, closed_at = status_now()
    assert status == "closed" and closed_at is not None
    page = client.get("/coordinator/operation").get_data(as_text=True)
    assert "Closed" in page and "/coordinator/operation/reopen" in page and "/operation/close" not in page
    assert client.post("/coordinator/operation/close").status_code == 409  # closed already
    assert client.post("/coordinator/operation/reopen").status_code == 302
    assert status_now() == ("active", None)
    events = db.session.execute(select(AuditEvent.action, AuditEvent.operation_id).order_by(AuditEvent.id)).all()
    here = scope.current_id()
    assert [e for e in events if e[0].startswith("operation_")] == [("operation_closed", here),
                                                                    ("operation_active", here)]


def test_a_closed_operation_forms_no_pair_on_its_page(client, coordinator, make_user):
    first, second = make_user(), make_user()
    client.post("/coordinator/operation/close")
    response = client.post("/coordinator/pairs/new", data={"name": "Late", "first": first.id, "second": second.id})
    assert response.status_code == 422 and "is closed: it takes no new work" in response.get_data(as_text=True)
    assert db.session.scalar(select(Team)) is None


def test_an_archived_operation_says_so_in_its_header_and_only_reopens(client, coordinator):
    client.post("/coordinator/operation/archive")
    page = client.get("/coordinator/operation").get_data(as_text=True)
    assert 'class="operation-status-word">Archived<' in page
    assert "/coordinator/operation/reopen" in page and "/operation/archive" not in page


def test_the_life_cycle_is_for_coordinators_only(client, login, make_user):
    login(make_user("volunteer"))
    assert client.post("/coordinator/operation/close").status_code == 403
    assert status_now()[0] == "active"
