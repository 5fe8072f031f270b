"""Upcoming public gatherings (issue 27 item 5): a page in en/es/vi and an iCalendar feed, off unless switched on."""
import uuid

import icalendar
import pytest

from outreach import scope
from outreach.extensions import db
from outreach.models import Operation
from outreach.services.operation import operations

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture
def public_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_GATHERINGS", True)


@pytest.fixture
def circle(make_gathering, make_neighborhood, make_place):
    """A public listening circle in Spanish at a church hall tomorrow, on a block of Lower Ninth."""
    hood = make_neighborhood(name="Lower Ninth")
    block = hood.blocks[0]
    hall = make_place((block.min_lon + block.max_lon) / 2, (block.min_lat + block.max_lat) / 2,
                      name="St. Claude hall")
    return make_gathering(place=hall, title="Circle at the hall", language="es", public=True)


def feed_events(client) -> list:
    """The feed as the icalendar library reads it back: its events."""
    response = client.get("/public/gatherings.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data).walk("VEVENT")


def test_both_addresses_do_not_exist_unless_switched_on(client, app, monkeypatch, circle):
    assert client.get("/public/gatherings").status_code == 404
    assert client.get("/public/gatherings.ics").status_code == 404
    monkeypatch.setitem(app.config, "PUBLIC_NEEDS_PAGE", True)  # the needs page's switch is not this one
    assert client.get("/public/gatherings").status_code == 404


def test_the_needs_page_keeps_its_own_switch(client, public_on):
    assert client.get("/public/needs").status_code == 404


@pytest.mark.parametrize(("lang", "heading", "kind", "language"), [
    ("en", "Gatherings you can come to", "Listening circle", "Spanish"),
    ("es", "Encuentros a los que puede venir", "Círculo de escucha", "español"),
    ("vi", "Các buổi gặp mặt bạn có thể đến", "Vòng tròn lắng nghe", "Tiếng Tây Ban Nha"),
])
def test_the_page_lists_an_upcoming_public_gathering_in_each_language(client, public_on, circle, lang, heading,
                                                                      kind, language):
    response = client.get(f"/public/gatherings?lang={lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<html lang="{lang}">' in page
    assert "Circle at the hall" in page and "St. Claude hall, Lower Ninth" in page
    assert language in page
    if lang == "en":  # the catalogs are translated after merging; until then es and vi fall back to English
        assert heading in page and kind in page
    assert "public" in response.headers["Cache-Control"]


def test_private_past_and_block_codes_are_never_published(client, public_on, circle, make_gathering,
                                                          make_neighborhood):
    block = make_neighborhood(name="Gentilly").blocks[0]
    make_gathering(block=block, title="Private debrief", public=False)
    make_gathering(block=block, title="Yesterday's circle", public=True, starts_in_hours=-30)
    make_gathering(block=block, title="Circle on the block", public=True)
    page = client.get("/public/gatherings").get_data(as_text=True)
    feed = client.get("/public/gatherings.ics").get_data(as_text=True)
    for published in (page, feed):
        assert "Circle at the hall" in published and "Circle on the block" in published
        assert "Private debrief" not in published and "Yesterday" not in published
        assert block.code not in published and "Gentilly" in published
    for facilitator in circle.facilitators:
        assert facilitator.user.name not in page and facilitator.user.name not in feed


def test_attendance_is_never_published(client, public_on, make_gathering, make_neighborhood, token_for):
    """Reports of 3 people (below PUBLIC_MIN_COUNT) and of 14 change nothing the page or the feed publish."""
    block = make_neighborhood(name="Tremé").blocks[0]
    held = [make_gathering(block=block, title=title, public=True, starts_in_hours=-1, hours=3)
            for title in ("Small circle", "Big circle")]
    before = client.get("/public/gatherings").get_data(as_text=True)
    assert "Small circle" in before and "Big circle" in before  # still listed: they end later today
    for gathering, attendance in zip(held, (3, 14), strict=True):
        phone = token_for(gathering.facilitators[0].user, label="device")
        report = {"client_id": str(uuid.uuid4()), "held": True, "attendance": attendance, "minutes": 90}
        assert client.post(f"/api/v1/gatherings/{gathering.id}/report", json=report,
                           headers=phone).status_code == 201
    assert client.get("/public/gatherings").get_data(as_text=True) == before
    for event in feed_events(client):
        assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "CATEGORIES"}


def test_the_feed_parsed_back_has_each_event_with_zoned_times_summary_and_location(client, public_on, circle):
    (event,) = feed_events(client)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.tzinfo is not None and str(event["dtstart"].params["TZID"]) == "America/Chicago"
    assert start == circle.starts_at.replace(microsecond=0) and end == circle.ends_at.replace(microsecond=0)
    assert str(event["summary"]) == "Listening circle: Circle at the hall"
    assert str(event["location"]) == "St. Claude hall, Lower Ninth"
    assert str(event["uid"]).startswith(f"gathering-{circle.id}@")


def test_text_is_escaped_on_the_page_and_kept_as_text_in_the_feed(client, public_on, make_gathering, make_place):
    hall = make_place(-90.0, 29.9, name=PAYLOAD)
    make_gathering(place=hall, title="Circle " + PAYLOAD, public=True)
    page = client.get("/public/gatherings").get_data(as_text=True)
    assert PAYLOAD not in page and "&lt;script&gt;" in page
    (event,) = feed_events(client)
    assert PAYLOAD in str(event["location"])


def test_only_the_public_operation_is_shown(client, public_on, circle, make_gathering, make_neighborhood):
    """The flat address means the only active real operation; another operation's gatherings never show."""
    current = scope.current()
    other = operations.create("other-op", "Other")
    db.session.commit()
    scope.choose(scope.ref(other))
    make_gathering(block=make_neighborhood(name="Elsewhere").blocks[0], title="Other operation's circle",
                   public=True)
    scope.choose(scope.ref(current))
    page = client.get(f"/o/{current.slug}/public/gatherings").get_data(as_text=True)
    assert "Circle at the hall" in page and "Other operation" not in page
    assert client.get("/o/no-such-op/public/gatherings").status_code == 404


def test_a_drills_feed_says_exercise_on_every_event(client, public_on, circle):
    operation = db.session.get(Operation, scope.current_id())
    operation.exercise = True
    db.session.commit()
    (event,) = feed_events(client)
    assert str(event["summary"]).startswith("EXERCISE: ")
    assert "Exercise" in client.get("/public/gatherings").get_data(as_text=True)
