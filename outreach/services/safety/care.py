"""The care board: what an open coordinator dashboard shows live, read from the database alone.

Every app server answers the same board for the same data (nothing lives in one
process), so a help call taken by any server reaches every open dashboard. The
board holds times, not "minutes ago", so it changes only when the data does
and an unchanged board costs a poll one small 304.
"""
from datetime import datetime

from ...models import utcnow
from ..fieldwork import coverage
from ..sms import board as sms_board
from . import alerts, hazards, messages, shifts

# Enough to see what was said today; each lists the pairs that have not read it (up to every pair).
RECENT_MESSAGES = 5


def _when(moment: datetime | None) -> str | None:
    """An optional time as ISO 8601."""
    return moment.isoformat() if moment else None


def _person(user) -> dict:
    """A volunteer as the coordinator needs them in a hurry: name and how staff reach them."""
    return {"name": user.name, "contact": user.staff_contact}


def help_calls() -> list[dict]:
    """Unacknowledged help calls, the longest waiting first, with what a coordinator needs to act on each: the
    pairs' alerts (marked when they came by text) and help texted from numbers nobody registered."""
    calls = alerts.open_help_alerts()
    earlier, visited = alerts.earlier_help_calls(calls), alerts.last_visited_blocks(calls)
    by_text = sms_board.alerts_by_text([call.id for call in calls])
    answered = [help_call(call, earlier.get(alerts.caller_of(call), []), visited.get(alerts.caller_of(call)),
                          by_text=call.id in by_text) for call in calls]
    unmatched = [unmatched_call(log) for log in sms_board.unmatched_help()]
    return sorted(answered + unmatched, key=lambda call: call["received_at"])


def unmatched_call(log) -> dict:
    """A help call texted from an unregistered number: its last four digits and its words, scrubbed."""
    return {"id": log.id, "unmatched": True, "last_four": log.last_four, "note": log.note,
            "sent_at": _when(log.sms_sent_at or log.received_at), "received_at": _when(log.received_at)}


def help_call(alert, earlier: list, visited: tuple | None, by_text: bool = False) -> dict:
    """One help call: pair, members and how to reach them, the last known block, and earlier calls' answers."""
    # The call's own block, or (the phone did not know it) where the pair last logged a visit.
    block, seen_at = (alert.block, alert.sent_at) if alert.block is not None else visited or (None, None)
    return {"id": alert.id, "team": alert.team.name if alert.team else None,
            "members": [_person(member) for member in alert.team.members] if alert.team else [_person(alert.user)],
            "sender": alert.user.name, "block": block.code if block else None,
            "block_id": block.id if block else None, "neighborhood_id": block.neighborhood_id if block else None,
            "block_from": None if block is None else "call" if alert.block is not None else "visit",
            "block_seen_at": _when(seen_at), "sent_at": _when(alert.sent_at), "received_at": _when(alert.received_at),
            "by_text": by_text,
            "earlier": [{"by": name, "at": _when(answered.acknowledged_at), "sent_at": _when(answered.sent_at)}
                        for answered, name in earlier]}


def overdue(now: datetime) -> list[dict]:
    """Overdue shifts: who, why (missed return or missed check-in), since when, how to reach them."""
    board = []
    for shift in shifts.overdue_shifts(now):
        reason = shifts.overdue_reason(shift, now)
        due = shift.expected_end_at if reason == shifts.OVERDUE_RETURN else shifts.next_checkin_at(shift)
        board.append({"id": shift.id, **_person(shift.user), "team": shift.team.name if shift.team else None,
                      "reason": reason, "due_at": _when(due),
                      "last_ok_at": _when(shift.last_ok_at or shift.checked_in_at)})
    return board


def safety_concerns() -> list[dict]:
    """Visits that raised a safety concern nobody has handled yet."""
    return [{"id": visit.id, "block": visit.block.code, "team": visit.team.name if visit.team else None,
             "visited_at": _when(visit.visited_at)} for visit in coverage.safety_concerns()]


def care_requests() -> list[dict]:
    """Volunteers who asked for a debrief or were not ok at check-out."""
    return [{"id": shift.id, "name": shift.user.name, "team": shift.team.name if shift.team else None,
             "self_care": shift.self_care, "debrief_requested": shift.debrief_requested,
             "checked_out_at": _when(shift.checked_out_at)} for shift in shifts.care_requests()]


def open_hazards() -> list[dict]:
    """Every open warning (each cleared on its own): its block's code and neighborhood, the (scrubbed) note,
    when and by which pair."""
    return [{"id": hazard.id, "block_id": block.id, "code": block.code, "neighborhood": hood, "note": hazard.note,
             "reported_at": _when(hazard.reported_at), "team": team}
            for hazard, block, hood, team in hazards.open_hazards()]


def recent_messages() -> list[dict]:
    """The latest messages: how many of their pairs have read each, and which have not yet."""
    return messages.read_summary(RECENT_MESSAGES)


def care_board(now: datetime | None = None) -> dict:
    """Everything the live part of the dashboard shows, help calls first."""
    now = now or utcnow()
    return {"help": help_calls(), "overdue": overdue(now), "safety": safety_concerns(), "care": care_requests(),
            "hazards": open_hazards(), "messages": recent_messages()}
