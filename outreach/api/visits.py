"""Visits: one at a time or in batches from a phone's outbox; the stored ones for coordinators."""
from flask import g, jsonify
from flask_babel import gettext as _

from ..auth import api_roles
from ..errors import Invalid, TooLarge
from ..extensions import db
from ..services import visits
from ..vocab import NEED_CATEGORIES, NEED_URGENCIES, VISIT_OUTCOMES
from ..parsers import id_arg, json_value as json_body
from . import bp
from .openapi import PATHS, json_ok, query_int, responses


@bp.post("/visits")
@api_roles("volunteer", "coordinator")
def post_visit():
    """One visit: 201 when new, 200 when replayed, 409 when its client_id holds other content."""
    author = visits.author_for(g.user)
    result = visits.record_visit(json_body(), author)
    db.session.commit()
    answer = visits.visit_json(visits.get_visit(result.visit_id))
    answer["redactions"] = result.redactions
    return jsonify(answer), result.status


@bp.post("/visits/batch")
@api_roles("volunteer", "coordinator")
def post_visits_batch():
    """Up to 500 visits, each stored (or refused) on its own; one answer per item, in order."""
    body = json_body()
    items = body.get("visits") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise Invalid(_("Send {\"visits\": [...]}."), {"visits": _("must be a list")})
    if len(items) > visits.MAX_BATCH:
        raise TooLarge(_("At most %(limit)d visits per batch; send the rest in another.", limit=visits.MAX_BATCH),
                       {"visits": _("more than %(limit)d", limit=visits.MAX_BATCH)})
    author = visits.author_for(g.user)
    results = visits.record_batch(items, author)
    db.session.commit()
    return jsonify({"results": [result.as_json(index) for index, result in enumerate(results)]})


@bp.get("/visits")
@api_roles("coordinator")
def get_visits():
    """Stored visits (notes already scrubbed), optionally of one block, paged by after_id and limit."""
    rows = visits.list_visits(block_id=id_arg("block_id"), after_id=id_arg("after_id"), limit=id_arg("limit"))
    return jsonify([visits.visit_json(visit) for visit in rows])


VISIT = {
    "type": "object",
    "required": ["client_id", "block_id", "visited_at", "outcome"],
    "additionalProperties": False,
    "properties": {
        "client_id": {"type": "string", "format": "uuid"},
        "block_id": {"type": "integer", "minimum": 1},
        "visited_at": {"type": "string", "format": "date-time"},
        "outcome": {"type": "string", "enum": list(VISIT_OUTCOMES)},
        **{name: {"type": "integer", "minimum": 0, "maximum": visits.MAX_PEOPLE, "nullable": True,
                  "description": "absent or null means 0"} for name in visits.COUNTS},
        **{name: {"type": "array", "items": {"type": "string", "enum": list(slugs)}}
           for name, slugs in visits.SLUG_LISTS.items()},
        **{name: {"type": "boolean"} for name in visits.FLAGS},
        "notes": {"type": "string", "nullable": True, "maxLength": visits.MAX_NOTES},
        "needs": {"type": "array", "maxItems": visits.MAX_NEEDS, "items": {
            "type": "object", "required": ["category", "urgency"], "additionalProperties": False,
            "properties": {
                "category": {"type": "string", "enum": list(NEED_CATEGORIES)},
                "urgency": {"type": "string", "enum": list(NEED_URGENCIES)},
                "people": {"type": "integer", "minimum": 1, "maximum": visits.MAX_PEOPLE, "nullable": True,
                           "description": "absent or null means 1"},
                "consented_hint": {"type": "string", "nullable": True, "maxLength": visits.MAX_HINT},
            }}},
    },
}
STORED = {"type": "object", "description": "A visit as stored, plus id, team_id, user_id, received_at, "
                                           "outside_assignment and, after a post, redactions"}
ITEM = {"type": "object", "required": ["index", "status"], "properties": {
    "index": {"type": "integer"}, "client_id": {"type": "string", "nullable": True},
    "status": {"type": "integer", "enum": [200, 201, 409, 422]}, "id": {"type": "integer"},
    "redactions": {"type": "object"},
    "error": {"type": "object", "required": ["code", "message"], "description": "why this item was refused",
              "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "fields": {"type": "object"}}}}}


def body(schema: dict) -> dict:
    """A required JSON request body."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}


PATHS["/visits"] = {
    "post": {
        "summary": "Log one visit (idempotent by client_id: 201 new, 200 replay, 409 other content)",
        "requestBody": body(VISIT),
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
    "requestBody": body({"type": "object", "required": ["visits"], "properties": {
        "visits": {"type": "array", "maxItems": visits.MAX_BATCH, "items": VISIT}}}),
    "responses": responses(json_ok({"type": "object", "properties": {
        "results": {"type": "array", "items": ITEM}}}), 400, 403, 413, 422),
}}
