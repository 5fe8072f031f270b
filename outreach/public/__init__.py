"""The optional public summary: counts by neighborhood, never blocks, never times finer than a day."""
from flask import Blueprint, abort, current_app

bp = Blueprint("public", __name__, url_prefix="/public")


@bp.before_request
def only_when_switched_on():
    """The page does not exist unless the operation chose to publish it (OUTREACH_PUBLIC_NEEDS_PAGE=1)."""
    if not current_app.config.get("PUBLIC_NEEDS_PAGE"):
        abort(404)


from . import views  # noqa: E402,F401
