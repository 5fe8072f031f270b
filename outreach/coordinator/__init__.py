"""Pages for coordinators at the staging area."""
from flask import Blueprint

from ..auth import require_role

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")
bp.before_request(require_role("coordinator"))

from . import (  # noqa: E402,F401  (map, dashboard, volunteers, pairs: issue 4)  # noqa: E402,F401  (aid groups and needs triage: issue 6)
    areas,  # noqa: E402,F401  (import, split, priority: issue 3)
    dashboard,
    gatherings,  # noqa: E402,F401  (issue 27)
    groups,
    map,
    needs,
    operation,  # noqa: E402,F401  (the operation's life cycle: issue 26)
    paper,  # noqa: E402,F401  (packets and paper-log entry: issue 9)
    paper_gatherings,  # noqa: E402,F401  (the paper gathering log: issue 27)
    people,
    security,  # noqa: E402,F401  (audit log, API tokens: issue 7)
    signin,  # noqa: E402,F401  (sign-in QR codes for phones: issue 12)
    views,  # noqa: E402,F401
)
