"""The volunteer's home."""
from flask import render_template
from flask_login import current_user

from ..services.blocks import select_blocks
from ..services.teams import active_team_of
from ..extensions import db
from . import bp


@bp.get("/")
def home():
    """The pair's blocks, first thing on the phone."""
    team = active_team_of(current_user)
    blocks = db.session.scalars(select_blocks(team_id=team.id)).all() if team else []
    return render_template("field/home.html", team=team, blocks=blocks)
