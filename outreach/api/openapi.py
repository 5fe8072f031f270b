"""The OpenAPI 3 description of /api/v1. Each route module adds its paths to PATHS."""
from flask import jsonify

from . import bp

ERROR = {"$ref": "#/components/schemas/Error"}
FEATURES = {"$ref": "#/components/schemas/FeatureCollection"}


def responses(ok: dict, *errors: int) -> dict:
    """A responses object: the success answers plus JSON errors for the given statuses."""
    answer = dict(ok)
    for status in (401, *errors):
        answer[str(status)] = {"description": "error", "content": {"application/json": {"schema": ERROR}}}
    return answer


def json_ok(schema: dict, status: int = 200) -> dict:
    """A success answer with a JSON body."""
    return {str(status): {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def query_int(name: str) -> dict:
    """An optional integer query parameter."""
    return {"name": name, "in": "query", "required": False, "allowEmptyValue": True,  # empty means not given
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}


PATHS: dict = {
    "/neighborhoods": {"get": {"summary": "Neighborhoods as GeoJSON", "responses": responses(json_ok(FEATURES), 403)}},
    "/blocks": {"get": {
        "summary": "Blocks as GeoJSON (a volunteer sees the pair's own)",
        "parameters": [query_int("neighborhood_id")],
        "responses": responses(json_ok(FEATURES), 403, 422),
    }},
    "/users": {"get": {
        "summary": "Accounts (coordinators only)",
        "parameters": [{"name": "role", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["coordinator", "volunteer", "aid"]}}],
        "responses": responses(json_ok({"type": "array", "items": {"type": "object"}}), 400, 403),
    }},
}

COMPONENTS = {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "schemas": {
        "Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "fields": {"type": "object"}},
            }},
        },
        "FeatureCollection": {
            "type": "object", "required": ["type", "features"],
            "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}},
        },
    },
}


def spec() -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Outreach API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": COMPONENTS,
    }


@bp.get("/openapi.json")
def openapi():
    """The API description; public, so tools can read it."""
    return jsonify(spec())
