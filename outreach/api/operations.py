"""The caller's operations (DESIGN section 7): what a phone or script may act on."""
from flask import g, jsonify

from ..services.operation import operations
from . import bp
from .openapi import PATHS, json_ok, responses

OPERATION = {"type": "object", "required": ["slug", "name", "status", "exercise", "role"], "properties": {
    "slug": {"type": "string"}, "name": {"type": "string"},
    "status": {"type": "string", "enum": ["active", "closed", "archived"]}, "exercise": {"type": "boolean"},
    "role": {"type": "string", "enum": ["coordinator", "volunteer", "aid"]}}}


@bp.get("/operations")
def list_operations():
    """Every operation the caller is a member of, archived ones included, with their role there."""
    return jsonify([{"slug": operation.slug, "name": operation.name, "status": operation.status,
                     "exercise": operation.exercise, "role": role}
                    for operation, role in operations.memberships(g.caller.id)])


PATHS["/operations"] = {"get": {
    "summary": "The caller's operations, archived ones included, with the caller's role in each (every other "
               "path also lives under /operations/{slug}/, acting on that operation)",
    "responses": responses(json_ok({"type": "array", "items": OPERATION})),
}}
