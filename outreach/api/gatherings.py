"""Gatherings (DESIGN.md sections 5 and 8): planned by coordinators, checked in to and reported by facilitators."""
from flask import g, jsonify

from ..auth import api_roles
from ..extensions import db
from ..parsers import decode
from ..services.fieldwork.receipts import FieldAction, PhoneTime
from ..services.gatherings import gatherings, reports
from ..services.safety import shifts
from ..vocab import GATHERING_KINDS, GATHERING_STATUSES
from . import bp
from .field import once, operation, phone_time, shift_answer
from .openapi import PATHS, json_ok, request_body, responses, schema_of


class GatheringCheckIn(FieldAction):
    """A facilitator checks in for a gathering (with the others), until its end."""

    at: PhoneTime | None = None


@bp.post("/gatherings")
@api_roles("coordinator")
def plan_gathering():
    """Plan a gathering: 201 with it (its title scrubbed); 422 naming each bad field, 404 for a block or place
    of another operation."""
    planned = gatherings.plan(g.user, decode(gatherings.GatheringIn))
    db.session.commit()
    return jsonify({**gatherings.gathering_json(planned.gathering), "redactions": planned.redactions}), 201


@bp.get("/gatherings")
@api_roles("coordinator", "volunteer")
def list_gatherings():
    """Every gathering of the operation for a coordinator; those a volunteer facilitates for them."""
    facilitator = None if g.user.role == "coordinator" else g.user
    return jsonify([gatherings.gathering_json(found) for found in gatherings.list_gatherings(facilitator)])


@bp.post("/gatherings/<int:gathering_id>/report")
@api_roles("volunteer", "coordinator")
def report_gathering(gathering_id: int):
    """What happened, once by client_id: 201 new, 200 replay, 409 other content; 403 for a non-facilitator."""
    gathering, status, redactions = reports.record_report(decode(reports.ReportIn), gathering_id, g.user)
    answer = {**gatherings.gathering_json(gathering), "redactions": redactions}
    db.session.commit()
    return jsonify(answer), status


@bp.post("/gatherings/<int:gathering_id>/check-in")
@api_roles("volunteer")
def check_in_gathering(gathering_id: int):
    """The facilitators check in for the gathering as for a shift: the safety loop watches them until its end."""
    return once("gathering_check_in", GatheringCheckIn, lambda body: {"shift": shift_answer(
        gatherings.check_in(g.user, gatherings.get_gathering(gathering_id), at=phone_time(body)))},
        target=gathering_id, made_at=phone_time)


@bp.post("/gatherings/<int:gathering_id>/check-out")
@api_roles("volunteer")
def check_out_gathering(gathering_id: int):
    """A facilitator checks out of the gathering with how they are, as at the end of a shift."""
    return once("gathering_check_out", shifts.CheckOut, lambda body: {"shift": shift_answer(
        gatherings.check_out(g.user, gatherings.get_gathering(gathering_id), body.self_care, body.debrief,
                             at=phone_time(body)))}, target=gathering_id, made_at=phone_time)


ID = {"type": "integer", "minimum": 1}
WHEN = {"type": "string", "format": "date-time"}
GATHERING = {
    "type": "object",
    "required": ["id", "kind", "title", "starts_at", "ends_at", "block_id", "place_id", "facilitator_ids",
                 "language", "public", "status", "report"],
    "properties": {
        "id": ID, "kind": {"type": "string", "enum": list(GATHERING_KINDS)}, "title": {"type": "string"},
        "starts_at": WHEN, "ends_at": WHEN, "block_id": {**ID, "nullable": True},
        "place_id": {**ID, "nullable": True}, "facilitator_ids": {"type": "array", "items": ID},
        "language": {"type": "string", "nullable": True}, "public": {"type": "boolean"},
        "status": {"type": "string", "enum": list(GATHERING_STATUSES)},
        "report": {"type": "object", "nullable": True, "description": "counts and categories, never names"},
        "place_name": {"type": "string"}, "redactions": {"type": "object"}},
}
GATHERING_ID = {"name": "gathering_id", "in": "path", "required": True, "schema": ID}

PATHS["/gatherings"] = {
    "post": {"summary": "Plan a gathering (coordinators): two or more facilitators, a block or a place",
             "requestBody": request_body(schema_of(gatherings.GatheringIn)),
             "responses": responses(json_ok(GATHERING, 201), 400, 403, 404, 409, 422)},
    "get": {"summary": "Gatherings: all for a coordinator, those a volunteer facilitates",
            "responses": responses(json_ok({"type": "array", "items": GATHERING}), 403)},
}
PATHS["/gatherings/{gathering_id}/report"] = {"post": {
    "summary": "A gathering's report (idempotent by client_id: 201 new, 200 replay, 409 other content)",
    "parameters": [GATHERING_ID], "requestBody": request_body(schema_of(reports.ReportIn)),
    "responses": responses({**json_ok(GATHERING, 201), **json_ok(GATHERING)}, 400, 403, 404, 409, 422)}}
PATHS["/gatherings/{gathering_id}/check-in"] = operation(
    GatheringCheckIn, "A facilitator checks the facilitators in for a gathering", {"type": "object"}, "gathering_id")
PATHS["/gatherings/{gathering_id}/check-out"] = operation(
    shifts.CheckOut, "A facilitator checks out of a gathering with a self-care answer", {"type": "object"},
    "gathering_id")
