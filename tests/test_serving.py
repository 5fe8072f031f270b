"""Serving: compressed responses, year-long caching of versioned static files, SQLite write
transactions that start IMMEDIATE, pool settings on PostgreSQL, and gunicorn itself."""
import gzip
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import func, select, text

from outreach import database, scope
from outreach.extensions import db
from outreach.models import DataVersion
from outreach.services.areas.blocks import bump_version
from outreach.services.operation import operations
from outreach.serving import ONE_YEAR, AssetVersions
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parent.parent


def test_static_urls_carry_the_files_content_version(app):
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    digest = AssetVersions(app.static_folder).of("css/app.css")
    assert url == f"/static/css/app.css?v={digest}" and len(digest) == 12


def test_versioned_static_file_is_cached_for_a_year(app, client):
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    response = client.get(url)
    assert response.status_code == 200
    assert f"max-age={ONE_YEAR}" in response.headers["Cache-Control"]


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_unversioned_or_stale_static_file_is_revalidated(client, query):
    response = client.get(f"/static/css/app.css{query}")
    assert response.status_code == 200
    assert "no-cache" in response.headers["Cache-Control"]
    assert "max-age=31536000" not in response.headers["Cache-Control"]


def test_a_changed_file_gets_a_new_version(tmp_path):
    asset = tmp_path / "app.js"
    asset.write_text("one")
    versions = AssetVersions(str(tmp_path))
    first = versions.of("app.js")
    asset.write_text("two, longer")
    assert versions.of("app.js") != first
    assert versions.of("missing.js") is None
    assert versions.of("../outside.js") is None


def test_json_is_sent_gzipped_to_clients_that_accept_it(client, make_user, make_neighborhood, token_for):
    make_neighborhood()
    headers = token_for(make_user("coordinator"))
    response = client.get("/api/v1/blocks", headers={**headers, "Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data).startswith(b"{")
    assert "Accept-Encoding" in response.headers["Vary"]


def test_vendor_javascript_is_sent_compressed(client):
    path = ROOT / "static" / "vendor" / "leaflet" / "leaflet.js"
    response = client.get("/static/vendor/leaflet/leaflet.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.get_data())
    assert body == path.read_bytes() and len(response.get_data()) < len(body) / 2


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on its own SQLite file (whatever database the suite runs on), and a second connection."""
    path = tmp_path / "locks.sqlite"
    app = make_app(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0)  # a second worker that refuses to wait
    yield app, other
    other.close()
    with app.app_context():
        db.engine.dispose()


def work_in_a_new_operation() -> None:
    """Make the schema and an operation in the app's database, committed, and work in it (data versions count per
    operation)."""
    db.create_all()
    scope.choose(scope.ref(operations.create("locks", "Locks")))
    db.session.commit()


def other_worker_can_write(other: sqlite3.Connection) -> bool:
    """Whether a second connection gets SQLite's write lock right now."""
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False
    other.execute("ROLLBACK")
    return True


def test_sqlite_transaction_takes_the_write_lock_at_its_first_write_not_its_reads(sqlite_app):
    app, other = sqlite_app
    with app.app_context():
        work_in_a_new_operation()
        db.session.execute(text("SELECT count(*) FROM data_version"))
        assert other_worker_can_write(other)
        bump_version()
        assert not other_worker_can_write(other)
        db.session.commit()
        assert other_worker_can_write(other)
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_sqlite_savepoint_first_stays_inside_the_outer_transaction(sqlite_app):
    app, _other = sqlite_app
    with app.app_context():
        work_in_a_new_operation()
        with db.session.begin_nested():
            db.session.add(DataVersion(name="map", version=1))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(DataVersion)) == 0


def test_postgresql_gets_a_bounded_pool_with_pings():
    app = make_app("postgresql://outreach@db.internal/outreach")
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_size"] == database.POSTGRESQL_POOL["pool_size"]
    assert options["pool_pre_ping"] is True
    assert make_app("sqlite://").config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is False


def free_port() -> int:
    """A free loopback port (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_app_with_the_projects_settings(db_url, tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "test", "WEB_CONCURRENCY": "1",
           "OUTREACH_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = wait_for(f"http://127.0.0.1:{port}/login")
        assert b"password" in body.lower()
        assert not any(char.isdigit() for char in served_by(f"http://127.0.0.1:{port}/login"))  # no version
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_make_run_serves_without_a_version_banner(db_url):
    """Issue 25 item 8: `flask run` said "Server: Werkzeug/3.1.9 Python/3.11.2" to anyone who asked."""
    assert "python -m outreach.devserver" in (ROOT / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "test"}
    server = subprocess.Popen([sys.executable, "-m", "outreach.devserver", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/login")
        banner = served_by(f"http://127.0.0.1:{port}/login")
        assert banner == "Outreach" and "Werkzeug" not in banner and "Python" not in banner
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def served_by(url: str) -> str:
    """The Server header of the answer to `url`."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers.get("Server", "")


def wait_for(url: str, seconds: float = 30) -> bytes:
    """The body of `url` once the server answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_serving_process_has_its_orm_set_up_before_its_first_request(tmp_path):
    """wsgi.py (what each gunicorn worker loads) configures the mappers, so no request pays for it."""
    probe = ("import wsgi\nfrom outreach.extensions import db\n"
             "print('configured' if not db.Model.registry._new_mappers else 'pending')")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}", "SECRET_KEY": "test"}
    answer = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert answer.stdout.strip() == "configured", answer.stderr
