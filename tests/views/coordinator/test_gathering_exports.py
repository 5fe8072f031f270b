"""Gatherings for the funders (issue 27 item 6): the group encounter log CSV and the weekly tally."""
import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import AuditEvent
from outreach.services.gatherings import encounter_log, reports
from outreach.vocab import GATHERING_TOPICS, REFERRALS


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.fixture
def held(make_gathering, acting_coordinator):
    """Factory: a gathering held at `start` (UTC) and reported through the report service, as a phone does."""

    def make(start: datetime, minutes=75, attendance=14, under_18=3, over_64=4, **planned):
        gathering = make_gathering(starts_in_hours=-3, **planned)
        gathering.starts_at, gathering.ends_at = start, start + timedelta(minutes=minutes)
        db.session.commit()
        report = {"client_id": str(uuid.uuid4()), "held": True, "attendance": attendance, "under_18": under_18,
                  "over_64": over_64, "minutes": minutes, "topics": ["grief_and_loss", "housing_and_paperwork"],
                  "referrals": {"crisis_line": 1, "mental_health": 2}}
        reports.record_report(report, gathering.id, acting_coordinator())
        db.session.commit()
        return gathering

    return make


def test_one_row_per_held_gathering_in_bands_with_topics_and_referrals(client, coordinator, app, monkeypatch,
                                                                       held, make_neighborhood, make_place,
                                                                       make_gathering, acting_coordinator):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/Chicago")
    hood = make_neighborhood(name="Lower Ninth")
    block = hood.blocks[0]
    church = make_place((block.min_lon + block.max_lon) / 2, (block.min_lat + block.max_lat) / 2,
                        name="St. Claude church", kind="church")
    # 02:00 UTC on the 14th is the evening of the 13th in New Orleans.
    held(datetime(2005, 9, 14, 2, 0, tzinfo=UTC), place=church, title="Circle, with Mrs Example")
    held(datetime(2005, 9, 15, 16, 0, tzinfo=UTC), minutes=150, attendance=60, under_18=None, over_64=0,
         kind="community_meeting", block=hood.blocks[1])
    not_held = make_gathering(block=block, starts_in_hours=-5)
    reports.record_report({"client_id": str(uuid.uuid4()), "held": False}, not_held.id, acting_coordinator())
    make_gathering(block=block)  # planned, not yet held
    db.session.commit()
    response = client.get("/export/gatherings.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="test-op-gatherings-' in response.headers["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == encounter_log.COLUMNS
    assert header[:8] == ["date", "kind", "neighborhood", "place_type", "attendance", "under_18", "over_64",
                          "duration"]
    assert len(rows) == 2
    first, second = (dict(zip(header, row)) for row in rows)
    assert (first["date"], first["kind"], first["neighborhood"], first["place_type"]) == (
        "2005-09-13", "listening_circle", "Lower Ninth", "church")
    assert (first["attendance"], first["under_18"], first["over_64"], first["duration"]) == (
        "11-20", "1-5", "1-5", "1-2 hours")
    assert [first[f"topic_{t}"] for t in GATHERING_TOPICS].count("1") == 2
    assert first["topic_grief_and_loss"] == "1" and first["topic_coping"] == "0"
    assert (first["referral_crisis_line"], first["referral_mental_health"], first["referral_legal"]) == ("1", "2", "0")
    assert len([c for c in header if c.startswith("referral_")]) == len(REFERRALS)
    assert (second["place_type"], second["attendance"], second["under_18"], second["over_64"],
            second["duration"]) == ("block", "51+", "", "0", "over 2 hours")
    assert "Mrs Example" not in response.get_data(as_text=True)  # no titles, no free text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export")).detail["what"] \
        == "gatherings.csv"


@pytest.mark.parametrize(("value", "bands", "expected"), [
    (0, encounter_log.ATTENDANCE_BANDS, "0"), (1, encounter_log.ATTENDANCE_BANDS, "1-5"),
    (5, encounter_log.ATTENDANCE_BANDS, "1-5"), (6, encounter_log.ATTENDANCE_BANDS, "6-10"),
    (20, encounter_log.ATTENDANCE_BANDS, "11-20"), (50, encounter_log.ATTENDANCE_BANDS, "21-50"),
    (51, encounter_log.ATTENDANCE_BANDS, "51+"), (None, encounter_log.ATTENDANCE_BANDS, ""),
    (30, encounter_log.DURATION_BANDS, "up to 30 min"), (31, encounter_log.DURATION_BANDS, "31-60 min"),
    (120, encounter_log.DURATION_BANDS, "1-2 hours"), (121, encounter_log.DURATION_BANDS, "over 2 hours"),
])
def test_band_edges(value, bands, expected):
    assert encounter_log.band(value, bands) == expected


def test_the_export_is_for_coordinators_only(client, make_user, login):
    login(make_user("volunteer"))
    assert client.get("/export/gatherings.csv").status_code in (403, 404)


def test_the_tally_adds_the_gatherings_held_each_local_day(client, coordinator, app, monkeypatch, held,
                                                           make_neighborhood):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/Chicago")
    block = make_neighborhood().blocks[0]
    held(datetime(2005, 9, 13, 2, 0, tzinfo=UTC), block=block)  # Monday evening, New Orleans time
    held(datetime(2005, 9, 13, 2, 30, tzinfo=UTC), block=block, attendance=6, under_18=None, over_64=None)
    held(datetime(2005, 9, 14, 16, 0, tzinfo=UTC), block=block, attendance=20, under_18=5, over_64=5)
    held(datetime(2005, 9, 19, 16, 0, tzinfo=UTC), block=block)  # the next week
    rows = rows_of(client.get("/export/tally.csv?week=2005-W37"))
    header, days, total = rows[0], rows[1:8], rows[8]
    table = {row[0]: dict(zip(header, row)) for row in days}
    monday, wednesday = table["2005-09-12"], table["2005-09-14"]
    assert (monday["gatherings"], monday["gathering_attendance"], monday["gathering_under_18"],
            monday["gathering_over_64"]) == ("2", "20", "3", "4")
    assert (wednesday["gatherings"], wednesday["gathering_attendance"]) == ("1", "20")
    assert table["2005-09-13"]["gatherings"] == "0" and monday["visits"] == "0"
    summed = dict(zip(header, total))
    assert (summed["gatherings"], summed["gathering_attendance"]) == ("3", "40")


def test_the_printed_weekly_report_has_the_gatherings_by_day(client, coordinator, app, monkeypatch, held,
                                                             make_neighborhood):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/Chicago")
    block = make_neighborhood().blocks[0]
    held(datetime(2005, 9, 14, 16, 0, tzinfo=UTC), block=block, attendance=23, under_18=5, over_64=6)
    page = client.get("/export/weekly?week=2005-W37").get_data(as_text=True)
    table = page[page.index('class="list tally gatherings-tally"'):]
    table = table[:table.index("</table>")]
    assert "<tr><td>2005-09-14</td><td>1</td><td>23</td>" in table
    assert "<th>Week</th><th>1</th><th>23</th>" in table
