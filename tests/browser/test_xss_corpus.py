"""An XSS corpus in every user-editable field, rendered in Chromium on every page each role can open.

Pages are discovered from app.url_map (GET routes; ids filled from the seeded
data), so pages others add are covered. On each page: no dialog opens, no
payload sets its window flag, no element a payload would create exists in
the DOM (escaping must hold even if the CSP did not), and the page's own
scripts are not refused by the Content-Security-Policy.
"""
import itertools
import re
import uuid
from datetime import timedelta

import pytest
from werkzeug.routing.converters import NumberConverter

from outreach.extensions import db
from outreach.models import AidGroup, Hazard, Need, Visit, utcnow
from outreach.services.people.tokens import issue as issue_token
from tests.conftest import make_app

# Each payload, if it ever ran, would set window.__xss (or open a dialog).
PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<svg onload=\"window.__xss=1\"></svg>",
    "<svg><script>window.__xss=1</script></svg>",
    "javascript:window.__xss=1",
    "`${window.__xss=1}`",
    "${window.__xss=1}",
    "`;window.__xss=1;//",
    "\\`;window.__xss=1;//\\",
    "\";window.__xss=1;//",
    "'-alert(1)-'",
    "</script><script>alert(1)</script>",
    "\"><iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<a href=\"javascript:alert(1)\" id=xsslink>x</a>",
    "</textarea><body onload=alert(1)>",
    "<details open ontoggle=\"window.__xss=1\">",
]
# Elements that exist only if a payload was parsed as HTML.
INJECTED = ("img[src='x'], svg[onload], iframe[srcdoc], a#xsslink, details[ontoggle], body[onload], "
            "a[href^='javascript:' i]")
# Route arguments filled from the seeded data.
IDS = {"team_id": "team", "user_id": "volunteer", "group_id": "group", "need_id": "need", "block_id": "block",
       "neighborhood_id": "hood", "visit_id": "visit"}
PAGE_ROLES = {"coordinator": ("coordinator", "export", "field", "aid", "auth"), "volunteer": ("field", "auth"),
              "aid": ("aid", "auth")}


def payload(index: int) -> str:
    """The corpus, round-robin over fields."""
    return PAYLOADS[index % len(PAYLOADS)]


@pytest.fixture
def hostile_data(make_user, make_neighborhood, make_team, assign):
    """Every user-editable field of a small operation holds an XSS payload."""
    n = itertools.count()
    hood = make_neighborhood(name="Bywater " + payload(next(n)))
    for block in hood.blocks:
        block.name = payload(next(n))
        db.session.add(Hazard(block_id=block.id, note=payload(next(n))))
    volunteer = make_user("volunteer", name="Ann " + payload(next(n)))
    partner = make_user("volunteer", name="Bo " + payload(next(n)))
    team = make_team(name="Pair " + payload(next(n)), members=[volunteer, partner], staging_label=payload(next(n)))
    assign(team, hood.blocks[:3])
    group = db.session.get(AidGroup, make_user("aid", group_name="Aid " + payload(next(n))).aid_group_id)
    group.contact = payload(next(n))
    aid = group.members[0]
    aid.name = "Cy " + payload(next(n))
    visits = []
    for i, block in enumerate(hood.blocks[:3]):
        visit = Visit(client_id=str(uuid.uuid4()), content_hash="0" * 64, block_id=block.id, team_id=team.id,
                      user_id=volunteer.id, visited_at=utcnow() - timedelta(hours=i), outcome="contact",
                      notes=payload(next(n)), safety_concern=True, follow_up=True)
        db.session.add(visit)
        db.session.flush()
        visits.append(visit)
        for status in ("open", "claimed"):
            db.session.add(Need(visit_id=visit.id, block_id=block.id, category="water", urgency="immediate",
                                status=status, notes=payload(next(n)), hint=payload(next(n)),
                                claimed_by_group_id=group.id if status == "claimed" else None,
                                claimed_at=utcnow() if status == "claimed" else None,
                                claim_expires_at=utcnow() + timedelta(hours=4) if status == "claimed" else None))
    issue_token(volunteer, label="device: " + payload(next(n)))
    db.session.commit()
    need = db.session.scalar(db.select(Need).order_by(Need.id))
    ids = {"team": team.id, "volunteer": volunteer.id, "group": group.id, "need": need.id,
           "block": hood.blocks[0].id, "hood": hood.id, "visit": visits[0].id}
    return {"ids": ids, "users": {"coordinator": make_user("coordinator"), "volunteer": volunteer, "aid": aid}}


def page_urls(role: str, ids: dict) -> list[str]:
    """Every GET page this role may open, with ids from the seeded data (API and exports of data files aside)."""
    app = make_app("sqlite://")
    urls = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if "GET" not in rule.methods or blueprint not in PAGE_ROLES[role] or rule.endpoint == "auth.logout":
            continue
        if rule.rule.endswith((".csv", ".geojson", ".json", ".js")):
            continue  # files, not pages
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, NumberConverter) and name in IDS:
                values[name] = ids[IDS[name]]
            elif getattr(converter, "items", None):
                values[name] = sorted(converter.items)[0]
            else:
                break
        else:
            urls.append(re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda match, values=values: str(values[match.group(1)]),
                               rule.rule))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ["coordinator", "volunteer", "aid"])
def test_no_payload_runs_on_any_page(page, sign_in, live_server, hostile_data, role):
    dialogs, refused = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text[:90]}")
            if "Content Security Policy" in message.text else None)
    sign_in(page, hostile_data["users"][role])
    urls = page_urls(role, hostile_data["ids"])
    assert urls, f"no pages found for {role}"
    problems = []
    for url in urls:
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        if response.status >= 500:
            problems.append(f"{url}: status {response.status}")
        if page.evaluate("typeof window.__xss !== 'undefined' || typeof parent.__xss !== 'undefined'"):
            problems.append(f"{url}: a payload ran")
        injected = page.locator(INJECTED).count()
        if injected:
            problems.append(f"{url}: {injected} element(s) from payloads in the DOM")
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not problems, problems
    assert not refused, f"the CSP refused the pages' own code: {refused[:5]}"
    print(f"\n{role}: {len(urls)} pages checked: {', '.join(urls)}")
