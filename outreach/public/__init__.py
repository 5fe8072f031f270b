"""The optional public pages: counts by neighborhood, never blocks, never times finer than a day; and the
upcoming public gatherings. Each exists only when the operation chose to publish it."""
from flask import Blueprint, abort, current_app, request

bp = Blueprint("public", __name__, url_prefix="/public")

# The switch of each public page (the view's name -> its config key): off, the page is a 404.
SWITCHES = {"needs_summary": "PUBLIC_NEEDS_PAGE", "gatherings_page": "PUBLIC_GATHERINGS",
            "gatherings_feed": "PUBLIC_GATHERINGS"}


@bp.before_request
def only_when_switched_on():
    """A page does not exist unless the operation chose to publish it (OUTREACH_PUBLIC_NEEDS_PAGE=1,
    OUTREACH_PUBLIC_GATHERINGS=1)."""
    view = (request.endpoint or "").rsplit(".", 1)[-1]
    if not current_app.config.get(SWITCHES.get(view, "")):
        abort(404)


from . import gatherings, views  # noqa: E402,F401
