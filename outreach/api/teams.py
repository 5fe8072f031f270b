"""Pairs and their assignments, for coordinators."""
from flask import current_app, g, jsonify

from ..auth import api_roles
from ..errors import Invalid
from ..extensions import db
from ..parsers import id_arg, whole_number
from ..parsers import json_object as json_body
from ..services import assignment, teams
from ..services import suggestions as suggestions_service
from . import bp
from .openapi import PATHS, json_ok, query_int, request_body, responses


def staging_from(body: dict) -> teams.Staging | None:
    """The optional `staging` object {"lat", "lon", "label"?}."""
    staging = body.get("staging")
    if staging is None:
        return None
    if not isinstance(staging, dict):
        raise Invalid("'staging' must be an object with lat and lon.", {"staging": "not an object"})
    lat, lon = staging.get("lat"), staging.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        raise Invalid("'staging' needs numeric lat and lon.", {"staging": "lat and lon required"})
    label = staging.get("label")
    if label is not None and not isinstance(label, str):
        raise Invalid("'staging.label' must be text.", {"staging": "label not text"})
    return teams.Staging(lat=float(lat), lon=float(lon), label=label)


@bp.get("/teams")
@api_roles("coordinator")
def list_teams():
    """Active pairs with members, staging point, block count, problems and warnings."""
    assignment.expire_due()
    db.session.commit()
    counts = assignment.active_block_counts()
    valid_days = current_app.config["TRAINING_VALID_DAYS"]
    return jsonify([teams.team_json(t, valid_days, counts.get(t.id, 0)) for t in teams.list_active_teams()])


@bp.post("/teams")
@api_roles("coordinator")
def create_team():
    """Form a pair: 201 with the pair; 422 when it is not a valid pair; 409 when a member is paired."""
    body = json_body()
    name = body.get("name")
    if not isinstance(name, str):
        raise Invalid("'name' must be text.", {"name": "required"})
    team = teams.create_team(g.user, name=name, member_ids=body.get("member_ids"), staging=staging_from(body))
    db.session.commit()
    return jsonify(teams.team_json(team, current_app.config["TRAINING_VALID_DAYS"])), 201


@bp.post("/assignments")
@api_roles("coordinator")
def create_assignments():
    """Assign blocks to a pair, all or nothing: 201 with the created assignments."""
    body = json_body()
    team_id = whole_number(body, "team_id")
    block_ids = assignment.parse_block_ids(body.get("block_ids"))
    created = assignment.assign_blocks(g.user, team_id, block_ids, current_app.config["ASSIGNMENT_TTL_HOURS"])
    db.session.commit()
    return jsonify({"assignments": [assignment.assignment_json(a) for a in created]}), 201


@bp.delete("/assignments/<int:assignment_id>")
@api_roles("coordinator")
def release_assignment(assignment_id: int):
    """Release an active assignment."""
    released = assignment.release(g.user, assignment_id)
    db.session.commit()
    return jsonify(assignment.assignment_json(released))


@bp.post("/assignments/<int:assignment_id>/renew")
@api_roles("coordinator")
def renew_assignment(assignment_id: int):
    """Extend an active assignment by the configured time to live."""
    renewed = assignment.renew(g.user, assignment_id, current_app.config["ASSIGNMENT_TTL_HOURS"])
    db.session.commit()
    return jsonify(assignment.assignment_json(renewed))


OBJECT = {"type": "object"}
ID_PARAM = [{"name": "assignment_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
PATHS["/teams"] = {
    "get": {"summary": "Active pairs", "responses": responses(json_ok({"type": "array", "items": OBJECT}), 403)},
    "post": {
        "summary": "Form a pair of two trained volunteers",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["name", "member_ids"],
            "properties": {"name": {"type": "string"},
                           "member_ids": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
                           "staging": {"type": "object", "properties": {
                               "lat": {"type": "number"}, "lon": {"type": "number"}, "label": {"type": "string"}}}},
        }}}},
        "responses": responses(json_ok(OBJECT, 201), 400, 403, 409, 422),
    },
}
PATHS["/assignments"] = {"post": {
    "summary": "Assign blocks to a pair (all or nothing)",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["team_id", "block_ids"],
        "properties": {"team_id": {"type": "integer"},
                       "block_ids": {"type": "array", "items": {"type": "integer"}, "minItems": 1}},
    }}}},
    "responses": responses(json_ok(OBJECT, 201), 400, 403, 404, 409, 422),
}}
PATHS["/assignments/{assignment_id}"] = {"delete": {
    "summary": "Release an assignment", "parameters": ID_PARAM,
    "responses": responses(json_ok(OBJECT), 403, 404, 409),
}}
PATHS["/assignments/{assignment_id}/renew"] = {"post": {
    "summary": "Renew an assignment for another ASSIGNMENT_TTL_HOURS", "parameters": ID_PARAM,
    "responses": responses(json_ok(OBJECT), 403, 404, 409),
}}


@bp.get("/suggestions")
@api_roles("coordinator")
def suggestions():
    """A suggested plan for the active pairs over the free blocks (optionally of one neighborhood)."""
    plan = suggestions_service.current_plan(current_app.config["SUGGEST_BLOCKS_PER_PAIR"],
                                            id_arg("neighborhood_id"))
    db.session.commit()  # lazy expiry may have released assignments
    return jsonify(suggestions_service.plan_json(plan))


@bp.post("/suggestions/accept")
@api_roles("coordinator")
def accept_suggestions():
    """Assign the accepted part of a plan, all or nothing: {"plan": [{"team_id", "block_ids"}]}."""
    created = suggestions_service.accept(g.user, json_body().get("plan"), current_app.config["ASSIGNMENT_TTL_HOURS"])
    db.session.commit()
    return jsonify({"assignments": [assignment.assignment_json(a) for a in created]}), 201


PLAN = {"type": "array", "items": {"type": "object", "required": ["team_id", "block_ids"], "properties": {
    "team_id": {"type": "integer"}, "block_ids": {"type": "array", "items": {"type": "integer"}}}}}
PATHS["/suggestions"] = {"get": {
    "summary": "A suggested plan: high-priority blocks first, compact near each pair's staging point, balanced",
    "parameters": [query_int("neighborhood_id")],
    "responses": responses(json_ok({"type": "object", "properties": {"plan": PLAN}}), 403, 422),
}}
PATHS["/suggestions/accept"] = {"post": {
    "summary": "Accept all or part of a plan (all or nothing)",
    "requestBody": request_body({"type": "object", "required": ["plan"], "properties": {"plan": PLAN}}),
    "responses": responses(json_ok(OBJECT, 201), 400, 403, 404, 409, 422),
}}
