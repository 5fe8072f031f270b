"""What a pair does in the field, from the phone's outbox: shifts, blocks, needs.

Every action carries a client_id made on the phone and is idempotent by it
(services/receipts.py): 201 when carried out now, 200 with the same answer when
replayed, 409 when the client_id was used for other content. Volunteers act on
their pair's blocks only (services/fieldwork.py); other blocks and needs are 404.
"""
from collections.abc import Callable
from datetime import datetime

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..auth import api_roles
from ..errors import DomainError, Invalid
from ..extensions import db
from ..models import Shift
from ..services import fieldwork, needs, receipts, shifts, visits
from ..services.teams import active_team_of
from ..vocab import SELF_CARE
from . import bp
from .needs import NEED
from .openapi import PATHS, json_ok, request_body, responses

CLIENT_ID = {"type": "string", "format": "uuid", "description": "made on the phone; the action is idempotent by it"}
# Each action's body (besides client_id), as the OpenAPI document states it.
AT = {"type": "string", "format": "date-time", "nullable": True,
      "description": "when it happened on the phone (ISO 8601 with offset); absent or null: when it arrives"}
BODIES = {
    "check_in": {"hours": {"type": "number", "minimum": 0.5, "maximum": shifts.MAX_SHIFT_HOURS}, "at": AT},
    "check_out": {"self_care": {"type": "string", "enum": list(SELF_CARE)}, "debrief": {"type": "boolean"},
                  "at": AT},
    "block_done": {},
    "hazard": {"note": {"type": "string", "minLength": 1, "maxLength": fieldwork.MAX_HAZARD}},
    "need_confirm": {},
    "need_reopen": {},
}
REQUIRED = {"check_in": ["hours"], "check_out": ["self_care"], "hazard": ["note"]}


def action_body(kind: str) -> tuple[str, dict]:
    """The client_id and the rest of a field action's JSON body; unknown or missing fields are a 422."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError(_("Send a JSON object with Content-Type: application/json."), {"body": _("not JSON")})
    client_id = receipts.parse_client_id(body.get("client_id"))
    content = {name: value for name, value in body.items() if name != "client_id"}
    wrong = {name: _("unknown field") for name in content if name not in BODIES[kind]}
    wrong |= {name: _("required") for name in REQUIRED.get(kind, ()) if content.get(name) is None}
    if wrong:
        raise Invalid(_("Some fields of this action are missing or not known."), wrong)
    return client_id, content


def once(kind: str, action: Callable[[dict], dict], target: int | None = None):
    """Carry out the action of this request exactly once, commit, and answer 201 or the replayed 200."""
    client_id, content = action_body(kind)
    hashed = {**content, "target": target}
    key = current_app.config["SECRET_KEY"].encode()
    try:
        outcome = receipts.carry_out(g.user, client_id, kind, hashed, key, lambda: action(content))
        db.session.commit()
    except IntegrityError:
        # The same action arrived twice at once and the other one won: answer as its replay.
        db.session.rollback()
        outcome = receipts.replay_after_race(g.user, client_id, kind, hashed, key)
        if outcome is None:
            raise
    return jsonify(outcome.answer), outcome.status


def shift_answer(shift: Shift) -> dict:
    """A shift as the phone shows it after checking in or out."""
    return {**shifts.shift_json(shift),
            "checked_out_at": shift.checked_out_at.isoformat() if shift.checked_out_at else None,
            "self_care": shift.self_care, "debrief_requested": shift.debrief_requested}


def phone_time(value) -> datetime | None:
    """When the phone says the action happened (queued offline, sent later), if it says."""
    return None if value is None else visits.phone_time(value, "at")


@bp.post("/shifts/check-in")
@api_roles("volunteer", "coordinator")
def check_in():
    """Start a shift (for the whole pair) expected to last `hours` from `at`."""
    return once("check_in", lambda body: {"shift": shift_answer(
        shifts.check_in(g.user, body["hours"], at=phone_time(body.get("at"))))})


@bp.post("/shifts/check-out")
@api_roles("volunteer", "coordinator")
def check_out():
    """End the open shift at `at` with how you are and, if wanted, a debrief request."""
    return once("check_out", lambda body: {"shift": shift_answer(shifts.check_out(
        g.user, body["self_care"], debrief_flag(body.get("debrief", False)), at=phone_time(body.get("at"))))})


def debrief_flag(value) -> bool:
    """The debrief answer must be true or false, not a word that might mean either."""
    if not isinstance(value, bool):
        raise Invalid(_("Say true or false for the debrief."), {"debrief": _("must be true or false")})
    return value


@bp.post("/blocks/<int:block_id>/done")
@api_roles("volunteer", "coordinator")
def block_done(block_id: int):
    """The pair marks its block done; an open need or a follow-up keeps it on revisit."""

    def mark(_body: dict) -> dict:
        team = active_team_of(g.user)
        block = fieldwork.visible_block(block_id, g.user, team)
        return {"block_id": block.id, "status": fieldwork.mark_done(block, g.user, team)}

    return once("block_done", mark, target=block_id)


@bp.post("/blocks/<int:block_id>/hazard")
@api_roles("volunteer", "coordinator")
def flag_hazard(block_id: int):
    """Flag a hazard on a block (any pair may warn the others); the note is scrubbed."""

    def flag(body: dict) -> dict:
        if not isinstance(body["note"], str):
            raise Invalid(_("Say briefly what the hazard is."), {"note": _("must be text")})
        block = fieldwork.get_block(block_id)
        redactions = fieldwork.flag_unsafe(block, g.user, body["note"])
        return {"block_id": block.id, "status": block.status, "redactions": redactions}

    return once("hazard", flag, target=block_id)


@bp.post("/needs/<int:need_id>/confirm")
@api_roles("volunteer", "coordinator")
def confirm_need(need_id: int):
    """A later visit confirms that a need a group called met was met."""
    return once("need_confirm", lambda _body: needs.summary_of(
        fieldwork.confirm_need(need_id, g.user, active_team_of(g.user)), g.user), target=need_id)


@bp.post("/needs/<int:need_id>/reopen")
@api_roles("volunteer", "coordinator")
def reopen_need(need_id: int):
    """A later visit finds the need still there: open again, the group's claim wiped."""
    return once("need_reopen", lambda _body: needs.summary_of(
        fieldwork.reopen_need(need_id, g.user, active_team_of(g.user)), g.user), target=need_id)


def operation(kind: str, summary: str, answer: dict, path_id: str | None = None) -> dict:
    """The OpenAPI description of one field action."""
    schema = {"type": "object", "additionalProperties": False, "required": ["client_id", *REQUIRED.get(kind, ())],
              "properties": {"client_id": CLIENT_ID, **BODIES[kind]}}
    described = {"summary": summary + " (idempotent by client_id: 201 new, 200 replay, 409 other content)",
                 "requestBody": request_body(schema),
                 "responses": responses({**json_ok(answer, 201), **json_ok(answer)}, 400, 403, 404, 409, 422)}
    if path_id:
        described["parameters"] = [{"name": path_id, "in": "path", "required": True, "schema": {"type": "integer"}}]
    return {"post": described}


SHIFT = {"type": "object", "required": ["shift"], "properties": {"shift": {"type": "object", "properties": {
    "id": {"type": "integer"}, "checked_in_at": {"type": "string", "format": "date-time"},
    "expected_end_at": {"type": "string", "format": "date-time"},
    "last_ok_at": {"type": "string", "format": "date-time", "nullable": True},
    "next_checkin_at": {"type": "string", "format": "date-time", "nullable": True},
    "checked_out_at": {"type": "string", "format": "date-time", "nullable": True},
    "self_care": {"type": "string", "nullable": True}, "debrief_requested": {"type": "boolean"}}}}}
BLOCK_STATUS = {"type": "object", "required": ["block_id", "status"], "properties": {
    "block_id": {"type": "integer"}, "status": {"type": "string"}, "redactions": {"type": "object"}}}

PATHS.update({
    "/shifts/check-in": operation("check_in", "Check in for a shift of `hours`", SHIFT),
    "/shifts/check-out": operation("check_out", "Check out with a self-care answer and a debrief request", SHIFT),
    "/blocks/{block_id}/done": operation("block_done", "The pair marks its block done", BLOCK_STATUS, "block_id"),
    "/blocks/{block_id}/hazard": operation("hazard", "Flag a hazard on a block (note scrubbed)", BLOCK_STATUS,
                                           "block_id"),
    "/needs/{need_id}/confirm": operation("need_confirm", "A visit confirms a fulfilled need (the pair's blocks)",
                                          NEED, "need_id"),
    "/needs/{need_id}/reopen": operation("need_reopen", "A visit reopens a fulfilled need (the pair's blocks)",
                                         NEED, "need_id"),
})
