"""The browser tests' offline switch (phone.set_offline): while a phone is offline the live server drops its
requests too, so one that Chromium's emulation lets through (passed on to the network by the service worker,
microsoft/playwright#2311) fails as with no signal; another browser on the same server is not affected."""
from tests.browser.phone import set_offline, signed_in_phone

API = "/api/v1/openapi.json"  # public, and never handled by the service worker (it leaves /api/ alone)
# The HTTP status of a fetch from the page, or how it failed.
FETCH = """async (path) => {
  try { return (await fetch(path)).status; } catch (noNetwork) { return "network error"; }
}"""


def test_an_offline_phone_reaches_nothing_though_its_service_worker_passes_requests_on(
        phone_page, page, sign_in, make_team):
    phone, desktop = phone_page, page
    signed_in_phone(phone, sign_in, make_team().members[0])
    assert phone.evaluate("navigator.serviceWorker.controller !== null")
    assert phone.evaluate(FETCH, API) == 200

    set_offline(phone, True)
    assert phone.evaluate(FETCH, API) == "network error"
    # The server's half on its own, as for a request the emulation misses: still a network error, not a status.
    phone.context.set_offline(False)
    assert phone.evaluate(FETCH, API) == "network error"
    phone.context.set_offline(True)
    assert desktop.goto(API).status == 200, "only the offline phone is cut off"

    set_offline(phone, False)
    assert phone.evaluate(FETCH, API) == 200
