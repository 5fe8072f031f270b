"""Open needs by category per neighborhood, once a day, with small counts suppressed."""
from flask import current_app, render_template

from ..extensions import db
from ..services.mutual_aid import disclosure, public_counts
from . import bp


@bp.get("/needs")
def needs_summary():
    """The public summary: the day's snapshot (never live counts), no blocks, nothing below PUBLIC_MIN_COUNT."""
    minimum = current_app.config["PUBLIC_MIN_COUNT"]
    snapshot = public_counts.needs_snapshot(minimum)
    db.session.commit()  # the day's first view keeps what it published
    response = render_template("public/needs.html", names=snapshot.names, categories=snapshot.categories,
                               table=snapshot.table, minimum=minimum, as_of=snapshot.day, SMALL=disclosure.SMALL)
    # Shared caches may keep it for a while: it changes slowly and shows nothing personal.
    return response, 200, {"Cache-Control": "public, max-age=300"}
