"""The dashboard's replica panel (issue 29): where the copy goes, how far behind, the last copy, and a warning
when it falls behind, cannot be reached or is not being made; on PostgreSQL, the streaming standbys.

The suite runs on SQLite and on PostgreSQL, and a skip fails CI: the dashboard's own panel is checked for the
engine at hand, and Litestream's states are rendered from the watcher's status file by the panel's template."""
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template

from outreach.extensions import db
from outreach.services.operation import replica


@pytest.fixture
def replica_at(app, tmp_path):
    """Write the watcher's status as it would for a replica folder; returns the writer."""
    stick = tmp_path / "stick"

    def write(checked_ago=0, running=True, behind=None, error=None, same_disk=False, restarts=0):
        now = datetime.now(UTC)
        replica.write_status(tmp_path / "state", {
            "where": str(stick), "checked_at": (now - timedelta(seconds=checked_ago)).isoformat(),
            "litestream": {"running": running, "restarts": restarts,
                           "last_exit": None if running else {"at": now.isoformat(), "code": -9}},
            "local_txid": 9, "replica_txid": 9 if behind is None else 4, "replica_error": error,
            "last_copy_at": (now - timedelta(seconds=behind or 1)).isoformat(),
            "behind_since": None if behind is None else (now - timedelta(seconds=behind)).isoformat(),
            "same_disk": same_disk})
        return stick

    return write


def sqlite_panel(app, tmp_path, folder="state") -> str:
    """The panel's HTML for a SQLite database with a replica, from the status the watcher left in `folder`."""
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'o.sqlite'}", "REPLICA": str(tmp_path / "stick"),
              "REPLICA_STATE_DIR": str(tmp_path / folder)}
    with app.test_request_context("/"):
        return render_template("coordinator/_replica.html",
                               replica=replica.panel(config, "unused", datetime.now(UTC)))


def panel(client) -> str:
    """The panel alone, as the dashboard fetches it."""
    response = client.get("/coordinator/dashboard/replica")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_dashboard_shows_the_copy_of_its_database(client, coordinator):
    """No replica set (SQLite), or no standby (PostgreSQL, tested on the throw-away server): a warning either way."""
    page = client.get("/coordinator/dashboard").get_data(as_text=True)
    assert 'id="replica"' in page and 'class="care-box alert"' in panel(client)
    if db.engine.dialect.name == "postgresql":
        assert replica.standbys(db.session) == {"engine": "postgresql", "is_standby": False, "standbys": [],
                                                "readable": True, "behind": False}
        assert "No standby is streaming from this database" in page
    else:
        assert "No continuous copy" in page and "OUTREACH_REPLICA=" in page


def test_an_up_to_date_replica_shows_where_and_the_last_copy(app, tmp_path, replica_at):
    stick = replica_at()
    html = sqlite_panel(app, tmp_path)
    assert str(stick) in html and "Up to date." in html and "Last change copied at" in html
    assert "alert" not in html


@pytest.mark.parametrize("state, says", [
    ({"behind": 40}, "Behind by 40 seconds"),
    ({"error": "/media/usb is not there"}, "cannot be reached"),
    ({"running": False}, "is not running"),
    ({"checked_ago": 60}, "Nothing has checked the copy since"),
    ({"same_disk": True}, "on this laptop’s own disk"),
])
def test_a_replica_in_trouble_is_a_warning(app, tmp_path, replica_at, state, says):
    replica_at(**state)
    html = sqlite_panel(app, tmp_path)
    assert says in html and 'class="care-box alert"' in html
    assert "Up to date." not in html or state == {"same_disk": True}


def test_before_the_first_copy_the_panel_does_not_say_up_to_date(app, tmp_path):
    now = datetime.now(UTC).isoformat()
    replica.write_status(tmp_path / "state", {"checked_at": now, "litestream": {"running": True}, "local_txid": None,
                                              "replica_txid": 0, "replica_error": None, "last_copy_at": None,
                                              "behind_since": None, "same_disk": False})
    html = sqlite_panel(app, tmp_path)
    assert "Making the first copy" in html and "Up to date." not in html


def test_a_replica_the_server_could_not_start_says_why(app, tmp_path):
    replica.write_status(tmp_path / "state", {"checked_at": "2026-12-07T20:00:00+00:00",
                                              "not_started": "The sftp host 10.0.0.2 is not known to this laptop."})
    html = sqlite_panel(app, tmp_path)
    assert "The server did not start the copy" in html and "10.0.0.2 is not known" in html
    assert 'class="care-box alert"' in html and "Nothing has checked" not in html


def test_a_replica_nobody_makes_is_a_warning(app, tmp_path):
    assert "this server is not making it" in sqlite_panel(app, tmp_path, folder="never-written")


def test_the_panel_is_for_coordinators_only(client, make_user, login):
    login(make_user("volunteer"))
    assert client.get("/coordinator/dashboard/replica").status_code in (302, 403, 404)
