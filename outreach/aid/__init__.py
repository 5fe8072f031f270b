"""Pages for mutual-aid group members."""
from flask import Blueprint

from ..auth import require_role

bp = Blueprint("aid", __name__, url_prefix="/aid")
bp.before_request(require_role("aid", "coordinator"))

from . import views  # noqa: E402,F401
