"""The JSON API under /api/v1: bearer tokens for phones and scripts, the session (with CSRF) for our pages."""
from flask import Blueprint, g, request
from flask_login import current_user

from ..auth import bearer_token, user_for_token
from ..errors import json_error
from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def authenticate():
    """Find the caller from the bearer token, or from the page session with its CSRF token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    token = bearer_token()
    if token:
        g.user = user_for_token(token)
        if g.user is None:
            return json_error(401, "unauthorized", "The token is unknown, revoked or expired.")
        return None
    if current_user.is_authenticated:
        # A page calling the API with its session cookie must prove it is our page.
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        g.user = current_user._get_current_object()
        return None
    return json_error(401, "unauthorized", "Send 'Authorization: Bearer TOKEN' (see create-token).")


from . import areas, needs, openapi, users  # noqa: E402,F401  (routes register on bp)
from . import teams  # noqa: E402,F401  (pairs and assignments: issue 4)
from . import visits  # noqa: E402,F401
from . import geocode  # noqa: E402,F401
from . import field  # noqa: E402,F401  (the phone's outbox: shifts, blocks, needs)
from . import safety  # noqa: E402,F401  (alerts and messages: issue 14)
