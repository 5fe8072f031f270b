"""Browser tests: Debian's Chromium driven by Playwright against the app on a real port.

Locally they skip when Chromium is missing; with OUTREACH_REQUIRE_BROWSER=1 (CI) that is a failure.
"""
import os
import socket

import pytest
from werkzeug.http import parse_cookie

from tests.browser.phone import OFFLINE_COOKIE
from tests.conftest import make_app, served_in_a_thread

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium keeps dialling Google's hosts on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="session")
def live_app(db_url, app):
    """A second app on the same database, with CSRF on, as a person meets it."""
    return make_app(db_url, WTF_CSRF_ENABLED=True)


def out_of_signal(app):
    """The app, except for a phone set offline (phone.set_offline): its requests lose their connection."""

    def serve(environ, start_response):
        if OFFLINE_COOKIE in parse_cookie(environ):
            # Chromium's offline emulation misses some requests a service worker passes on to the network
            # (microsoft/playwright#2311). A dropped connection, not an error status: fetch() rejects as with
            # no signal, so the outbox keeps the item and the service worker answers from its cache.
            environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)  # or the socket would wait for a next request
            raise ConnectionAbortedError("this phone is offline")  # to werkzeug, a dropped connection: no 500 sent
        return app(environ, start_response)

    return serve


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served over HTTP on a free loopback port, in a thread."""
    with served_in_a_thread(out_of_signal(live_app)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, once per session."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("OUTREACH_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and browser tests are required")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page (desktop size) pointed at the live server."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A fresh context the size of a cheap phone (360x640, touch)."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in():
    """Sign in through the login page as a person would."""
    from tests.conftest import PASSWORD

    def fill(page, user, password=PASSWORD):
        page.goto("/login")
        page.fill("input[name=email]", user.email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return fill


@pytest.fixture
def volunteer(make_neighborhood, make_team, assign):
    """A volunteer in a pair that holds two blocks, and the first of them."""
    hood = make_neighborhood()
    team = make_team(name="Camellia")
    assign(team, hood.blocks[:2])
    return team.members[0], hood.blocks[0]
