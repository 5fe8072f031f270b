"""Housekeeping that needs no cron: the daily purge of old notes and stale rows, run after some response.

It runs once the response has been sent (`call_on_close`), in its own app
context, session and transaction: it can neither commit a person's half-done
work nor roll back with it, and a failure is only logged. Operators who prefer
a timer run `flask --app outreach purge` instead (README, "Retention").
"""
import time
from functools import partial

from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .extensions import db
from .services.mutual_aid import needs
from .services.operation import retention

CHECK_EVERY_S = 3600  # each process looks at most once an hour; the database says whether today's run is done
STATE_KEY = "outreach.housekeeping"


def init_app(app: Flask) -> None:
    """After responses, check whether the day's housekeeping (NOTES_RETENTION_DAYS and stale rows) is due."""
    app.extensions[STATE_KEY] = {"checked_at": None}
    app.after_request(housekeep_after_response_when_due)


def housekeep_after_response_when_due(response):
    """At most once an hour per process, have the day's housekeeping run after this response is sent."""
    state, now = current_app.extensions[STATE_KEY], time.monotonic()
    if state["checked_at"] is not None and now - state["checked_at"] < CHECK_EVERY_S:
        return response
    state["checked_at"] = now
    response.call_on_close(partial(housekeep_if_due, current_app._get_current_object()))
    return response


def housekeep_if_due(app: Flask) -> None:
    """In a fresh app context, run and commit the day's housekeeping unless a server did it today."""
    with app.app_context():
        config = app.config
        try:
            if retention.housekeep_if_due(config.get("NOTES_RETENTION_DAYS"), config["DEVICE_TOKEN_DAYS"],
                                          needs.ClaimLimits.from_config(config)) is not None:
                db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another server started today's run at the same moment
        except SQLAlchemyError:
            # Housekeeping must never cost a person their request (e.g. a schema not yet migrated).
            db.session.rollback()
            app.logger.warning("daily housekeeping skipped", exc_info=True)
