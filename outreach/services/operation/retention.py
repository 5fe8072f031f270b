"""Retention: free text is erased once it has served its purpose (DESIGN.md section 4, `purge`).

Age is counted from when the server stored a visit (received_at), not when it
happened, so a paper log entered weeks late still gets its full period. A
closed need's hint and notes are erased N days after it closed, was fulfilled
or was confirmed. Counts and categories stay: the record of what happened on a
block outlives the words.

The same daily run also deletes rows that only guard something for a while:
ended or long-lived sign-in sessions and week-old given-back claims.

Notes are purged per operation (the one being worked in), and the daily run
keeps its mark in each operation, so every operation, archived ones included
(their notes still age), has its own day's run.
"""
from datetime import timedelta

from sqlalchemy import and_, delete, func, or_, select, update

from ... import scope
from ...errors import Invalid
from ...extensions import db
from ...models import DataVersion, GatheringReport, GeocodeCache, Need, Operation, SmsLog, Visit, utcnow
from ...vocab import FINISHED_NEED_STATUSES
from ..fieldwork.visits import forget_text
from ..mutual_aid import needs
from ..people import sessions
from . import audit

# The DataVersion row that says which day the automatic purge last ran (every app server reads it).
RETENTION_MARK = "retention_day"


def purge(older_than_days: int, actor=None, *, automatic: bool = False) -> dict:
    """Erase the operation's visit notes and finished needs' hints and notes older than N days (and cached geocoder
    answers, which are shared); audited. Returns counts."""
    if older_than_days < 0:
        raise Invalid("older-than-days must be 0 or more.", {"older_than_days": "negative"})
    cutoff = utcnow() - timedelta(days=older_than_days)
    here = scope.current_id()
    # The text hash goes with the text: nothing kept may still encode erased words.
    visits = db.session.execute(
        update(Visit).where(Visit.operation_id == here, Visit.received_at < cutoff, Visit.notes.is_not(None))
        .values(notes=None, text_hash=None)).rowcount
    finished_at = func.coalesce(Need.closed_at, Need.confirmed_at, Need.fulfilled_at)
    finished = (Need.operation_id == here, Need.status.in_(FINISHED_NEED_STATUSES), finished_at < cutoff,
                or_(Need.hint.is_not(None), Need.notes.is_not(None)))
    forget_text(select(Need.visit_id).where(*finished, Need.hint.is_not(None)))
    needs = db.session.execute(update(Need).where(*finished).values(hint=None, notes=None)).rowcount
    # A gathering report's "what we would do differently" goes with the notes, and its hash with it.
    reports = db.session.execute(
        update(GatheringReport).where(GatheringReport.operation_id == here, GatheringReport.reported_at < cutoff,
                                      GatheringReport.would_do_differently.is_not(None))
        .values(would_do_differently=None, text_hash=None)).rowcount
    # A remote geocoder's answers can be addresses people typed: they go with the notes.
    geocodes = db.session.execute(delete(GeocodeCache).where(GeocodeCache.created_at < cutoff)).rowcount
    # The SMS log goes with the notes (DESIGN section 9): its hashes and a help call's scrubbed words.
    texts = db.session.execute(delete(SmsLog).where(SmsLog.operation_id == here, SmsLog.received_at < cutoff)).rowcount
    counts = {"older_than_days": older_than_days, "visit_notes": visits, "need_texts": needs,
              "gathering_texts": reports, "geocoder_answers": geocodes, "sms_log": texts}
    # A daily run that erased nothing leaves no trace.
    if not automatic or visits or needs or reports or geocodes or texts:
        audit.record(actor, "purge", detail={**counts, "automatic": automatic})
    return counts


def forget_stale_rows(session_days: int, claim_limits: needs.ClaimLimits) -> dict:
    """Delete sign-in sessions and given-back claims that no rule reads any more; returns counts."""
    return {"login_sessions": sessions.forget_stale(timedelta(days=session_days)),
            "claim_returns": needs.forget_old_returns(claim_limits)}


def housekeep_if_due(retention_days: int | None, session_days: int, claim_limits: needs.ClaimLimits) -> dict | None:
    """The automatic daily run across all app servers: stale rows, and each operation's old notes unless
    retention_days is 0 (counts added up).

    None when another server has run it today already in every operation.
    """
    counts = None
    for operation in due_today():
        with scope.working_in(scope.ref(operation)):
            if not _take_todays_run():
                continue
            if counts is None:  # the shared rows once a day, with the first operation's run
                counts = forget_stale_rows(session_days, claim_limits)
            if retention_days:
                for name, count in purge(retention_days, automatic=True).items():
                    counts[name] = counts.get(name, 0) + count if name != "older_than_days" else count
    return counts


def due_today() -> list[Operation]:
    """The operations whose daily run nobody has taken today (one query, read before taking each)."""
    mark = and_(DataVersion.operation_id == Operation.id, DataVersion.name == RETENTION_MARK)
    return db.session.scalars(
        select(Operation).outerjoin(DataVersion, mark)
        .where(or_(DataVersion.version.is_(None), DataVersion.version < utcnow().date().toordinal()))
        .order_by(Operation.id)).all()


def _take_todays_run() -> bool:
    """Mark today's automatic run in this operation as this server's; False when another server took it already."""
    today = utcnow().date().toordinal()
    here = DataVersion.operation_id == scope.current_id(), DataVersion.name == RETENTION_MARK
    mark = db.session.execute(
        update(DataVersion).where(*here, DataVersion.version < today).values(version=today)).rowcount
    if mark:
        return True
    if db.session.scalar(db.select(DataVersion.id).where(*here)):
        return False
    db.session.add(DataVersion(name=RETENTION_MARK, version=today))
    db.session.flush()  # the unique name makes a racing server's insert fail instead
    return True
