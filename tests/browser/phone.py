"""What the field browser tests share: a signed-in phone whose service worker is in control."""
import time
from urllib.parse import urlsplit

from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import ApiToken

# Awaited in the page (wait_for_function would need eval, which the CSP forbids, rightly).
CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  while (!navigator.serviceWorker.controller) { await new Promise((done) => setTimeout(done, 50)); }
}"""
# The shared test machine can be slow; a sync through the live server gets more than the default 5 s.
SYNCED = 20000
ALL_SENT = "Everything is sent."
# Set on a phone's context while it is offline: the live server (conftest.out_of_signal) drops the requests
# that carry it, its service worker's too, and a coordinator's browser on the same server stays online.
OFFLINE_COOKIE = "test-offline"
# The field pages of the test operation: a phone lives there, and its service worker answers only there.
FIELD = "/o/test-op/field/"


def wait_for(condition, seconds=15):
    """Poll the database until `condition()` is true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the server")


def count(model, *where) -> int:
    """Rows the live server has committed."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def signed_in_phone(page, sign_in, user):
    """Sign in, let the service worker take control, and wait for this phone's device token."""
    sign_in(page, user)
    page.evaluate(CONTROLLED)
    wait_for(lambda: count(ApiToken, ApiToken.user_id == user.id, ApiToken.label.startswith("device")) == 1)


def set_offline(page, offline: bool) -> None:
    """Take the page's phone out of signal or bring it back: Chromium's emulation and the live server both."""
    context = page.context
    if offline:
        # The cookie first, so that nothing the emulation misses reaches the server in between.
        url = urlsplit(page.url)
        context.add_cookies([{"name": OFFLINE_COOKIE, "value": "1", "url": f"{url.scheme}://{url.netloc}/"}])
        context.set_offline(True)
    else:
        context.clear_cookies(name=OFFLINE_COOKIE)  # first, so that the sync on the "online" event gets through
        context.set_offline(False)
