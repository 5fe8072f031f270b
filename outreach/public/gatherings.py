"""Upcoming public gatherings, as a page and as an iCalendar feed (DESIGN.md section 8)."""
from flask import render_template, request

from .. import scope
from ..services.gatherings import public
from . import bp

# Shared caches may keep them a few minutes: they change slowly and show nothing personal.
CACHE = {"Cache-Control": "public, max-age=300"}


@bp.get("/gatherings")
def gatherings_page():
    """Where and when to come: the upcoming public gatherings, soonest first."""
    listed = public.upcoming()
    page = render_template("public/gatherings.html", gatherings=listed, where=public.where,
                           language_name=public.language_name)
    return page, 200, CACHE


@bp.get("/gatherings.ics")
def gatherings_feed():
    """The same gatherings as an iCalendar feed a phone's calendar can subscribe to."""
    operation = scope.current()
    body = public.calendar(public.upcoming(), operation.name, request.host, exercise=operation.exercise)
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", **CACHE}
