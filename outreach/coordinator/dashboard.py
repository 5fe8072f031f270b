"""The coverage dashboard: care first (help calls, overdue, safety, carers), live; then coverage by neighborhood.

The care board is read from the database on every poll (static/js/dashboard.js),
so a help call taken by any app server or worker appears on every open
dashboard. An unchanged board answers 304 with no body.
"""
import hashlib
import json
from datetime import UTC, datetime

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.http import quote_etag

from ..auth import is_local_url
from ..errors import Invalid
from ..extensions import db
from ..i18n import zone_name
from ..services.areas import areas
from ..services.fieldwork import coverage
from ..services.gatherings import gatherings
from ..services.mutual_aid import aid_groups, needs
from ..services.operation import replica
from ..services.people import teams
from ..services.safety import alerts, care, hazards, messages
from ..services.sms import board
from ..vocab import BLOCK_STATUSES, SelfCare, label
from . import bp
from .forms import ActionForm, HazardResolveForm, MessageForm

CARE_ACTIONS = {
    "alert": (alerts.acknowledge, _l("Help call acknowledged: the pair's phone shows it is in hand.")),
    "extend": (coverage.extend_overdue, _l("Marked: they are fine and expected back within the hour.")),
    "close": (coverage.close_overdue, _l("Shift checked out on their behalf.")),
    "debriefed": (coverage.mark_debriefed, _l("Debrief recorded. Thank you for looking after them.")),
    "safety": (coverage.resolve_safety, _l("Safety concern marked as handled.")),
    "sms": (board.acknowledge_unmatched, _l("Help call by text acknowledged: call the number back if you can.")),
}
# Well inside the 10 s a new help call may take to show, and one small 304 when nothing changed.
POLL_SECONDS = 5
EVERY_PAIR = "all"


@bp.get("/dashboard")
def dashboard():
    """Who needs a call now (live), a message to the pairs, then how far each neighborhood has come."""
    series = coverage.visits_per_day(zone=get_timezone())
    body, etag = board_body()
    return render_template(
        "coordinator/dashboard.html", live=live_config(body, etag), message_form=message_form(),
        hoods=coverage.neighborhood_coverage(), statuses=BLOCK_STATUSES,
        bars=coverage.chart_bars(series), total_visits=sum(count for _, count in series),
        giving_back=needs.groups_giving_back(needs.ClaimLimits.from_config(current_app.config)),
        bursts=needs.fulfil_bursts(), action_form=ActionForm(), carers_not_ok=gatherings.carers_not_ok(),
        replica=replica_state(), by_text=board.taken_by_text(), message_texts=board.message_texts())


@bp.get("/dashboard/replica")
def replica_panel():
    """The replica panel alone, which the dashboard fetches again every few seconds (a pulled stick shows)."""
    return render_template("coordinator/_replica.html", replica=replica_state())


def replica_state() -> dict:
    """The database's copy elsewhere: Litestream's replica on SQLite, the streaming standbys on PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return replica.standbys(db.session)
    return replica.panel(current_app.config, current_app.instance_path, datetime.now(UTC))


@bp.get("/dashboard/care.json")
def care_board():
    """The care board as JSON; 304 when it has not changed since the ETag the page holds."""
    body, etag = board_body()
    response = Response(body, mimetype="application/json")
    # Weak: compression (flask-compress) changes the bytes, not the board, and leaves weak ETags alone.
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def board_body() -> tuple[bytes, str]:
    """The board's JSON and an ETag that changes exactly when it does."""
    body = json.dumps(care.care_board(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return body, hashlib.sha256(body).hexdigest()[:32]


def live_config(body: bytes, etag: str) -> dict:
    """What dashboard.js needs: the first board, where to poll, the action URLs and the words it shows."""
    return {
        "board": json.loads(body), "etag": quote_etag(etag, weak=True), "url": url_for(".care_board"),
        "poll_ms": POLL_SECONDS * 1000, "csrf": generate_csrf(), "lang": str(get_locale() or "en"),
        "time_zone": zone_name(), "map_url": url_for(".map_page"),
        "actions": {kind: id_prefix(".care_action", kind=kind) for kind in CARE_ACTIONS}
        | {"hazard": id_prefix(".resolve_hazard")},
        "self_care": SelfCare.labels(),
        "text": live_text(),
    }


def id_prefix(endpoint: str, **values) -> str:
    """An action's URL without its trailing id, which the page appends for each item."""
    return url_for(endpoint, item_id=0, **values).removesuffix("0")


def live_text() -> dict:
    """The dashboard's words, translated here (the %(...)s parts are filled in by the page)."""
    return {
        "help_empty": _("No help calls waiting."), "overdue_empty": _("Nobody is overdue."),
        "safety_empty": _("No open safety concerns."), "care_empty": _("Nobody is waiting for a debrief."),
        "hazards_empty": _("No hazards flagged."), "messages_empty": _("No messages sent yet."),
        "help": _("Needs help now"), "sent_by": _("sent by %(name)s"), "block": _("block %(code)s"),
        "no_block": _("block not known"), "at": _("at %(time)s"), "reach": _("reach them"),
        "acknowledge": _("Acknowledge: we have it in hand"), "no_pair": _("not in a pair"),
        "return": _("expected back at %(time)s"), "checkin": _("no \"all OK\" since %(time)s"),
        "extend": _("Reached them: fine, back within the hour"), "close": _("They are back: check out"),
        "handled": _("Handled"), "said": _("said: %(answer)s"), "debrief_asked": _("asked for a debrief"),
        "debriefed": _("Debrief done"), "resolve_note": _("How it was cleared"), "resolve": _("Hazard cleared"),
        "read_by": _("read by %(read)s of %(total)s pairs"), "not_yet": _("not read yet by:"),
        "updated": _("Live: updated %(time)s"), "offline": _("Live updates paused (no connection); retrying."),
        "title_help": _("Help needed (%(count)s)"),
        "last_block": _("Last known block:"), "from_call": _("from the call"),
        "from_visit": _("last visit at %(time)s"), "earlier": _("Earlier calls:"),
        "answered": _("%(name)s answered at %(time)s"), "no_contact": _("no contact on file"),
        "by_text": _("by text"), "unmatched": _("a number not registered, ending %(digits)s"),
    }


@bp.post("/care/<any(alert, extend, close, debriefed, safety, sms):kind>/<int:item_id>")
def care_action(kind: str, item_id: int):
    """Acknowledge a help call, or mark an overdue shift, a debrief or a safety concern as handled."""
    if not ActionForm().validate_on_submit():
        abort(400)
    handle, message = CARE_ACTIONS[kind]
    handle(current_user, item_id)
    db.session.commit()
    flash(str(message), "info")
    # Back where the button was pressed (the home's cards, or the dashboard), never to another site.
    back = request.form.get("next")
    return redirect(back if is_local_url(back) else url_for(".dashboard"))


@bp.post("/care/hazard/<int:item_id>")
def resolve_hazard(item_id: int):
    """Clear one hazard warning with a note; with none left, the block returns to the status its facts give."""
    form = HazardResolveForm()
    if not form.validate_on_submit():
        flash(_("Say how the hazard was cleared (up to 500 characters)."), "error")
        return redirect(url_for(".dashboard"))
    block = hazards.clear_hazard(current_user, item_id, form.note.data).block
    db.session.commit()
    flash(_("Hazard on %(code)s cleared; the block is %(status)s again.", code=block.code,
            status=label(block.status, "block_status")), "info")
    return redirect(url_for(".dashboard"))


@bp.post("/aid-groups/<int:item_id>/reopen-fulfils")
def reopen_fulfils(item_id: int):
    """Reopen every need a group marked met in the last day that no visit confirmed (a burst), audited."""
    if not ActionForm().validate_on_submit():
        abort(400)
    reopened = needs.reopen_fulfils(current_user, aid_groups.find_group(item_id) or abort(404))
    db.session.commit()
    flash(_("%(count)d needs are open again for any group; their drop-off hints are kept.", count=len(reopened)),
          "info")
    return redirect(url_for(".dashboard"))


def message_form() -> MessageForm:
    """The message form, offering every active pair, each neighborhood's working pairs, or each pair."""
    form = MessageForm()
    hoods = areas.neighborhood_names()
    pairs = teams.active_team_names()
    form.to.choices = ([(EVERY_PAIR, _("Every active pair"))]
                       + [(f"hood:{hood_id}", _("Pairs working in %(name)s", name=name)) for hood_id, name in hoods]
                       + [(f"pair:{team_id}", name) for team_id, name in pairs])
    return form


@bp.post("/messages")
def send_message():
    """Send a message to the chosen pairs; form errors come back as a notice on the dashboard."""
    form = message_form()
    if not form.validate_on_submit():
        flash(_("Write a message (up to %(limit)d characters) and choose who gets it.", limit=messages.MAX_TEXT),
              "error")
        return redirect(url_for(".dashboard"))
    try:
        message = messages.send_message(current_user, form.text.data, recipients(form.to.data))
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".dashboard"))
    db.session.commit()
    flash(_("Message sent to %(count)d pairs.", count=len(message.recipients)), "info")
    return redirect(url_for(".dashboard"))


def recipients(chosen: list[str]) -> list[int] | None:
    """The pairs the form's choices name (None: every active pair)."""
    if EVERY_PAIR in chosen:
        return None
    team_ids: set[int] = set()
    for choice in chosen:
        kind, _sep, ident = choice.partition(":")
        if kind == "hood":
            team_ids.update(messages.teams_in_neighborhood(int(ident)))
        else:
            team_ids.add(int(ident))
    if not team_ids:
        raise Invalid(_("No pair is working there now."), {"to": _("no pair")})
    return sorted(team_ids)
