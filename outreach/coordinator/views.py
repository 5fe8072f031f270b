"""The coordinator's home."""
from flask import render_template
from sqlalchemy import func, select

from ..extensions import db
from ..models import Block, Need, Team, Visit
from . import bp


@bp.get("/")
def home():
    """Where the coordinator lands: the operation in four numbers."""
    count = lambda query: db.session.scalar(query)  # noqa: E731
    totals = {
        "blocks": count(select(func.count()).select_from(Block)),
        "pairs": count(select(func.count()).select_from(Team).where(Team.active.is_(True))),
        "visits": count(select(func.count()).select_from(Visit)),
        "open_needs": count(select(func.count()).select_from(Need).where(Need.status == "open")),
    }
    return render_template("coordinator/home.html", totals=totals)
