"""Typing in a paper gathering log (issue 27 item 6): through the phone's report service, all or nothing."""
import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import GatheringReport, Need, Practice

URL = "/coordinator/paper/gathering"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def circle(make_gathering, block):
    """A listening circle on the Lower Ninth block that started three hours ago."""
    return make_gathering(block=block, starts_in_hours=-3)


def a_sheet(planned, **fields) -> dict:
    sheet = {"gathering": str(planned.id), "held": "yes", "attendance": "14", "under_18": "3", "over_64": "4",
             "minutes": "75", "topics": "2 5", "referral_crisis_line": "1", "referral_mental_health": "2",
             "need_1_category": "1", "need_1_urgency": "2", "need_1_people": "6",
             "would_do_differently": "Start earlier; Mrs. Ana Lopez at 1234 Dauphine St asked for a ride"}
    sheet.update(fields)
    return sheet


def test_the_page_offers_the_gatherings_that_have_started(client, coordinator, circle, make_gathering):
    make_gathering(title="Next week's meeting", starts_in_hours=24 * 7)
    page = client.get(URL).get_data(as_text=True)
    assert circle.title in page and "Next week" not in page
    assert "People who came (estimate)" in page


def test_a_sheet_is_stored_like_a_phones_report_and_typing_it_again_stores_it_once(client, coordinator, circle):
    response = client.post(URL, data=a_sheet(circle))
    assert response.status_code == 302
    report = db.session.scalar(select(GatheringReport))
    assert (report.held, report.attendance, report.under_18, report.over_64, report.minutes) == (True, 14, 3, 4, 75)
    assert report.topics == ["grief_and_loss", "housing_and_paperwork"]
    assert report.referrals == {"crisis_line": 1, "mental_health": 2}
    assert "1234 Dauphine" not in report.would_do_differently and "Start earlier" in report.would_do_differently
    (need,) = db.session.scalars(select(Need)).all()
    assert (need.category, need.urgency, need.people, need.block_id) == ("water", "soon", 6, circle.block_id)
    assert "stored" in client.get(URL).get_data(as_text=True)
    again = client.post(URL, data=a_sheet(circle), follow_redirects=True)
    assert "already stored" in again.get_data(as_text=True)
    assert count(GatheringReport) == 1 and count(Need) == 1


@pytest.mark.parametrize(("fields", "named", "message"), [
    ({"attendance": "lots"}, "People who came (estimate)", ""),
    ({"attendance": "20000"}, "People who came (estimate)", ""),
    ({"minutes": "-5"}, "Minutes", ""),
    ({"under_18": "10", "over_64": "10"}, "Under 18", "more than the attendance"),
    ({"topics": "2 9"}, "Topics", "numbers from 1 to 8"),
    ({"referral_legal": "x"}, "Legal help", ""),
    ({"need_2_category": "99", "need_2_urgency": "1"}, "Row 2, Need", "One number from 1 to"),
    ({"need_1_urgency": ""}, "Row 1, How soon", "One number from 1 to"),
    ({"need_1_people": "0"}, "Row 1, People", ""),
    ({"held": ""}, "Was it held?", "yes or no"),
    ({"gathering": ""}, "Gathering", "Choose the gathering"),
    ({"gathering": "999999"}, "Gathering", ""),
    ({"would_do_differently": "x" * 1001}, "What we would do differently", ""),
])
def test_bad_input_names_the_field_and_stores_nothing(client, coordinator, circle, fields, named, message):
    response = client.post(URL, data=a_sheet(circle, **fields))
    page = response.get_data(as_text=True)
    assert response.status_code in (404, 422), page
    assert "Nothing was stored" in page
    assert f'<span class="field-error" role="alert">{named}' in page
    assert message in page
    assert count(GatheringReport) == 0 and count(Need) == 0


def test_a_debriefs_log_counts_people_only_as_on_the_phone(client, coordinator, make_gathering, block):
    debrief = make_gathering(kind="volunteer_debrief", block=block, starts_in_hours=-3)
    response = client.post(URL, data=a_sheet(debrief, need_1_category="", need_1_urgency="", need_1_people=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "counts people only" in page
    assert count(GatheringReport) == 0
    ok = client.post(URL, data={"gathering": str(debrief.id), "held": "yes", "attendance": "6", "minutes": "60"})
    assert ok.status_code == 302 and count(GatheringReport) == 1


def test_a_practice_log_records_who_practised(client, coordinator, make_gathering, make_user, block):
    first, second = make_user("volunteer"), make_user("volunteer")
    practice = make_gathering(kind="ecpr_practice", facilitators=[first, second], block=block, starts_in_hours=-3)
    response = client.post(URL, data={"gathering": str(practice.id), "held": "yes", "attendance": "8",
                                      "practised": [str(first.id), str(second.id)]})
    assert response.status_code == 302
    assert sorted(p.user_id for p in db.session.scalars(select(Practice))) == sorted([first.id, second.id])


def test_a_different_sheet_for_a_reported_gathering_is_refused(client, coordinator, circle):
    assert client.post(URL, data=a_sheet(circle)).status_code == 302
    response = client.post(URL, data=a_sheet(circle, attendance="15"))
    assert response.status_code == 409 and "Nothing was stored" in response.get_data(as_text=True)
    assert db.session.scalar(select(GatheringReport)).attendance == 14


def test_volunteers_cannot_enter_paper_logs(client, make_user, login, circle):
    login(make_user("volunteer"))
    assert client.post(URL, data=a_sheet(circle)).status_code in (302, 403, 404)
    assert count(GatheringReport) == 0
