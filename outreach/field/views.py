"""The volunteer's phone: an offline-first shell (home, visit form) plus online pages for shifts and blocks.

The shell pages carry no personal data, so the service worker may serve them
from its cache; what is personal (the pair, its blocks, the open shift, the
CSRF token) comes from data.json, fetched fresh when there is a network.
"""
import hashlib
from pathlib import Path

from flask import Response, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired

from .. import vocab as vocab_module
from ..auth import issue_token
from ..errors import DomainError
from ..extensions import db
from ..services import fieldwork, shifts
from ..services.blocks import blocks_feature_collection
from ..services.teams import active_team_of
from ..vocab import ECPR, NEED_CATEGORIES, NEED_URGENCIES, REACTIONS, REFERRALS, RISKS, SELF_CARE, VISIT_OUTCOMES
from . import bp
from .phrases import labels

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
# What the service worker keeps for offline use: the shell pages, our code, Leaflet, the icons.
SHELL_PAGES = ("field.home", "field.visit_form", "field.offline")
SHELL_STATIC = ("css/app.css", "css/field.css", "js/outbox.js", "js/home.js", "js/visit.js", "js/geo.js",
                "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
                "icons/icon-192.png", "icons/icon-512.png")


class CheckInForm(FlaskForm):
    """How long the shift will last."""

    hours = SelectField(choices=[str(h) for h in shifts.SHIFT_LENGTHS], default="4", validators=[DataRequired()])


class CheckOutForm(FlaskForm):
    """One question on how you are, and a debrief if you want one."""

    self_care = RadioField(choices=list(SELF_CARE), validators=[DataRequired()])
    debrief = BooleanField()


class HazardForm(FlaskForm):
    """What makes a block unsafe."""

    hazard_note = TextAreaField(validators=[DataRequired()])


class ButtonForm(FlaskForm):
    """An empty form: a POST-only button with its CSRF token."""


# ------------------------------------------------------------- the offline shell

@bp.get("/")
def home():
    """The pair's blocks, the shift and the outbox (filled in by home.js from data.json)."""
    return render_template("field/home.html", labels=labels())


@bp.get("/visit")
def visit_form():
    """The visit form; it writes to the phone's outbox first, then syncs."""
    vocab = {"outcomes": VISIT_OUTCOMES, "risks": RISKS, "reactions": REACTIONS, "ecpr": ECPR,
             "referrals": REFERRALS, "categories": NEED_CATEGORIES, "urgencies": NEED_URGENCIES}
    return render_template("field/visit.html", labels=labels(), vocab=vocab,
                           crisis_line=current_app.config["CRISIS_LINE"])


@bp.get("/offline")
def offline():
    """Shown by the service worker for a page that needs the network."""
    return render_template("field/offline.html", labels=labels())


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
        "shift": shifts.shift_json(shifts.open_shift(current_user)),
        "csrf": generate_csrf(),
        "lang": str(get_locale() or "en"),
    })


@bp.post("/device-token")
def device_token():
    """A bearer token for this phone's outbox: it outlives the session (DEVICE_TOKEN_DAYS), and no CSRF."""
    token = issue_token(current_user, label="device (field app)")
    db.session.commit()
    return jsonify({"token": token, "user_id": current_user.id,
                    "days": current_app.config["DEVICE_TOKEN_DAYS"]})


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from /field/ so that it may control the field pages."""
    body = render_template("field/sw.js", version=shell_version(),
                           shell=[url_for(endpoint) for endpoint in SHELL_PAGES]
                           + [url_for("static", filename=name) for name in SHELL_STATIC])
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
        for path in [*(STATIC / name for name in SHELL_STATIC), *sorted((TEMPLATES / "field").iterdir()),
                     TEMPLATES / "base.html", Path(__file__).with_name("phrases.py"), Path(vocab_module.__file__)]:
            digest.update(path.read_bytes())
        cached = current_app.extensions["field_shell_version"] = digest.hexdigest()[:16]
    return cached


# ----------------------------------------------------------- online pages

@bp.route("/shift", methods=["GET", "POST"])
def shift():
    """Check in (with an expected end) or check out (with a self-care check and a debrief option)."""
    open_now = shifts.open_shift(current_user)
    form = CheckOutForm() if open_now else CheckInForm()
    if form.validate_on_submit():
        if open_now:
            closed = shifts.check_out(current_user, form.self_care.data, form.debrief.data)
            db.session.commit()
            flash(_("Checked out. Thank you for today; rest, drink water, and be gentle with yourself."), "info")
            if closed.debrief_requested:
                flash(_("A coordinator will reach out for your debrief."), "info")
        else:
            shifts.check_in(current_user, float(form.hours.data))
            db.session.commit()
            flash(_("Checked in. Stay with your partner, and check out when you are back."), "info")
        return redirect(url_for("field.shift"))
    status = 422 if form.is_submitted() else 200
    return render_template("field/shift.html", form=form, shift=open_now, labels=labels(),
                           hours={str(h): _("%(h)s hours", h=h) for h in shifts.SHIFT_LENGTHS}), status


@bp.get("/blocks/<int:block_id>")
def block(block_id: int):
    """A block: status, earlier visits, needs to confirm or reopen; never anyone's notes."""
    found = fieldwork.get_block(block_id)
    team = active_team_of(current_user)
    return render_template("field/block.html", labels=labels(), button=ButtonForm(), hazard=HazardForm(),
                           mine=fieldwork.is_pairs(found, team), csrf=generate_csrf(),
                           **fieldwork.block_summary(found))


@bp.post("/blocks/<int:block_id>/done")
def mark_done(block_id: int):
    """The pair marks its block done."""
    found = fieldwork.get_block(block_id)
    if not ButtonForm().validate_on_submit():
        raise DomainError(_("This form expired. Reload and try again."))
    status = fieldwork.mark_done(found, current_user, active_team_of(current_user))
    db.session.commit()
    if status == "done":
        flash(_("Block %(code)s is marked done. Well walked.", code=found.code), "info")
    else:
        flash(_("Block %(code)s stays on the list: a need is open or a follow-up was asked.", code=found.code),
              "info")
    return redirect(url_for("field.block", block_id=block_id))


@bp.post("/blocks/<int:block_id>/unsafe")
def flag_unsafe(block_id: int):
    """Flag a hazard on a block: other pairs keep away until a coordinator clears it."""
    found = fieldwork.get_block(block_id)
    form = HazardForm()
    if not form.validate_on_submit():
        raise DomainError(_("Say briefly what the hazard is."), {"hazard_note": _("required")})
    redactions = fieldwork.flag_unsafe(found, current_user, form.hazard_note.data)
    db.session.commit()
    flash(_("Thank you. The block is flagged unsafe and your coordinator can see it. Keep your distance."), "info")
    if redactions:
        flash(_("We removed personal details from your note before saving it."), "info")
    return redirect(url_for("field.block", block_id=block_id))
