"""One set of parsers for what requests and uploads carry: ids, JSON texts and JSON bodies.

One status code per kind of mistake, everywhere:
- a body that is not JSON at all: 400 (`bad_request`);
- JSON of the wrong shape (`[1]` where an object belongs), a bad id, or nesting
  deeper than allowed: 422 (`invalid`), naming the offending input in `fields`.
Nesting is measured before decoding, so no document can make the decoder recurse
past Python's limit (a RecursionError would be a 500).

A request body's contract is a msgspec Struct declared once, beside the service
that carries the action out: `decode(Contract)` checks a body against it (and
`explain` names every field that breaks it), and api/openapi.py's `schema_of`
describes the same Struct in /api/v1/openapi.json.

Every text field of every contract is a `free_text(...)` (or `one_line(...)`): whole
characters only. JSON can carry a lone surrogate (half an emoji, "\\ud83d") and
control characters ("\\u0000"); no database stores the first and PostgreSQL
refuses NUL, so both are a 422 naming the field, never a 500 at the insert.
"""
import re
from collections.abc import Callable
from typing import Annotated

import msgspec
from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from .errors import DomainError, Invalid

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's is wider
Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKETS = re.compile(rb"[\[\]{}]")
# What no text field takes: C0 and C1 control characters and lone surrogates. Multi-line text keeps tab,
# line feed and carriage return; a one-line text none of them. msgspec checks the pattern in C, and the
# OpenAPI document shows it (JSON Schema's pattern, so clients and schemathesis can honour it).
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]*$"
LINE_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff]*(?!\\n)$"  # Python's $ also matches before a final line feed
TEXT_PATTERNS = {TEXT_PATTERN, LINE_PATTERN}
BROKEN_TEXT = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")
BROKEN_LINE = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")


def free_text(max_length: int | None, min_length: int = 0, description: str | None = None) -> type:
    """The type of a multi-line text field of a contract: whole characters, no controls but tab and line breaks."""
    return Annotated[str, msgspec.Meta(min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN,
                                       description=description)]


def one_line(max_length: int | None, min_length: int = 0, description: str | None = None) -> type:
    """The type of a one-line text field (a name, a label): whole characters, no control characters at all."""
    return Annotated[str, msgspec.Meta(min_length=min_length, max_length=max_length, pattern=LINE_PATTERN,
                                       description=description)]


def broken_text(value: str, multiline: bool = True) -> bool:
    """Whether `value` holds what no text field takes (a page form's check; contracts check it in their type)."""
    return (BROKEN_TEXT if multiline else BROKEN_LINE).search(value) is not None


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


def bearer_token() -> str | None:
    """The token in `Authorization: Bearer ...`, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


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


def id_arg(name: str, default: int | None = None) -> int | None:
    """An optional query argument holding one whole number from 1 to MAX_ID; anything else is a 422."""
    value = request.args.get(name, "")
    if value == "":
        return default
    if len(request.args.getlist(name)) > 1 or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise Invalid(f"'{name}' must be one whole number from 1 to {MAX_ID}.",
                      {name: "not a positive whole number"})
    return int(value)


def decode(contract: type, optional: bool = False):
    """The request's JSON object as a `contract` Struct: 400 when not JSON, 422 naming each field that breaks it."""
    return convert(json_object(optional), contract)


def convert(data, contract: type):
    """`data` (decoded JSON) as a `contract` Struct; Invalid naming every field that breaks it."""
    try:
        return msgspec.convert(data, contract)
    except (msgspec.ValidationError, UnicodeEncodeError):  # the latter: half an emoji in a slug
        raise Invalid(_("Some fields of this request need fixing."), explain(data, contract)) from None


def unknown_field(key) -> str:
    """What an unknown key is told (a contract's fields are all it takes)."""
    return _("unknown field")


def explain(data, contract: type, prefix: str = "", unknown: Callable[[object], str] = unknown_field,
            name: str = "body") -> dict[str, str]:
    """Every field of `data` that breaks `contract`, each with a message saying what it must be.

    Run only after a decode failed (msgspec stops at the first mistake): each field is
    converted on its own against the type the contract declares for it, and objects
    nested in the contract (one, or a list of them) are explained field by field too.
    """
    if not isinstance(data, dict):
        return {prefix.rstrip(".") or name: _("must be an object")}
    declared = {spec.name: spec for spec in msgspec.structs.fields(contract)}
    errors = {prefix + printable(str(key)): unknown(key) for key in data if key not in declared}
    for field, spec in declared.items():
        value = data.get(field)
        kind = _without_null(msgspec.inspect.type_info(spec.type))
        if value is None and spec.required:
            errors[prefix + field] = _("required")
        elif field not in data:
            continue
        elif isinstance(kind, msgspec.inspect.StructType) and isinstance(value, dict):
            errors.update(explain(value, kind.cls, f"{prefix}{field}.", unknown))
        elif (isinstance(kind, msgspec.inspect.ListType) and isinstance(kind.item_type, msgspec.inspect.StructType)
              and isinstance(value, list) and len(value) <= (kind.max_length or len(value))
              and len(value) >= (kind.min_length or 0)):
            for index, item in enumerate(value):
                errors.update(explain(item, kind.item_type.cls, f"{prefix}{field}[{index}].", unknown))
        else:
            try:
                msgspec.convert(value, spec.type)
            except (msgspec.ValidationError, UnicodeEncodeError):
                errors[prefix + field] = _message(kind, value)
    return errors


def printable(text: str) -> str:
    """Text from the request, safe to answer in JSON: a lone surrogate is shown as \\udXXX."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _without_null(kind):
    """The type of "X or null" is X; a description for the schema is not a type."""
    if isinstance(kind, msgspec.inspect.UnionType):
        kind = next((t for t in kind.types if not isinstance(t, msgspec.inspect.NoneType)), kind)
    if isinstance(kind, msgspec.inspect.Metadata):
        kind = kind.type
    return kind


def _message(kind, value) -> str:
    """What a value of the declared type `kind` must be, in words (precise about unknown slugs)."""
    if isinstance(kind, msgspec.inspect.LiteralType):
        return _("must be one of: %(slugs)s", slugs=", ".join(kind.values))
    if isinstance(kind, msgspec.inspect.ListType) and isinstance(kind.item_type, msgspec.inspect.LiteralType):
        allowed = ", ".join(kind.item_type.values)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            unknown = printable(", ".join(item for item in value if item not in kind.item_type.values))
            return _("unknown: %(unknown)s (allowed: %(slugs)s)", unknown=unknown, slugs=allowed)
        return _("must be a list of: %(slugs)s", slugs=allowed)
    if isinstance(kind, msgspec.inspect.ListType):
        return _sized(kind, _("must be a list of %(low)d to %(high)d"), _("must be a list of at most %(limit)d"),
                      _("must be a list"))
    if isinstance(kind, msgspec.inspect.IntType) and isinstance(value, int) and not isinstance(value, bool):
        return _("must be between %(low)d and %(high)d", low=kind.ge, high=kind.le)
    if isinstance(kind, msgspec.inspect.IntType):
        return _("must be a whole number")
    if isinstance(kind, msgspec.inspect.FloatType):
        return _("must be a number from %(low)s to %(high)s", low=kind.ge, high=kind.le)
    if isinstance(kind, msgspec.inspect.StrType) and kind.pattern in TEXT_PATTERNS and isinstance(value, str) \
            and (kind.min_length or 0) <= len(value) <= (kind.max_length or len(value)):
        return _("contains a control character or a broken character (half of an emoji?); "
                 "please type this text again")
    if isinstance(kind, msgspec.inspect.UUIDType) or (isinstance(kind, msgspec.inspect.StrType)
                                                      and kind.pattern and kind.pattern not in TEXT_PATTERNS):
        return _("must be a UUID such as 0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11")
    if isinstance(kind, msgspec.inspect.StrType):
        return _sized(kind, _("must be text of %(low)d to %(high)d characters"),
                      _("must be text of at most %(limit)d characters"), _("must be text"))
    if isinstance(kind, msgspec.inspect.DateTimeType):
        return _("must be an ISO 8601 time with its offset, e.g. 2005-09-14T15:30:00-05:00")
    if isinstance(kind, msgspec.inspect.BoolType):
        return _("must be true or false")
    return _("has the wrong type")


def _sized(kind, between: str, at_most: str, unbounded: str) -> str:
    """The message for a list or a text, by the limits its type declares (the messages come translated)."""
    if kind.min_length and kind.max_length:
        return between % {"low": kind.min_length, "high": kind.max_length}
    if kind.max_length:
        return at_most % {"limit": kind.max_length}
    return unbounded
