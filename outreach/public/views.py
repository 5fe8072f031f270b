"""Open needs by category per neighborhood, with small counts suppressed."""
from flask import current_app, render_template

from ..models import utcnow
from ..services import disclosure, needs
from ..vocab import NEED_CATEGORIES
from . import bp


@bp.get("/needs")
def needs_summary():
    """The public summary: no blocks, no times finer than a day, nothing below PUBLIC_MIN_COUNT."""
    minimum = current_app.config["PUBLIC_MIN_COUNT"]
    names, counts = needs.open_counts_by_neighborhood(NEED_CATEGORIES)
    table = disclosure.suppress(counts, minimum)
    response = render_template("public/needs.html", names=names, categories=NEED_CATEGORIES, table=table,
                               minimum=minimum, as_of=utcnow().date(), SMALL=disclosure.SMALL)
    # Shared caches may keep it for a while: it changes slowly and shows nothing personal.
    return response, 200, {"Cache-Control": "public, max-age=300"}
