"""The volunteer's phone: an offline-first shell (home, visit form, shift, block page).

The shell pages carry no personal data, so the service worker may serve them
from its cache; what is personal (the pair, its blocks and their needs, the open
shift, the CSRF token) comes from data.json, fetched fresh when there is a network.
"""
import hashlib
import json
from pathlib import Path

from flask import Response, current_app, g, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from .. import vocab as vocab_module
from ..auth import current_session_id
from ..extensions import db
from ..maps import basemap_options
from ..services.areas.blocks import blocks_feature_collection
from ..services.fieldwork import block_work, visits
from ..services.gatherings import gatherings, reports
from ..services.people import devices, tokens
from ..services.people.teams import active_team_of
from ..services.safety import shifts
from ..vocab import ECPR, GATHERING_TOPICS, NEED_CATEGORIES, NEED_URGENCIES, REACTIONS, REFERRALS, RISKS, VISIT_OUTCOMES
from . import bp
from .phrases import labels

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
# The field app's ES modules; the import map sends each to its versioned URL (cached for a year).
FIELD_MODULES = ("js/api.js", "js/dom.js", "js/core.js", "js/outbox.js", "js/field.js", "js/help.js",
                 "js/messages.js", "js/shift_state.js", "js/geo.js", "js/home.js", "js/visit.js", "js/shift.js",
                 "js/block.js", "js/phone_data.js", "js/signout.js", "js/redactions.js", "js/gathering.js",
                 "js/sms_text.js")
# What the service worker keeps for offline use: the shell pages and their words, our code, Leaflet, the icon.
SHELL_PAGES = ("field.home", "field.visit_form", "field.shift", "field.block_shell", "field.offline",
               "field.labels_module")
# Kept only once data.json shows the volunteer facilitates a gathering: most never do, and every first load
# counts against the field budget (DESIGN section 6).
FACILITATOR_STATIC = ("js/gathering.js",)
SHELL_STATIC = ("css/app.css", "css/field.css", *(m for m in FIELD_MODULES if m not in FACILITATOR_STATIC),
                "js/map/basemap.js", "js/map/field.js", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
                "icons/icon-192.png")


@bp.context_processor
def field_page_globals() -> dict:
    """What every field page needs: the import map of our modules, the crisis line, and the staging area's SMS
    number with how long a help call waits for data before the phone offers to text it (DESIGN section 9)."""
    imports = {url_for("static", filename=name, v=None): url_for("static", filename=name) for name in FIELD_MODULES}
    if g.get("operation") is not None:  # an error page at another operation's address has none (and no words)
        imports["field-labels"] = url_for("field.labels_module")
    return {"import_map": {"imports": imports}, "crisis_line": current_app.config["CRISIS_LINE"],
            "sms_number": current_app.config["SMS_NUMBER"],
            "sms_fallback_seconds": current_app.config["SMS_FALLBACK_SECONDS"]}


# ------------------------------------------------------------- the offline shell

@bp.get("/")
def home():
    """The pair's blocks, the shift and the outbox (filled in by home.js from data.json)."""
    return render_template("field/home.html", basemap=basemap_options())


@bp.get("/visit")
def visit_form():
    """The visit form; it writes to the phone's outbox first, then syncs."""
    vocab = {"outcomes": VISIT_OUTCOMES, "risks": RISKS, "reactions": REACTIONS, "ecpr": ECPR,
             "referrals": REFERRALS, "categories": NEED_CATEGORIES, "urgencies": NEED_URGENCIES}
    return render_template("field/visit.html", labels=labels(), vocab=vocab)


@bp.get("/shift")
def shift():
    """Check in or out; shift.js picks the form from data.json and the outbox, so it works offline."""
    return render_template("field/shift.html", labels=labels(),
                           hours={str(h): _("%(h)s hours", h=h) for h in shifts.SHIFT_LENGTHS})


@bp.get("/offline")
def offline():
    """Shown by the service worker for a page that needs the network."""
    return render_template("field/offline.html")


@bp.get("/labels.js")
def labels_module():
    """The shell's words in the phone's language, as one module every page shares (not repeated in each page)."""
    response = Response(f"export default {json.dumps(labels(), ensure_ascii=False)};\n", mimetype="text/javascript")
    # Kept by the service worker like the pages; without it, a revalidation answers 304 while the words stand.
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/data.json")
def data():
    """Everything personal the shell needs: the pair, its blocks, the open shift, a CSRF token."""
    team = active_team_of(current_user)
    blocks = blocks_feature_collection(team_id=team.id) if team else {"type": "FeatureCollection", "features": []}
    return jsonify({
        "user": {"id": current_user.id, "name": current_user.name},
        "team": None if team is None else {
            "id": team.id, "name": team.name,
            "partners": [member.name for member in team.members if member.id != current_user.id]},
        "blocks": blocks,
        "block_pages": block_work.block_pages(current_user, team),
        "shift": shifts.shift_json(shifts.open_shift(current_user)),
        "gatherings": gatherings.phone_gatherings(current_user),
        "checkin_minutes": current_app.config["CHECKIN_MINUTES"] if shifts.checkin_interval() else 0,
        "max_batch": visits.MAX_BATCH,  # the phone splits its queue by the server's own limit
        "csrf": generate_csrf(),
        "lang": str(get_locale() or "en"),
    })


@bp.post("/device-token")
def device_token():
    """A bearer token for this phone's outbox: it outlives the session (DEVICE_TOKEN_DAYS), and no CSRF."""
    # Named after the phone's browser and system, so the Phones page can tell a person's phones apart.
    label = tokens.device_label(devices.describe(request.user_agent.string))
    token = tokens.issue(current_user, label=label, session_id=current_session_id())
    db.session.commit()
    return jsonify({"token": token, "user_id": current_user.id,
                    "days": current_app.config["DEVICE_TOKEN_DAYS"]})


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from /field/ so that it may control the field pages."""
    body = render_template("field/sw.js", version=shell_version(),
                           shell=[url_for(endpoint) for endpoint in SHELL_PAGES]
                           + [url_for("static", filename=name) for name in SHELL_STATIC],
                           facilitator_shell=[url_for("field.gathering_shell")]
                           + [url_for("static", filename=name) for name in FACILITATOR_STATIC])
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """What makes the field app installable."""
    return Response(render_template("field/manifest.webmanifest"), mimetype="application/manifest+json")


def shell_version() -> str:
    """A digest of everything in the shell: a new release installs a new service worker and cache."""
    cached = current_app.extensions.get("field_shell_version")
    if cached is None:
        digest = hashlib.sha256()
        for path in [*(STATIC / name for name in (*SHELL_STATIC, *FACILITATOR_STATIC)),
                     *sorted((TEMPLATES / "field").iterdir()),
                     TEMPLATES / "base.html", TEMPLATES / "_languages.html", TEMPLATES / "_operation.html",
                     TEMPLATES / "auth" / "_sign_out_dialog.html", Path(__file__).with_name("phrases.py"),
                     Path(vocab_module.__file__)]:
            digest.update(path.read_bytes())
        cached = current_app.extensions["field_shell_version"] = digest.hexdigest()[:16]
    return cached


# ----------------------------------------------------------- a block

@bp.get("/block")
def block_shell():
    """The block page's shell: block.js fills it from data.json, so every block of the pair opens offline."""
    return render_template("field/block.html")


@bp.get("/blocks/<int:block_id>")
def block(block_id: int):
    """A block of the pair's (the service worker answers this address with the shell); others are 404."""
    block_work.visible_block(block_id, current_user, active_team_of(current_user))
    return block_shell()


# ----------------------------------------------------------- a gathering

@bp.get("/gathering")
def gathering_shell():
    """A gathering's page shell: gathering.js fills it from data.json (check in and out, the report), offline too."""
    return render_template("field/gathering.html", labels=labels(), topics=GATHERING_TOPICS, referrals=REFERRALS,
                           categories=NEED_CATEGORIES, urgencies=NEED_URGENCIES,
                           max_count=reports.MAX_COUNT)


@bp.get("/gatherings/<int:gathering_id>")
def gathering(gathering_id: int):
    """A gathering the volunteer facilitates (the service worker answers this address with the shell)."""
    gatherings.require_facilitator(current_user, gatherings.get_gathering(gathering_id))
    return gathering_shell()
