"""The aid group's home."""
from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Need
from . import bp


@bp.get("/")
def home():
    """Open needs at block level, most urgent and oldest first."""
    needs = db.session.scalars(
        select(Need).options(joinedload(Need.block))  # one query, not one per block
        .where(Need.status == "open").order_by(Need.created_at).limit(200)).all()
    return render_template("aid/home.html", needs=needs, group=current_user.aid_group)
