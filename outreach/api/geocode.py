"""Search our areas by name: neighborhoods, block codes, places (then a remote geocoder, if configured)."""
from flask import current_app, jsonify, request

from ..auth import api_roles
from ..extensions import db
from ..services.areas import gazetteer
from . import bp
from .openapi import PATHS, json_ok, responses

RESULT = {
    "type": "object",
    "required": ["name", "kind", "lat", "lon", "block_id", "neighborhood_id"],
    "properties": {
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["neighborhood", "block", "place", "geocoder"]},
        "lat": {"type": "number"}, "lon": {"type": "number"},
        "block_id": {"type": "integer", "nullable": True},
        "neighborhood_id": {"type": "integer", "nullable": True},
    },
}

PATHS["/geocode"] = {"get": {
    "summary": "Find a neighborhood, block or place by name (case and punctuation do not matter)",
    "parameters": [{"name": "q", "in": "query", "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": gazetteer.MAX_QUERY}}],
    "responses": responses(json_ok({"type": "array", "items": RESULT}), 403, 422),
}}


@bp.get("/geocode")
@api_roles("coordinator", "volunteer")
def geocode():
    """Matches for `q`, best first; a remote answer may be cached, hence the commit."""
    results = gazetteer.search(current_app.config, request.args.get("q", ""))
    db.session.commit()
    return jsonify(results)
