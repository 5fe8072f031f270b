"""A phone on the staging area's Wi-Fi, as `make lan` serves it: scripts/lan.sh (Caddy + gunicorn) on test
ports with LAN_HOST=outreach.lan, a Chromium whose NSS database trusts the CA fetched from the join page,
certificate errors NOT ignored; sign in by QR code, offline reload of the visit form, a visit and a check-out
queued offline, each stored exactly once. Then Ctrl-C stops both servers."""
import json
import os
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from outreach import scope
from outreach.extensions import db
from outreach.lan import fingerprint
from outreach.models import ApiToken, FieldReceipt, Shift, Visit
from outreach.services.operation import operations
from outreach.services.people import signin_codes
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.phone import ALL_SENT, CONTROLLED, SYNCED, set_offline
from tests.browser.test_field_offline import log_visit
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
HOST = "outreach.lan"
# Caddy and gunicorn with one worker start in a few seconds; a shared machine under load needs far more.
START_SECONDS = 90
# The LAN server's operation, and the field pages a phone signed in by its code lands on.
LAN_OPERATION = "lan"
LAN_FIELD = f"/o/{LAN_OPERATION}/field/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def needs(command: str) -> None:
    """Skip locally (fail in CI) when a tool the LAN serving needs is missing."""
    if subprocess.run(["sh", "-c", f"command -v {command}"], capture_output=True).returncode == 0:
        return
    if os.environ.get("OUTREACH_REQUIRE_BROWSER"):
        pytest.fail(f"{command} is missing (apt-get install caddy libnss3-tools)")
    pytest.skip(f"{command} is missing (apt-get install caddy libnss3-tools)")


def wait_until(condition, seconds: float, what: str):
    """Poll until `condition()` gives something true; return it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = condition()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Lan:
    """The running scripts/lan.sh: its process group, ports, folders and an app on its database."""

    def __init__(self, tmp: Path, host: str = HOST, env: dict | None = None):
        self.tmp, self.home, self.host, self.env = tmp, tmp / "home", host, env or {}
        self.port, self.join_port, self.app_port = free_port(), free_port(), free_port()
        self.db_url = f"sqlite:///{tmp / 'lan.sqlite'}"
        self.log = tmp / "lan.log"
        self.process: subprocess.Popen | None = None

    @property
    def app_url(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def join_url(self) -> str:
        return f"http://{self.host}:{self.join_port}"

    def start(self) -> None:
        """Run the script exactly as `make lan` does, on test ports and loopback only."""
        self.home.mkdir(exist_ok=True)
        env = {key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_")}
        env.update(LAN_HOST=self.host, LAN_PORT=str(self.port), LAN_JOIN_PORT=str(self.join_port),
                   LAN_APP_PORT=str(self.app_port), LAN_BIND="127.0.0.1", LAN_STATE=str(self.tmp / "state"),
                   DATABASE_URL=self.db_url, SECRET_KEY="lan-test", WEB_CONCURRENCY="1", HOME=str(self.home),
                   BIN=str(ROOT / ".venv" / "bin"), **self.env)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(["bash", "scripts/lan.sh"], cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(lambda: self.process.poll() is not None or b"Press Ctrl-C" in self.log.read_bytes(),
                   START_SECONDS, "scripts/lan.sh to start")
        assert self.process.poll() is None, self.log.read_text()

    def fetch_join(self, path: str) -> bytes:
        """GET from the join page over plain HTTP, as a phone that trusts nothing yet."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.join_port}{path}", timeout=10) as answer:
            return answer.read()

    def trust(self, der: bytes) -> None:
        """An NSS database in the temporary HOME that trusts this CA for websites (what Chromium reads)."""
        nssdb = self.home / ".pki" / "nssdb"
        nssdb.mkdir(parents=True)
        (self.tmp / "ca.crt").write_bytes(der)
        subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True)
        subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "outreach",
                        "-i", str(self.tmp / "ca.crt")], check=True)

    def group_alive(self) -> bool:
        """Whether any process of the script's group (bash, gunicorn, Caddy) is still running."""
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def interrupt(self) -> None:
        """Ctrl-C, as a terminal sends it (to the whole process group); everything must stop."""
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=30)
        wait_until(lambda: not self.group_alive(), 30, "gunicorn and Caddy to stop")

    def child(self, name: str) -> int:
        """The pid of the script's child process whose command line mentions `name`."""
        # -ww: piped, ps cuts lines at 80 columns, and a clone in a long path loses "gunicorn" from the line.
        listing = subprocess.run(["ps", "-ww", "-o", "pid=,args=", "--ppid", str(self.process.pid)],
                                 capture_output=True, text=True, check=True).stdout
        return next(int(line.split()[0]) for line in listing.splitlines() if name in line)

    def stop(self) -> None:
        """Leave nothing running (only our own process group)."""
        if self.process is not None and self.group_alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture(scope="module")
def lan(tmp_path_factory):
    needs("caddy")
    needs("certutil")
    serving = Lan(tmp_path_factory.mktemp("lan"))
    try:
        serving.start()
        yield serving
    finally:
        serving.stop()


def test_an_ip_address_as_lan_host_serves_the_app_over_trusted_https(tmp_path):
    """The default LAN_HOST is the laptop's address: phones send no TLS name for it, and must still get in."""
    needs("caddy")
    serving = Lan(tmp_path, host="127.0.0.1")
    try:
        serving.start()
        trusting = ssl.create_default_context(cadata=serving.fetch_join("/ca.crt"))
        with urllib.request.urlopen(f"{serving.app_url}/login", context=trusting, timeout=10) as answer:
            assert answer.status == 200 and b'name="password"' in answer.read()
            assert "Strict-Transport-Security" in answer.headers and "Secure" in answer.headers["Set-Cookie"]
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'"), "the app's own CSP"
        serving.interrupt()
    finally:
        serving.stop()


def test_make_lan_with_a_replica_says_so_runs_litestream_and_ctrl_c_stops_it(tmp_path):
    """Issue 29: OUTREACH_REPLICA under `make lan` copies the database continuously, the start-up lines say where,
    and Ctrl-C stops Litestream with everything else."""
    needs("caddy")
    stick, state = tmp_path / "stick", tmp_path / "replica-state"
    serving = Lan(tmp_path, host="127.0.0.1", env={"OUTREACH_REPLICA": str(stick),
                                                   "OUTREACH_REPLICA_STATE_DIR": str(state)})
    try:
        serving.start()
        assert f"Continuous copy of the database (Litestream) to {stick}" in serving.log.read_text()
        assert b"keeps a continuous copy" in serving.fetch_join("/")
        status = wait_until(lambda: (found := json.loads((state / "status.json").read_text()))["replica_txid"]
                            and found, START_SECONDS, "Litestream's first copy on the stick")
        litestream = status["litestream"]["pid"]
        assert status["where"] == str(stick) and (stick / "ltx").is_dir()
        serving.interrupt()
        with pytest.raises(ProcessLookupError):
            os.kill(litestream, 0)
    finally:
        serving.stop()


@pytest.fixture
def lan_db(lan):
    """The LAN server's database, reached through the services in an app context of its own, working in its
    operation (made on first use: a fresh database has none)."""
    app = make_app(lan.db_url)
    with app.app_context():
        scope.choose(scope.ref(operations.by_slug(LAN_OPERATION) or operations.create(LAN_OPERATION, "LAN drill")))
        db.session.commit()
        yield
        db.session.remove()
    with app.app_context():
        db.engine.dispose()


def stored_visits() -> list[Visit]:
    db.session.rollback()  # see what the servers committed
    return db.session.scalars(select(Visit).order_by(Visit.id)).all()


@pytest.fixture
def phone(browser, lan):
    """Chromium as a phone that trusts the CA from the join page and resolves outreach.lan to the laptop."""
    lan.trust(lan.fetch_join("/ca.crt"))
    trusting = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": str(lan.home)},
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    context = trusting.new_context(base_url=lan.app_url, viewport=PHONE, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()
    trusting.close()


def test_the_join_page_serves_the_ca_and_how_to_trust_it(lan):
    der = lan.fetch_join("/ca.crt")
    assert der[:1] == b"\x30", "the root certificate is served as DER"
    page = lan.fetch_join("/").decode()
    assert page.count('<svg viewBox=') == 2 and f"{lan.join_url}/ca.crt" in page and f"{lan.app_url}/" in page
    assert "Certificate Trust Settings" in page and "Install a certificate" in page
    assert fingerprint(der) in page and fingerprint(der) in lan.log.read_text(), "the laptop shows it too"


# The join page as each language's phone reads it: <html lang>, the heading, and the first step.
JOIN_WORDS = {
    "en": ("Join Outreach on this Wi-Fi", "1. Trust the laptop (once per phone)"),
    "es": ("Conéctese a Outreach en esta red Wi-Fi", "1. Confiar en la computadora (una vez por teléfono)"),
    "vi": ("Tham gia Outreach qua mạng Wi-Fi này", "1. Tin cậy máy tính (mỗi điện thoại một lần)"),
}


@pytest.mark.parametrize("language", JOIN_WORDS)
def test_the_join_page_speaks_the_phones_language(lan, browser, language):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale={"en": "en-US", "es": "es-US", "vi": "vi-VN"}[language])
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{lan.join_port}/")
        heading, first_step = JOIN_WORDS[language]
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("h2").first).to_have_text(first_step)
        assert page.locator("svg").count() == 2, "both QR codes, in every language"
        other = next(code for code in JOIN_WORDS if code != language)
        page.click(f"nav.languages a[hreflang={other}]")  # a phone whose language list misleads can switch
        expect(page.locator("h1")).to_have_text(JOIN_WORDS[other][0])
        assert page.locator("html").get_attribute("lang") == other
    finally:
        context.close()


def test_a_phone_on_the_lan_signs_in_by_code_and_works_offline(lan, lan_db, phone, make_user, make_neighborhood,
                                                                make_team, assign):
    page = phone
    hood = make_neighborhood()
    team = make_team(name="Camellia")
    assign(team, hood.blocks[:2])
    volunteer, block = team.members[0], hood.blocks[0]
    _row, code = signin_codes.issue(volunteer, make_user("coordinator"), hours=24)
    db.session.commit()

    page.goto(f"{lan.join_url}/")  # plain HTTP: the join page needs no trust
    expect(page.locator("h1")).to_contain_text("Join Outreach")
    page.goto(f"/signin/{code}")  # what scanning the packet's QR code opens
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{lan.app_url}{LAN_FIELD}")
    assert page.evaluate("window.isSecureContext") is True
    page.evaluate(CONTROLLED)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{lan.app_url}{LAN_FIELD}sw.js"
    wait_until(lambda: stored_tokens(volunteer.id) == 1, 20, "the phone's device token")

    page.click("text=Check in or out")
    page.click("button:has-text('Check in')")
    expect(page.locator("#shift-saved")).to_contain_text("Checked in, and the staging area knows", timeout=SYNCED)
    page.goto(f"{LAN_FIELD}visit")
    expect(page.locator(f"#block option[value='{block.id}']")).to_have_count(1)

    out_of_signal(page, True)
    assert page.reload().from_service_worker, "offline, the visit form must come from the service worker"
    log_visit(page, block, "Spoke with someone", need="water")
    expect(page.locator("#outbox-count")).to_have_text("1 thing is saved on this phone, not yet sent")
    page.goto(f"{LAN_FIELD}shift")
    page.get_by_text("Tired", exact=True).click()
    page.get_by_label("I would like a debrief").check()
    page.click("button:has-text('Check out')")
    expect(page.locator("#outbox-count")).to_have_text("2 things are saved on this phone, not yet sent")
    assert stored_visits() == [] and stored_shift(volunteer.id).checked_out_at is None

    out_of_signal(page, False)
    expect(page.locator("#outbox-count")).to_have_text(ALL_SENT, timeout=SYNCED)
    stored = stored_visits()
    assert len(stored) == 1 and stored[0].outcome == "contact" and stored[0].user_id == volunteer.id
    assert stored[0].needs[0].category == "water"
    shift = stored_shift(volunteer.id)
    assert shift.checked_out_at is not None and shift.self_care == "tired" and shift.debrief_requested
    kinds = db.session.scalars(select(FieldReceipt.kind).where(FieldReceipt.user_id == volunteer.id)).all()
    assert sorted(kinds) == ["check_in", "check_out"], "each action stored exactly once"


def no_signal(route) -> None:
    """What a phone out of signal gets for any request that reaches the network."""
    route.abort("internetdisconnected")


def out_of_signal(page, offline: bool) -> None:
    """Chromium's offline emulation, and every request of the context that reaches the network refused too.

    gunicorn behind Caddy does not consult the live test server's offline cookie, and the emulation alone once
    let a queued visit through (CI, a navigation while offline); routes cover every target of the context, the
    service worker's included, from the moment they are set."""
    if offline:
        page.context.route("**/*", no_signal)
    else:
        page.context.unroute("**/*", no_signal)  # first, so that the sync on the "online" event gets through
    set_offline(page, offline)


def stored_shift(user_id: int) -> Shift:
    db.session.rollback()
    [shift] = db.session.scalars(select(Shift).where(Shift.user_id == user_id)).all()
    return shift


def stored_tokens(user_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user_id))


def test_ctrl_c_stops_both_servers_and_the_ca_is_kept_for_the_next_start(lan):
    first = lan.fetch_join("/ca.crt")
    lan.interrupt()
    with pytest.raises(OSError):
        lan.fetch_join("/ca.crt")
    lan.start()
    assert lan.fetch_join("/ca.crt") == first, "phones trust the CA once: a restart must keep it"
    # If the app server dies, Caddy must not go on serving a join page for an app that is gone.
    os.kill(lan.child("gunicorn"), signal.SIGTERM)
    lan.process.wait(timeout=40)
    wait_until(lambda: not lan.group_alive(), 30, "Caddy to stop after gunicorn")
