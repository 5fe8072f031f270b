"""Accounts, for coordinators."""
from flask import abort, jsonify, request

from ..auth import api_roles
from ..services.gatherings import practice
from ..services.people import accounts, teams
from ..vocab import ROLES
from . import bp


@bp.get("/users")
@api_roles("coordinator")
def users():
    """Accounts, optionally of one role, with their active pair."""
    role = request.args.get("role")
    if role is not None and role not in ROLES:
        abort(400, description=f"'role' must be one of {', '.join(ROLES)}.")
    pairs = teams.active_pair_of_users()
    found = accounts.list_users(role)
    practised = practice.last_practised(user.id for user in found)
    return jsonify([
        {"id": u.id, "name": u.name, "email": u.email, "role": u.role,
         "trained_on": u.trained_on.isoformat() if u.trained_on else None,
         "last_practised_on": practised[u.id].isoformat() if u.id in practised else None,
         "team_id": pairs[u.id].id if u.id in pairs else None}
        for u in found
    ])
