"""Accounts, for coordinators."""
from flask import abort, jsonify, request
from sqlalchemy import select

from ..auth import api_roles
from ..extensions import db
from ..models import Team, TeamMember, User
from ..vocab import ROLES
from . import bp


@bp.get("/users")
@api_roles("coordinator")
def users():
    """Accounts, optionally of one role, with their active pair."""
    role = request.args.get("role")
    if role is not None and role not in ROLES:
        abort(400, description=f"'role' must be one of {', '.join(ROLES)}.")
    query = select(User).order_by(User.id)
    if role:
        query = query.where(User.role == role)
    teams = dict(db.session.execute(
        select(TeamMember.user_id, TeamMember.team_id).join(Team).where(Team.active.is_(True))).all())
    return jsonify([
        {"id": u.id, "name": u.name, "email": u.email, "role": u.role,
         "trained_on": u.trained_on.isoformat() if u.trained_on else None, "team_id": teams.get(u.id)}
        for u in db.session.scalars(query)
    ])
