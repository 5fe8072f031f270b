"""The JSON API under /api/v1: bearer tokens for phones and scripts, the session (with CSRF) for our pages."""
from flask import Blueprint, g, request
from flask_login import current_user

from ..auth import live_bearer_caller
from ..errors import json_error
from ..extensions import csrf
from ..parsers import bearer_token
from ..services.people import tokens

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def authenticate():
    """Find the caller from the bearer token, or from the page session with its CSRF token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if bearer_token():
        caller = live_bearer_caller()
        if caller is None:
            return json_error(401, "unauthorized", "The token is unknown, revoked or expired.")
        g.caller = caller  # g.user, the whole account, loads when a view first uses it
        return None
    if current_user.is_authenticated:
        # A page calling the API with its session cookie must prove it is our page.
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        g.user = current_user._get_current_object()
        g.caller = tokens.caller_of(g.user)
        return None
    return json_error(401, "unauthorized", "Send 'Authorization: Bearer TOKEN' (see create-token).")


@bp.teardown_request
def note_token_use(error=None) -> None:
    """After the view's own transaction, note when a token was last used (its own short transaction)."""
    caller = g.get("caller")
    if caller is not None and caller.token_id is not None:
        tokens.note_use(caller.token_id, caller.token_used_at)


from . import (  # noqa: E402,F401  (routes register on bp)
    areas,
    field,  # noqa: E402,F401  (the phone's outbox: shifts, blocks, needs)
    geocode,  # noqa: E402,F401
    needs,
    openapi,
    safety,  # noqa: E402,F401  (alerts and messages: issue 14)
    teams,  # noqa: E402,F401  (pairs and assignments: issue 4)
    users,
    visits,  # noqa: E402,F401
)
