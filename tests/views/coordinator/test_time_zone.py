"""One time zone on every coordinator page: the operation's (BABEL_DEFAULT_TIMEZONE), always labelled."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from outreach.extensions import db
from outreach.models import Assignment, AuditEvent, SigninCode, utcnow
from outreach.services.operation import audit

ZONE = ZoneInfo("America/Chicago")  # the default operation zone (New Orleans)


def local_clock(moment: datetime) -> str:
    """How the English pages write a time in the operation's zone: "2:05 PM CST"."""
    local = moment.astimezone(ZONE)
    return f"{local.strftime('%-I:%M %p')} {local.strftime('%Z')}"


def get(client, url: str) -> str:
    """A page's HTML with CLDR's narrow and no-break spaces ("10:20\u202fAM") read as plain spaces."""
    return client.get(url).data.decode().replace("\u202f", " ").replace("\xa0", " ")


def test_the_pairs_page_shows_expiry_in_the_operation_zone(client, coordinator, make_team, make_neighborhood, assign):
    assign(make_team(name="Cypress"), make_neighborhood().blocks[:1], hours=5)
    expires = db.session.query(Assignment).one().expires_at
    page = get(client, "/coordinator/pairs")
    assert local_clock(expires) in page and " UTC" not in page


def test_the_audit_log_shows_times_in_the_operation_zone_and_says_which(client, coordinator):
    event = audit.record(coordinator, "export", detail={"what": "needs"})
    db.session.commit()
    page = get(client, "/coordinator/audit")
    local = event.at.astimezone(ZONE)
    assert f"{local.strftime('%-I:%M:%S %p')} {local.strftime('%Z')}" in page
    assert "America/Chicago" in page and "(UTC)" not in page


def test_the_audit_date_filter_reads_days_in_the_operation_zone(client, coordinator):
    # 03:00 UTC on 8 December is still 7 December in New Orleans.
    event = audit.record(coordinator, "export", detail={"what": "after-midnight-export"})
    event.at = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
    db.session.commit()
    page = client.get("/coordinator/audit?since=2026-12-07&until=2026-12-07&action=export").data.decode()
    assert "after-midnight-export" in page
    page = client.get("/coordinator/audit?since=2026-12-08&until=2026-12-08&action=export").data.decode()
    assert "after-midnight-export" not in page


def test_the_phones_page_shows_times_in_the_operation_zone(client, coordinator, token_for):
    token_for(coordinator)
    page = client.get("/coordinator/tokens").data.decode()
    assert local_clock(utcnow()).rsplit(" ", 1)[1] in page  # labelled CST/CDT


@pytest.mark.parametrize("lang", ["en", "es", "vi"])
def test_the_sign_in_code_page_labels_its_times(client, coordinator, make_user, lang):
    volunteer = make_user(name="Ana")
    response = client.post(f"/coordinator/volunteers/{volunteer.id}/signin?lang={lang}")
    assert response.status_code == 200
    page = response.data.decode()
    code = db.session.query(SigninCode).one()
    assert code.expires_at.astimezone(ZONE).strftime("%Z") in page
    assert code.expires_at - utcnow() < timedelta(days=2)


def test_the_dashboard_script_gets_the_operation_zone(client, coordinator):
    page = client.get("/coordinator/dashboard").data.decode()
    assert '"time_zone": "America/Chicago"' in page or '"time_zone":"America/Chicago"' in page


def test_an_event_is_kept_in_utc(coordinator):
    event = audit.record(coordinator, "export")
    db.session.commit()
    assert db.session.get(AuditEvent, event.id).at.utcoffset() == timedelta(0)
