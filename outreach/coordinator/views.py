"""The coordinator's home."""
from flask import render_template

from ..services import coverage
from . import bp


@bp.get("/")
def home():
    """Where the coordinator lands: the operation in four numbers."""
    return render_template("coordinator/home.html", totals=coverage.operation_totals())
