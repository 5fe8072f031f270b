"""The coordinator's gatherings page (issue 27): plan with a form, refusals beside their fields, conflicts shown."""
import re
from datetime import date, timedelta

from flask_babel import to_user_timezone
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Gathering, utcnow
from outreach.services.safety import shifts


def local(moment) -> str:
    """A time as the form's datetime-local input sends it, in the operation's zone."""
    return to_user_timezone(moment).strftime("%Y-%m-%dT%H:%M")


def form(block, facilitators, start=None, **fields) -> dict:
    start = start or utcnow() + timedelta(days=1)
    data = {"kind": "community_meeting", "title": "Rebuilding meeting", "starts_at": local(start),
            "ends_at": local(start + timedelta(hours=2)), "place": "0", "block_code": block.code,
            "facilitators": [user.id for user in facilitators], "language": "en", "public": "y"}
    data.update(fields)
    return data


def test_a_coordinator_plans_a_gathering_from_the_page_and_sees_it_listed(client, coordinator, make_user, block):
    alma, ray = make_user(name="Alma Facilitator"), make_user(name="Ray Facilitator")
    answer = client.post("/coordinator/gatherings", data=form(block, [alma, ray]), follow_redirects=True)
    page = answer.data.decode()
    assert answer.status_code == 200 and "Rebuilding meeting is planned" in page
    assert "Community meeting" in page and block.code in page and "Alma Facilitator, Ray Facilitator" in page
    gathering = db.session.scalar(select(Gathering))
    assert gathering.block_id == block.id and gathering.public and gathering.language == "en"


def test_one_facilitator_is_refused_beside_the_field_and_nothing_is_stored(client, coordinator, make_user, block):
    answer = client.post("/coordinator/gatherings", data=form(block, [make_user()]))
    assert answer.status_code == 422
    assert "nobody holds a gathering alone" in answer.data.decode()
    assert db.session.scalar(select(func.count()).select_from(Gathering)) == 0


def test_an_end_before_the_start_and_an_unknown_block_are_refused(client, coordinator, make_user, block):
    start = utcnow() + timedelta(days=1)
    people = [make_user(), make_user()]
    answer = client.post("/coordinator/gatherings", data=form(block, people, ends_at=local(start - timedelta(hours=1)),
                                                              starts_at=local(start)))
    assert answer.status_code == 422 and "must be after the start" in answer.data.decode()
    answer = client.post("/coordinator/gatherings", data=form(block, people, block_code="NOPE-999"))
    assert answer.status_code == 422 and "no block has this code" in answer.data.decode()
    assert db.session.scalar(select(func.count()).select_from(Gathering)) == 0


def test_a_facilitator_on_a_shift_or_at_another_gathering_then_is_shown_as_a_conflict(
        client, coordinator, make_user, make_gathering, block):
    alma, ray, lee = make_user(name="Alma Busy"), make_user(name="Ray Free"), make_user(name="Lee Double")
    shifts.check_in(alma, 4)
    db.session.commit()
    make_gathering(facilitators=[lee, ray], block=block, starts_in_hours=1, title="Earlier circle")
    make_gathering(facilitators=[alma, lee], block=block, starts_in_hours=0.5, title="Clashing circle")
    page = client.get("/coordinator/gatherings").data.decode()
    assert "Alma Busy is on a shift at that time." in page
    assert "Lee Double is at another gathering then: Earlier circle." in page


def test_the_practice_link_prefills_a_practice_circle_for_the_volunteers_due(client, coordinator, make_user):
    due = make_user(name="Long Ago Trained", trained_on=date.today() - timedelta(days=500))
    fresh = make_user(name="Newly Trained")
    page = client.get("/coordinator/gatherings?practice=1").data.decode()
    assert re.search(r'<option selected value="ecpr_practice">', page)
    boxes = {value: bool(checked) for checked, value in re.findall(
        r'<input (checked )?id="facilitators-\d+" name="facilitators" type="checkbox" value="(\d+)">', page)}
    assert boxes == {str(due.id): True, str(fresh.id): False}
