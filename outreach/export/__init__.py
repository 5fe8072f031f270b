"""Exports and the printable weekly report, for coordinators (DESIGN.md section 5: /export/...)."""
from flask import Blueprint

from ..auth import require_role

bp = Blueprint("export", __name__, url_prefix="/export")
bp.before_request(require_role("coordinator"))

from . import views  # noqa: E402,F401
