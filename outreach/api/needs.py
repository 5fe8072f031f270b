"""Needs at block level for aid groups and coordinators (the field's confirm and reopen: api/field.py)."""
from flask import current_app, g, jsonify, request

from ..auth import api_roles
from ..errors import Forbidden, Invalid
from ..extensions import db
from ..models import AidGroup
from ..parsers import decode, id_arg
from ..services.mutual_aid import aid_groups, needs
from ..vocab import NEED_CATEGORIES, NEED_STATUSES, NEED_URGENCIES
from . import bp
from .openapi import PATHS, json_ok, request_body, responses, schema_of

MAX_LIMIT = 5000


def need_filter_from_args() -> needs.NeedFilter:
    """The list filter from ?status=&category=&urgency=&neighborhood_id= (status may be comma-separated)."""
    status = request.args.get("status") or None
    return needs.NeedFilter(
        statuses=tuple(status.split(",")) if status else None,
        category=request.args.get("category") or None,
        urgency=request.args.get("urgency") or None,
        neighborhood_id=id_arg("neighborhood_id"),
    ).validate()


@bp.get("/needs")
@api_roles("coordinator", "aid")
def list_needs():
    """Needs at block level, most urgent and oldest first; never a visit's notes."""
    wanted = need_filter_from_args()
    limit = min(id_arg("limit", 1000), MAX_LIMIT)
    needs.expire_claims()
    listed = needs.list_needs(wanted, g.user, limit=limit)
    db.session.commit()  # lapsed claims, and the audit of every hint an aid member read
    return jsonify(listed)


def claiming_group() -> AidGroup:
    """An aid member claims for their group; a coordinator names one with `group_id`."""
    body = decode(needs.ClaimIn, optional=True)
    if g.user.role == "aid":
        if g.user.aid_group is None:
            raise Forbidden("You are not in an aid group yet; ask a coordinator.", {"group": "none"})
        return g.user.aid_group
    group = aid_groups.find_group(body.group_id) if body.group_id is not None else None
    if group is None:
        raise Invalid("Name the aid group that takes this need: {\"group_id\": N}.", {"group_id": "unknown"})
    return group


def answer(need):
    """Commit the change (and the audit of a hint read in the answer) and answer with the need."""
    summary = needs.summary_of(need, g.user)
    db.session.commit()
    return jsonify(summary)


@bp.post("/needs/<int:need_id>/claim")
@api_roles("aid", "coordinator")
def claim_need(need_id: int):
    """Claim (or renew the claim on) a need for CLAIM_TTL_HOURS."""
    need = needs.get_need(need_id)
    group = claiming_group()
    return answer(needs.claim(need, group, g.user, ttl_hours=current_app.config["CLAIM_TTL_HOURS"],
                              limits=needs.ClaimLimits.from_config(current_app.config)))


# The steps that need nothing but the need and the caller: (service, roles allowed).
SIMPLE_STEPS = {
    "release": (needs.release, ("aid", "coordinator")),
    "fulfill": (needs.fulfill, ("aid", "coordinator")),
}


def simple_step_view(step: str, service):
    """A POST view applying `service` to the need in the URL."""

    def view(need_id: int):
        return answer(service(needs.get_need(need_id), g.user))

    view.__name__ = f"{step}_need"
    view.__doc__ = f"{step.title()} a need."
    return view


for _step, (_service, _roles) in SIMPLE_STEPS.items():
    bp.add_url_rule(f"/needs/<int:need_id>/{_step}", methods=["POST"],
                    view_func=api_roles(*_roles)(simple_step_view(_step, _service)))


@bp.post("/needs/<int:need_id>/close")
@api_roles("coordinator")
def close_need(need_id: int):
    """Close a withdrawn need, or a duplicate of `duplicate_of`."""
    body = decode(needs.CloseIn, optional=True)
    need = needs.get_need(need_id)
    duplicate_of = needs.get_need(body.duplicate_of) if body.duplicate_of is not None else None
    return answer(needs.close(need, g.user, body.reason, duplicate_of))


def _enum_query(name: str, values) -> dict:
    """An optional query parameter from a vocabulary."""
    return {"name": name, "in": "query", "required": False, "schema": {"type": "string", "enum": list(values)}}


NEED = {"type": "object", "required": ["id", "category", "urgency", "people", "status", "block_id",
                                       "block_code", "neighborhood", "created_at", "claimed_by"],
        "properties": {"id": {"type": "integer"}, "category": {"type": "string", "enum": list(NEED_CATEGORIES)},
                       "urgency": {"type": "string", "enum": list(NEED_URGENCIES)},
                       "people": {"type": "integer"}, "status": {"type": "string", "enum": list(NEED_STATUSES)},
                       "block_id": {"type": "integer"}, "block_code": {"type": "string"},
                       "neighborhood": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
                       "claimed_by": {"type": "object", "nullable": True,
                                      "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
                       "claim_expires_at": {"type": "string", "format": "date-time", "nullable": True},
                       "hint": {"type": "string", "description": "only for coordinators and the claiming group"}}}
NEED_ID = {"name": "need_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _transition(summary: str, body: type | None = None) -> dict:
    """The OpenAPI operation of one lifecycle step (`body`: the contract of its optional body)."""
    operation = {"summary": summary, "parameters": [NEED_ID],
                 "responses": responses(json_ok(NEED), 400, 403, 404, 409, 422)}
    if body:
        operation["requestBody"] = {**request_body(schema_of(body)), "required": False}
    return {"post": operation}


PATHS.update({
    "/needs": {"get": {
        "summary": "Needs at block level (coordinator, aid); never a visit's notes",
        "parameters": [{"name": "status", "in": "query", "required": False,
                        "description": "one status or several, comma-separated", "schema": {"type": "string"}},
                       _enum_query("category", NEED_CATEGORIES), _enum_query("urgency", NEED_URGENCIES),
                       {"name": "neighborhood_id", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1}},
                       {"name": "limit", "in": "query", "required": False,
                        "description": f"at most this many; values above {MAX_LIMIT} count as {MAX_LIMIT}",
                        "schema": {"type": "integer", "minimum": 1}}],
        "responses": responses(json_ok({"type": "array", "items": NEED}), 403, 422),
    }},
    "/needs/{need_id}/claim": _transition(
        "Claim or renew (aid, coordinator with group_id)", needs.ClaimIn),
    "/needs/{need_id}/release": _transition("Release a claim (aid, coordinator)"),
    "/needs/{need_id}/fulfill": _transition("Mark fulfilled (aid, coordinator)"),
    "/needs/{need_id}/close": _transition(
        "Close as withdrawn or duplicate (coordinator)", needs.CloseIn),
})
