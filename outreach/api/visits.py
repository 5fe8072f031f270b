"""Visits: one at a time or in batches from a phone's outbox; the stored ones for coordinators."""
import msgspec
from flask import Response, g, jsonify, request
from flask_babel import gettext as _

from ..auth import api_roles
from ..errors import Invalid, TooLarge
from ..extensions import db
from ..parsers import decodes_contract, id_arg
from ..parsers import json_value as json_body
from ..services.fieldwork import visits
from . import bp
from .openapi import PATHS, json_ok, query_int, request_body, responses, schema_of


def json_answer(answer: dict, status: int = 200) -> Response:
    """A JSON answer encoded by msgspec (a batch's 500 results in well under a millisecond)."""
    return Response(msgspec.json.encode(answer), status=status, mimetype="application/json")


@bp.post("/visits")
@api_roles("volunteer", "coordinator")
@decodes_contract
def post_visit():
    """One visit: 201 when new, 200 when replayed, 409 when its client_id holds other content."""
    author = visits.author_for(g.caller)
    # A valid visit is decoded and checked in one pass; anything else is explained field by field.
    item = (request.is_json and visits.decode_visit(request.get_data())) or json_body()
    result = visits.record_visit(item, author)
    db.session.commit()
    answer = result.answer or visits.visit_json(visits.get_visit(result.visit_id))
    answer["redactions"] = result.redactions
    return json_answer(answer, result.status)


@bp.post("/visits/batch")
@api_roles("volunteer", "coordinator")
@decodes_contract
def post_visits_batch():
    """Up to 500 visits, each stored (or refused) on its own; one answer per item, in order."""
    items = (request.is_json and visits.decode_batch(request.get_data())) or batch_items(json_body())
    author = visits.author_for(g.caller)
    results = visits.record_batch(items, author)
    db.session.commit()
    return json_answer({"results": [result.as_json(index) for index, result in enumerate(results)]})


def batch_items(body) -> list:
    """The `visits` list of a batch that did not decode in one pass; its items are checked one by one."""
    items = body.get("visits") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise Invalid(_("Send {\"visits\": [...]}."), {"visits": _("must be a list")})
    if len(items) > visits.MAX_BATCH:
        raise TooLarge(_("At most %(limit)d visits per batch; send the rest in another.", limit=visits.MAX_BATCH),
                       {"visits": _("more than %(limit)d", limit=visits.MAX_BATCH)})
    return items


@bp.get("/visits")
@api_roles("coordinator")
def get_visits():
    """Stored visits (notes already scrubbed), optionally of one block, paged by after_id and limit."""
    rows = visits.list_visits(block_id=id_arg("block_id"), after_id=id_arg("after_id"), limit=id_arg("limit"))
    return jsonify([visits.visit_json(visit) for visit in rows])


VISIT = schema_of(visits.VisitIn)
STORED = {"type": "object", "description": "A visit as stored, plus id, team_id, user_id, received_at, "
                                           "outside_assignment and, after a post, redactions"}
ITEM = {"type": "object", "required": ["index", "status"], "properties": {
    "index": {"type": "integer"}, "client_id": {"type": "string", "nullable": True},
    "status": {"type": "integer", "enum": [200, 201, 409, 413, 422]}, "id": {"type": "integer"},
    "redactions": {"type": "object"},
    "stored": {"type": "object", "description": "each field that lost personal details, as stored (with placeholders)"},
    "error": {"type": "object", "required": ["code", "message"], "description": "why this item was refused",
              "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "fields": {"type": "object"}}}}}


PATHS["/visits"] = {
    "post": {
        "summary": "Log one visit (idempotent by client_id: 201 new, 200 replay, 409 other content)",
        "requestBody": request_body(VISIT),
        "responses": responses({**json_ok(STORED, 201), **json_ok(STORED)}, 400, 403, 409, 422),
    },
    "get": {
        "summary": "Stored visits, for coordinators",
        "parameters": [query_int("block_id"), query_int("after_id"), query_int("limit")],
        "responses": responses(json_ok({"type": "array", "items": STORED}), 400, 403, 422),
    },
}
PATHS["/visits/batch"] = {"post": {
    "summary": "Log up to 500 visits; a result per item, each item stored or refused on its own",
    "requestBody": request_body(schema_of(visits.BatchIn)),
    "responses": responses(json_ok({"type": "object", "properties": {
        "results": {"type": "array", "items": ITEM}}}), 400, 403, 413, 422),
}}
