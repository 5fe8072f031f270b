"""Privacy housekeeping that needs no cron: the daily retention purge, run by whichever request comes first."""
import time

from flask import current_app
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .extensions import db
from .services import retention

CHECK_EVERY_S = 3600  # each process looks at most once an hour; the database says whether today's run is done

_last_check = {"at": 0.0}


def init_app(app) -> None:
    """Check before requests whether the day's purge of old notes (NOTES_RETENTION_DAYS) is due."""
    app.before_request(purge_old_notes_when_due)


def purge_old_notes_when_due() -> None:
    """At most once a day across all servers, erase notes older than NOTES_RETENTION_DAYS (0 turns it off)."""
    now = time.monotonic()
    if now - _last_check["at"] < CHECK_EVERY_S:
        return
    _last_check["at"] = now
    try:
        if retention.purge_if_due(current_app.config.get("NOTES_RETENTION_DAYS")) is not None:
            db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another server started today's run at the same moment
    except SQLAlchemyError:
        # Housekeeping must never cost a person their request (e.g. a schema not yet migrated).
        db.session.rollback()
        current_app.logger.warning("retention purge skipped", exc_info=True)
