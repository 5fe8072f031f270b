"""What a pair does in the field, from the phone's outbox: shifts, blocks, needs.

Every action carries a client_id made on the phone and is idempotent by it
(services/fieldwork/receipts.py): 201 when carried out now, 200 with the same answer when
replayed, 409 when the client_id was used for other content. Volunteers act on
their pair's blocks only (services/fieldwork/block_work.py); other blocks and needs are 404,
as is everything of another operation. A closed operation takes the actions a phone made
before its close and refuses later ones (409 operation_closed, DESIGN section 7).
"""
from collections.abc import Callable

from flask import current_app, g, jsonify
from sqlalchemy.exc import IntegrityError

from ..auth import api_roles
from ..extensions import db
from ..models import Shift
from ..parsers import convert, decode, json_object
from ..services.fieldwork import block_work, receipts, visits
from ..services.fieldwork.receipts import FieldAction
from ..services.mutual_aid import needs
from ..services.people.teams import active_team_of
from ..services.safety import hazards, shifts
from . import bp
from .needs import NEED
from .openapi import PATHS, json_ok, request_body, responses, schema_of


def once(kind: str, contract: type[FieldAction], action: Callable, target: int | None = None,
         made_at: Callable | None = None):
    """Carry out the action of this request exactly once, commit, and answer 201 or the replayed 200.

    The receipt hashes the body as sent (less its client_id), so a replay is judged by what the phone sent.
    `made_at(body)` is when the phone says the action happened (without it: now), for a closed operation.
    """
    sent = json_object()
    body = convert(sent, contract)
    client_id = str(body.client_id)
    hashed = {**{name: value for name, value in sent.items() if name != "client_id"}, "target": target}
    key = current_app.config["SECRET_KEY"].encode()
    when = made_at(body) if made_at else None
    try:
        outcome = receipts.carry_out(g.user, client_id, kind, hashed, key, lambda: action(body), made_at=when)
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


def phone_time(body: shifts.CheckIn | shifts.CheckOut):
    """When the phone says the action happened, checked like any phone's time; None: when it arrives."""
    return None if body.at is None else visits.phone_time(body.at, "at")


@bp.post("/shifts/check-in")
@api_roles("volunteer", "coordinator")
def check_in():
    """Start a shift (for the whole pair) expected to last `hours` from `at`."""
    return once("check_in", shifts.CheckIn, lambda body: {"shift": shift_answer(
        shifts.check_in(g.user, body.hours, at=phone_time(body)))}, made_at=phone_time)


@bp.post("/shifts/check-out")
@api_roles("volunteer", "coordinator")
def check_out():
    """End the open shift at `at` with how you are and, if wanted, a debrief request."""
    return once("check_out", shifts.CheckOut, lambda body: {"shift": shift_answer(
        shifts.check_out(g.user, body.self_care, body.debrief, at=phone_time(body)))}, made_at=phone_time)


@bp.post("/blocks/<int:block_id>/done")
@api_roles("volunteer", "coordinator")
def block_done(block_id: int):
    """The pair marks its block done; an open need or a follow-up keeps it on revisit."""

    def mark(_body: FieldAction) -> dict:
        team = active_team_of(g.user)
        block = block_work.visible_block(block_id, g.user, team)
        return {"block_id": block.id, "status": block_work.mark_done(block, g.user, team)}

    return once("block_done", FieldAction, mark, target=block_id)


@bp.post("/blocks/<int:block_id>/hazard")
@api_roles("volunteer", "coordinator")
def flag_hazard(block_id: int):
    """Flag a hazard on a block (any pair may warn the others); the note is scrubbed."""

    def flag(body: block_work.HazardIn) -> dict:
        block = block_work.get_block(block_id)
        redactions = block_work.flag_unsafe(block, g.user, body.note)
        return {"block_id": block.id, "status": block.status, "redactions": redactions}

    return once("hazard", block_work.HazardIn, flag, target=block_id)


@bp.post("/hazards/<int:hazard_id>/clear")
@api_roles("coordinator")
def clear_hazard(hazard_id: int):
    """A coordinator clears one warning with a note (audited); the others on the block stand."""
    hazard = hazards.clear_hazard(g.user, hazard_id, decode(hazards.ClearIn).note)
    answer = {"id": hazard.id, "block_id": hazard.block_id, "status": hazard.block.status,
              "cleared_at": hazard.cleared_at.isoformat()}
    db.session.commit()
    return jsonify(answer)


@bp.post("/needs/<int:need_id>/confirm")
@api_roles("volunteer", "coordinator")
def confirm_need(need_id: int):
    """A later visit confirms that a need a group called met was met."""
    return once("need_confirm", FieldAction, lambda _body: needs.summary_of(
        block_work.confirm_need(need_id, g.user, active_team_of(g.user)), g.user), target=need_id)


@bp.post("/needs/<int:need_id>/reopen")
@api_roles("volunteer", "coordinator")
def reopen_need(need_id: int):
    """A later visit finds the need still there: open again, the group's claim wiped."""
    return once("need_reopen", FieldAction, lambda _body: needs.summary_of(
        block_work.reopen_need(need_id, g.user, active_team_of(g.user)), g.user), target=need_id)


def operation(contract: type[FieldAction], summary: str, answer: dict, path_id: str | None = None) -> dict:
    """The OpenAPI description of one field action."""
    described = {"summary": summary + " (idempotent by client_id: 201 new, 200 replay, 409 other content)",
                 "requestBody": request_body(schema_of(contract)),
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
    "/shifts/check-in": operation(shifts.CheckIn, "Check in for a shift of `hours`", SHIFT),
    "/shifts/check-out": operation(shifts.CheckOut, "Check out with a self-care answer and a debrief request", SHIFT),
    "/blocks/{block_id}/done": operation(FieldAction, "The pair marks its block done", BLOCK_STATUS, "block_id"),
    "/blocks/{block_id}/hazard": operation(block_work.HazardIn, "Flag a hazard on a block (note scrubbed)",
                                           BLOCK_STATUS, "block_id"),
    "/hazards/{hazard_id}/clear": {"post": {
        "summary": "A coordinator clears one hazard warning with a note (audited)",
        "parameters": [{"name": "hazard_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "requestBody": request_body(schema_of(hazards.ClearIn)),
        "responses": responses(json_ok({"type": "object", "required": ["id", "block_id", "status", "cleared_at"],
                                        "properties": {"id": {"type": "integer"}, "block_id": {"type": "integer"},
                                                       "status": {"type": "string"},
                                                       "cleared_at": {"type": "string", "format": "date-time"}}}),
                               400, 403, 404, 409, 422)}},
    "/needs/{need_id}/confirm": operation(FieldAction, "A visit confirms a fulfilled need (the pair's blocks)",
                                          NEED, "need_id"),
    "/needs/{need_id}/reopen": operation(FieldAction, "A visit reopens a fulfilled need (the pair's blocks)",
                                         NEED, "need_id"),
})
