"""The JSON API under /api/v1: bearer tokens for phones and scripts, the session (with CSRF) for our pages."""
from flask import Blueprint, g, request
from flask_login import current_user

from .. import scope
from ..auth import live_bearer_caller
from ..errors import json_error
from ..extensions import csrf
from ..parsers import bearer_token
from ..services.people import tokens

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"openapi"}
# Answered for any signed-in caller, whatever their operation: the list of their operations.
ANY_OPERATION = {"list_operations"}
NO_OPERATION = "No such operation."  # said alike for one that does not exist and one the caller is not in


@bp.before_request
def authenticate():
    """Find the caller (bearer token, or the page session with its CSRF token) and the operation acted on.

    /api/v1/operations/SLUG/... acts on SLUG, which the caller must be a member of (else 404, as if it did
    not exist); the unprefixed API acts on the token's operation, or the page session's current one.
    """
    slug = g.pop("operation_slug", None)
    view = (request.endpoint or "").rpartition(".")[2]
    if view in PUBLIC_ENDPOINTS:
        return None if slug is None else not_in_an_operation()
    if bearer_token():
        caller = live_bearer_caller(slug)
        if caller is None:
            return json_error(401, "unauthorized", "The token is unknown, revoked or expired.")
    elif current_user.is_authenticated:
        # A page calling the API with its session cookie must prove it is our page.
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        g.user = current_user._get_current_object()
        caller = session_caller(slug)
    else:
        return json_error(401, "unauthorized", "Send 'Authorization: Bearer TOKEN' (see create-token).")
    if caller is None or (caller.role is None and view not in ANY_OPERATION):
        return json_error(404, "not_found", NO_OPERATION)
    if slug is not None and view in ANY_OPERATION:
        return not_in_an_operation()
    scope.choose(caller.operation)
    g.caller = caller  # g.user, the whole account, loads when a view first uses it
    return None


def not_in_an_operation():
    """The description and the list of one's operations belong to no operation: only their flat address answers."""
    return json_error(404, "not_found", "Not found.")


def session_caller(slug: str | None) -> tokens.Caller | None:
    """The Caller of a signed-in page: in `slug` if they are a member, else in their current operation."""
    from ..routing import remembered
    from ..services.operation.operations import member_operation
    if slug is None:
        operation = remembered(g.user.id)
    else:
        found = member_operation(slug, g.user.id)
        operation = found[0] if found else None
    if operation is None:
        return None
    with scope.working_in(scope.ref(operation)):
        return tokens.caller_of(g.user)


@bp.teardown_request
def note_token_use(error=None) -> None:
    """After the view's own transaction, note when a token was last used (its own short transaction)."""
    caller = g.get("caller")
    if caller is not None and caller.token_id is not None:
        tokens.note_use(caller.token_id, caller.token_used_at)


from . import (  # noqa: E402,F401  (routes register on bp)
    areas,
    field,  # noqa: E402,F401  (the phone's outbox: shifts, blocks, needs)
    gatherings,  # noqa: E402,F401  (issue 27)
    geocode,  # noqa: E402,F401
    needs,
    openapi,
    operations,
    safety,  # noqa: E402,F401  (alerts and messages: issue 14)
    sms,  # noqa: E402,F401  (the SMS gateway; items taken by text, synced over data: issue 28)
    teams,  # noqa: E402,F401  (pairs and assignments: issue 4)
    users,
    visits,  # noqa: E402,F401
)
