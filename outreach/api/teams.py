"""Pairs and their assignments, for coordinators."""
from flask import current_app, g, jsonify

from ..auth import api_roles
from ..extensions import db
from ..parsers import decode, id_arg
from ..services.fieldwork import assignment
from ..services.fieldwork import suggestions as suggestions_service
from ..services.gatherings import practice
from ..services.people import teams
from . import bp
from .openapi import PATHS, json_ok, query_int, request_body, responses, schema_of


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
    body = decode(teams.TeamIn)
    team = teams.create_team(g.user, name=body.name, member_ids=body.member_ids, staging=body.staging)
    db.session.commit()
    answer = teams.team_json(team, current_app.config["TRAINING_VALID_DAYS"])
    answer["warnings"] += practice.practice_warnings(team.members)  # a warning, never a refusal (issue 27)
    return jsonify(answer), 201


@bp.post("/assignments")
@api_roles("coordinator")
def create_assignments():
    """Assign blocks to a pair, all or nothing: 201 with the created assignments."""
    body = decode(assignment.AssignmentIn)
    created = assignment.assign_blocks(g.user, body.team_id, body.block_ids,
                                       current_app.config["ASSIGNMENT_TTL_HOURS"])
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
        "requestBody": request_body(schema_of(teams.TeamIn)),
        "responses": responses(json_ok(OBJECT, 201), 400, 403, 409, 422),
    },
}
PATHS["/assignments"] = {"post": {
    "summary": "Assign blocks to a pair (all or nothing)",
    "requestBody": request_body(schema_of(assignment.AssignmentIn)),
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
    created = suggestions_service.accept(g.user, decode(suggestions_service.PlanIn),
                                         current_app.config["ASSIGNMENT_TTL_HOURS"])
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
    "requestBody": request_body(schema_of(suggestions_service.PlanIn)),
    "responses": responses(json_ok(OBJECT, 201), 400, 403, 404, 409, 422),
}}
