"""Coordinator exports: needs CSV and HXL, blocks GeoJSON, the weekly tally and report; all audited."""
import csv
import io
import json
import re
from datetime import UTC, datetime

import hxl
import pytest
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import AuditEvent, Visit
from outreach.services.operation import operations
from outreach.vocab import NEED_CATEGORIES, NEED_STATUSES, NEED_URGENCIES

NOTE = "Grandmother worried about her insulin"
EXPORTS = ["/export/", "/export/needs.csv", "/export/needs.hxl.csv", "/export/blocks.geojson",
           "/export/tally.csv?week=2005-W37", "/export/weekly?week=2005-W37"]


def rows_of(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_needs_csv_has_every_need_at_block_level_and_no_notes_or_hints(client, coordinator, block, make_need,
                                                                          make_group):
    group, member = make_group(name="Kitchen")
    need = make_need(block, category="food", people=4, notes=NOTE, hint="side door")
    need.claimed_by_group_id = group.id
    need.status = "claimed"
    db.session.commit()
    response = client.get("/export/needs.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, row = rows_of(response)
    record = dict(zip(header, row))
    assert (record["id"], record["category"], record["people"], record["status"]) == (
        str(need.id), "food", "4", "claimed")
    assert (record["block_code"], record["neighborhood"], record["claimed_by"]) == (
        block.code, "Lower Ninth", "Kitchen")
    text = response.get_data(as_text=True)
    assert NOTE not in text and "side door" not in text


def test_text_that_looks_like_a_formula_is_kept_as_text(client, coordinator, make_neighborhood, make_need):
    block = make_neighborhood(name="=HYPERLINK(\"http://evil\")").blocks[0]
    make_need(block)
    [_, row] = rows_of(client.get("/export/needs.csv"))
    assert row[6].startswith("'=")


def test_the_hxl_export_validates_with_libhxl(client, coordinator, block, make_need):
    for category, urgency in [("water", "immediate"), ("food", "soon"), ("pets", "routine")]:
        make_need(block, category=category, urgency=urgency, people=2)
    text = client.get("/export/needs.hxl.csv").get_data(as_text=True)
    dataset = hxl.data(hxl.input.make_input(io.BytesIO(text.encode())))
    tags = [column.display_tag for column in dataset.columns]
    assert {"#sector", "#adm2+name", "#loc+code", "#affected", "#status", "#date+reported"} <= set(tags)
    assert len(list(dataset)) == 3
    assert valid_hxl(text) == []


def valid_hxl(text: str) -> list[str]:
    """Problems libhxl finds against our schema: categories, statuses, urgencies, numbers and dates."""
    problems = []
    schema = hxl.schema([
        ["#valid_tag", "#valid_type", "#valid_required", "#valid_value+list"],
        ["#meta+id", "number", "true", ""],
        ["#sector", "text", "true", "|".join(NEED_CATEGORIES)],
        ["#severity", "text", "true", "|".join(NEED_URGENCIES)],
        ["#affected", "number", "true", ""],
        ["#status", "text", "true", "|".join(NEED_STATUSES)],
        ["#loc+code", "text", "true", ""],
        ["#adm2+name", "text", "true", ""],
        ["#date+reported", "date", "true", ""],
    ], callback=lambda error: problems.append(error.message))
    schema.validate(hxl.data(hxl.input.make_input(io.BytesIO(text.encode()))))
    return problems


def test_the_hxl_schema_rejects_a_wrong_category():
    text = "id,category\n#meta+id,#sector\n1,beer\n"
    assert valid_hxl(text) != []


def test_blocks_geojson_has_status_and_counts_and_no_notes(client, coordinator, block, make_need):
    make_need(block, notes=NOTE)
    response = client.get("/export/blocks.geojson")
    assert response.mimetype == "application/geo+json"
    collection = json.loads(response.get_data(as_text=True))
    feature = next(f for f in collection["features"] if f["properties"]["id"] == block.id)
    assert feature["properties"]["open_needs"] == 1 and feature["properties"]["visits"] == 1
    assert "status" in feature["properties"] and NOTE not in response.get_data(as_text=True)


def visit(block, when, outcome="contact", **fields):
    n = visit.serial = getattr(visit, "serial", 0) + 1
    row = Visit(client_id=f"00000000-0000-4000-8000-{n:012d}", content_hash="t", block_id=block.id,
                visited_at=when, outcome=outcome, **fields)
    db.session.add(row)
    return row


def test_the_tally_counts_each_local_day_of_the_week(client, coordinator, block, app, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/Chicago")
    # 2005-09-12 is the Monday of 2005-W37. 03:00 UTC on Tuesday is still Monday evening in New Orleans.
    visit(block, datetime(2005, 9, 13, 3, 0, tzinfo=UTC), adults=2, children=1,
          ecpr=["connecting", "empowering"], referrals=["fema_or_insurance"], risks=["home_damaged", "displaced"])
    visit(block, datetime(2005, 9, 13, 15, 0, tzinfo=UTC), ecpr=["connecting"], adults=1)
    visit(block, datetime(2005, 9, 13, 16, 0, tzinfo=UTC), outcome="no_answer")
    visit(block, datetime(2005, 9, 14, 16, 0, tzinfo=UTC), outcome="left_materials")
    visit(block, datetime(2005, 9, 19, 16, 0, tzinfo=UTC))  # the next week
    db.session.commit()
    rows = rows_of(client.get("/export/tally.csv?week=2005-W37"))
    header, days, total = rows[0], rows[1:8], rows[8]
    table = {row[0]: dict(zip(header, row)) for row in days}
    assert [row[0] for row in days] == [f"2005-09-{d}" for d in range(12, 19)]
    monday, tuesday = table["2005-09-12"], table["2005-09-13"]
    assert (monday["contacts"], monday["brief_contacts"], monday["people_reached"]) == ("1", "0", "3")
    assert (monday["referral_fema_or_insurance"], monday["risk_home_damaged"]) == ("1", "1")
    assert (tuesday["contacts"], tuesday["brief_contacts"], tuesday["no_answers"]) == ("1", "1", "1")
    assert table["2005-09-14"]["materials_left"] == "1"
    assert total[0] == "total" and dict(zip(header, total))["visits"] == "4"


@pytest.mark.parametrize("week", ["2005-37", "2005-W54", "W37", "2005-W3x", "<script>"])
def test_a_malformed_week_is_a_400(client, coordinator, week):
    assert client.get("/export/tally.csv", query_string={"week": week}).status_code == 400
    assert client.get("/export/weekly", query_string={"week": week}).status_code == 400


def test_the_weekly_report_shows_the_tally_and_the_needs_flow(client, coordinator, block, make_need):
    when = datetime(2005, 9, 14, 16, 0, tzinfo=UTC)
    visit(block, when, adults=1, ecpr=["connecting"])
    make_need(block, category="water", created_at=when)
    db.session.commit()
    page = client.get("/export/weekly?week=2005-W37").get_data(as_text=True)
    assert "2005-W37" in page and "2005-09-12" in page and "<td>Water</td>" in page
    assert "2005-W36" in page and "2005-W38" in page


def test_every_export_is_audited(client, coordinator):
    for url in EXPORTS[1:]:
        assert client.get(url).status_code == 200, url
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert sorted(e.detail["what"] for e in logged) == sorted(
        ["needs.csv", "needs.hxl.csv", "blocks.geojson", "tally.csv", "weekly_report"])
    assert {e.actor_id for e in logged} == {coordinator.id}


@pytest.mark.parametrize("role", ["aid", "volunteer"])
def test_only_coordinators_export(client, login, make_user, role):
    login(make_user(role))
    assert {url: client.get(url).status_code for url in EXPORTS} == {url: 403 for url in EXPORTS}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_formula_after_a_separator_is_kept_as_text_in_every_locale(client, coordinator, block, make_need,
                                                                    make_group, delimiter):
    group, _member = make_group(name="Kitchen;=cmd|' /C calc'!A0,\t@SUM(1)")
    need = make_need(block)
    need.claimed_by_group_id, need.status = group.id, "claimed"
    db.session.commit()
    text = client.get("/export/needs.csv").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    assert "Kitchen" in text and not [cell for cell in cells if re.match(r"\s*[=+\-@]", cell)]


def test_exports_hold_only_this_operations_needs_and_a_drills_files_say_exercise(
        client, coordinator, block, make_need, make_neighborhood, acting_coordinator):
    here = make_need(block, category="food")
    drill = operations.create("drill", "Spring drill", exercise=True)
    for person in (coordinator, acting_coordinator()):
        operations.add_member(person, drill, "coordinator")
    with scope.working_in(scope.ref(drill)):
        there = make_need(make_neighborhood(name="Drill ward").blocks[0], category="water")
    db.session.commit()
    response = client.get("/export/needs.csv")
    assert [row[0] for row in rows_of(response)[1:]] == [str(here.id)]
    assert re.search(r'filename="test-op-needs-[0-9-]+\.csv"', response.headers["Content-Disposition"])
    drilled = client.get("/o/drill/export/needs.csv")
    assert [row[0] for row in rows_of(drilled)[1:]] == [str(there.id)]
    assert re.search(r'filename="EXERCISE-drill-needs-[0-9-]+\.csv"', drilled.headers["Content-Disposition"])
    tally = client.get("/o/drill/export/tally.csv")
    assert tally.headers["Content-Disposition"].startswith('attachment; filename="EXERCISE-drill-tally-')
    total = rows_of(tally)[-1]
    assert total[0] == "total" and total[1] == "1"  # the drill's one visit, not the test operation's
