"""axe-core (Deque's accessibility engine, from npm: package.json devDependencies) on every page of every role in
Chromium: the volunteer's field pages (also with every panel a tap opens), the coordinator's, the aid group's, the
signed-out pages and the 404 page. Every rule axe runs by default (WCAG 2.x A and AA, and its best practices) must
find nothing."""
from pathlib import Path

import pytest

from outreach.extensions import db
from tests.browser.conftest import PHONE
from tests.browser.test_xss_corpus import page_urls

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every [hidden] part a state of a field page shows, and every <details>, opened (the help call's 911 buttons, the
# crisis box, the confirm-the-block question, need details, the menu, the map).
OPEN_EVERYTHING = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  document.querySelectorAll('main [hidden], header [hidden]').forEach((node) => { node.hidden = false; });
}"""
RUN_AXE = """async () => {
  const { violations } = await axe.run(document);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} -- `
    + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture
def operation(make_neighborhood, make_team, assign, make_need, make_group, make_user):
    """A small operation: a pair on three blocks, needs open, claimed and met, an aid group with a member."""
    hood = make_neighborhood()
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:3])
    group, aid = make_group()
    block = hood.blocks[0]
    make_need(block)
    make_need(block, category="food", status="claimed", claimed_by_group_id=group.id)
    met = make_need(hood.blocks[1], category="medication", status="fulfilled", claimed_by_group_id=group.id)
    db.session.commit()
    ids = {"team": team.id, "volunteer": team.members[0].id, "group": group.id, "need": met.id, "block": block.id,
           "hood": hood.id, "visit": met.visit_id}
    return {"ids": ids, "users": {"coordinator": make_user("coordinator"), "volunteer": team.members[0], "aid": aid}}


def violations(page, url) -> list[str]:
    """What axe finds on a page once it has settled, each with where."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 500 and (response.status == 404) == ("no-such-page" in url), (url, response.status)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through the DevTools protocol: the page's CSP does not apply to it
    return [f"{url}: {found}" for found in page.evaluate(RUN_AXE)]


@pytest.fixture(scope="module")
def axe_source():
    """axe-core as npm installed it (make test runs npm ci)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency)")
    return AXE


@pytest.mark.parametrize("role", ["coordinator", "aid"])
def test_axe_finds_nothing_on_any_page_of_a_role(page, sign_in, operation, axe_source, role):
    sign_in(page, operation["users"][role])
    urls = [url for url in page_urls(role, operation["ids"]) if not url.startswith("/field/")]
    assert urls
    found = [problem for url in urls for problem in violations(page, url)]
    assert found == [], "\n".join(found)


def test_axe_finds_nothing_on_the_field_pages_even_with_every_panel_open(phone_page, sign_in, operation, axe_source):
    sign_in(phone_page, operation["users"]["volunteer"])
    found = []
    # /field/block is the shell the service worker answers /field/blocks/ID with, checked there; the manifest is JSON.
    pages = [url for url in page_urls("volunteer", operation["ids"]) if url not in ("/field/block",
                                                                                      "/field/manifest.webmanifest")]
    for url in [*pages, "/field/no-such-page"]:
        found += violations(phone_page, url)
        phone_page.evaluate(OPEN_EVERYTHING)
        phone_page.wait_for_timeout(300)
        found += [f"{problem} (panels open)" for problem in phone_page.evaluate(RUN_AXE)]
    assert phone_page.viewport_size == PHONE
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("url", ["/login", "/no-such-page", "/public/needs", "/public/gatherings"])
def test_axe_finds_nothing_on_the_signed_out_pages(page, live_app, operation, axe_source, monkeypatch, url,
                                                   make_gathering):
    monkeypatch.setitem(live_app.config, "PUBLIC_NEEDS_PAGE", True)  # the operation publishes its summary
    monkeypatch.setitem(live_app.config, "PUBLIC_GATHERINGS", True)  # and its public gatherings
    make_gathering(title="Listening circle at the hall", language="es", public=True)
    assert violations(page, url) == []
