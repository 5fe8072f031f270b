"""Pages for outreach volunteers on their phones."""
from flask import Blueprint

from ..auth import require_role

bp = Blueprint("field", __name__, url_prefix="/field")
bp.before_request(require_role("volunteer", "coordinator"))

from . import views  # noqa: E402,F401
