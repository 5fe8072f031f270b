"""The operation's public geography, learned from its database: street, neighbourhood and place names are safe.

A street named after a person ("Galvez", "Tonti") or a neighbourhood that is a
surname ("Gentilly") is no PII alone; next to a house number it is an address
(deny.py). The names are read once per process and read again after
RELEARN_SECONDS, so streets imported later count without a restart. Scrubbing
outside an application (benchmarks, unit tests) uses the built-in lists only.
"""
import time

from flask import current_app, has_app_context
from sqlalchemy import select

from .deny import learn_places

RELEARN_SECONDS = 600
_learned: dict[int, float] = {}  # id of the app -> when its names were last read


def learn_from_database() -> None:
    """Read the operation's street, neighbourhood and place names into the safe words, at most every few minutes."""
    if not has_app_context():
        return
    app = current_app._get_current_object()
    now = time.monotonic()
    if now - _learned.get(id(app), -RELEARN_SECONDS) < RELEARN_SECONDS:
        return
    _learned[id(app)] = now
    from ...extensions import db
    from ...models import Neighborhood, Place, Street
    for column in (Street.name, Neighborhood.name, Place.name):
        learn_places(db.session.execute(select(column).distinct()).scalars())


def forget() -> None:
    """Read the names again on the next scrub (after an import, and in tests)."""
    _learned.clear()
