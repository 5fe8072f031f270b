"""The caller's operations (DESIGN section 7): what a phone or script may act on."""
from flask import g, jsonify

from ..services.operation import operations
from . import bp


@bp.get("/operations")
def list_operations():
    """Every operation the caller is a member of, archived ones included, with their role there."""
    return jsonify([{"slug": operation.slug, "name": operation.name, "status": operation.status,
                     "exercise": operation.exercise, "role": role}
                    for operation, role in operations.memberships(g.caller.id)])
