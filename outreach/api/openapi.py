"""The OpenAPI 3 description of /api/v1. Each route module adds its paths to PATHS."""
import msgspec
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


def request_body(schema: dict) -> dict:
    """A required JSON request body."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}


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


def schema_of(contract: type) -> dict:
    """A reference to the schema of a msgspec contract, added (with the structs it uses) to the components."""
    (ref,), schemas = msgspec.json.schema_components([contract], ref_template="#/components/schemas/{name}")
    for name, schema in schemas.items():
        COMPONENTS["schemas"][name] = openapi_30(schema)
    return ref


def openapi_30(schema):
    """JSON Schema as OpenAPI 3.0 reads it: "X or null" (anyOf with null) becomes X, nullable."""
    if isinstance(schema, list):
        return [openapi_30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: openapi_30(value) for key, value in schema.items()}
    options = schema.get("anyOf", [])
    if {"type": "null"} in options:
        rest = [option for option in schema.pop("anyOf") if option != {"type": "null"}]
        schema = {**rest[0], **schema} if len(rest) == 1 else {**schema, "anyOf": rest}
        schema["nullable"] = True
    return schema


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
