"""Pages for coordinators at the staging area."""
from flask import Blueprint

from ..auth import require_role

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")
bp.before_request(require_role("coordinator"))

from . import views  # noqa: E402,F401
from . import dashboard, map, people  # noqa: E402,F401  (map, dashboard, volunteers, pairs: issue 4)
from . import paper  # noqa: E402,F401  (packets and paper-log entry: issue 9)
from . import groups, needs  # noqa: E402,F401  (aid groups and needs triage: issue 6)
from . import areas  # noqa: E402,F401  (import, split, priority: issue 3)
from . import security  # noqa: E402,F401  (audit log, API tokens: issue 7)
from . import signin  # noqa: E402,F401  (sign-in QR codes for phones: issue 12)
