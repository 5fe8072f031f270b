"""One set of parsers for what requests and uploads carry: ids, JSON texts and JSON bodies.

One status code per kind of mistake, everywhere:
- a body that is not JSON at all: 400 (`bad_request`);
- JSON of the wrong shape (`[1]` where an object belongs), a bad id, or nesting
  deeper than allowed: 422 (`invalid`), naming the offending input in `fields`.
Nesting is measured before decoding, so no document can make the decoder recurse
past Python's limit (a RecursionError would be a 500).
"""
import re

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from .errors import DomainError, Invalid

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's is wider
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(text: bytes | str) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it (strings are skipped)."""
    body = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    depth = deepest = 0
    for bracket in BRACKETS.findall(JSON_STRING.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


def check_depth(text: bytes | str, most: int, field: str = "body") -> None:
    """Refuse a JSON text nested deeper than `most` levels (422)."""
    body = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if body.count(b"[") + body.count(b"{") <= most:
        return  # cannot nest deeper than it has brackets (a single visit has about eight): no scan needed
    depth = json_depth(body)
    if depth > most:
        raise Invalid(f"The JSON is nested {depth} levels deep; at most {most} are accepted.",
                      {field: "too deeply nested"})


def is_json_request() -> bool:
    """application/json or any application/*+json body (Flask's own test)."""
    return request.is_json


def check_request_depth() -> None:
    """Apply API_MAX_JSON_DEPTH to a JSON request body of any JSON content type."""
    if is_json_request():
        check_depth(request.get_data(cache=True), current_app.config["API_MAX_JSON_DEPTH"])


def decodes_contract(view):
    """Mark an API view that decodes its body against a declared msgspec contract before anything else.

    A contract whose structs all forbid unknown fields never descends into an undeclared
    value, so no nesting can make it recurse; when the decode fails, the view falls back to
    json_value(), which measures the nesting first. So the before-request depth check
    (security.limit_api_request) skips these views: on a batch of 500 visits it cost more
    than decoding the batch.
    """
    view.decodes_contract = True
    return view


def wants_depth_check() -> bool:
    """Whether this request's JSON body must be measured before its view runs (see decodes_contract)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "decodes_contract", False)


def json_value():
    """The request's decoded JSON (`null` included); a body that is not JSON is a 400."""
    check_request_depth()
    try:
        if is_json_request():
            return request.get_json()
    except BadRequest:
        pass
    raise DomainError(_("Send a JSON body with Content-Type: application/json."), {"body": _("not JSON")})


def json_object(optional: bool = False) -> dict:
    """The request's JSON object (422 for any other JSON value); `optional`: no body at all is {}."""
    if optional and not request.get_data(cache=True).strip():
        return {}
    body = json_value()
    if not isinstance(body, dict):
        raise Invalid(f"Send a JSON object ({{...}}), not a JSON {type(body).__name__}.", {"body": "not an object"})
    return body


def whole_number(body: dict, name: str, required: bool = True) -> int | None:
    """A whole-number field of a JSON object (booleans are not numbers); 422 naming it otherwise."""
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid(f"'{name}' must be a whole number.", {name: "required whole number"})
    return value


def id_arg(name: str, default: int | None = None) -> int | None:
    """An optional query argument holding one whole number from 1 to MAX_ID; anything else is a 422."""
    value = request.args.get(name, "")
    if value == "":
        return default
    if len(request.args.getlist(name)) > 1 or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise Invalid(f"'{name}' must be one whole number from 1 to {MAX_ID}.",
                      {name: "not a positive whole number"})
    return int(value)
