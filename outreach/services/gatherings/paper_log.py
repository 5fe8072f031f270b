"""The paper gathering log (issue 27 item 6): what the printed packet asks, and entering it afterwards.

The sheet asks the phone's report field for field (DESIGN.md section 8), with the
numbers of each list printed to circle, as on the visit log. What is typed in from
it goes through reports.record_report, the phone's own service: the same checks,
the same scrubber, the same idempotency (a sheet typed twice is stored once).
"""
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy import select

from ... import scope
from ...errors import DomainError
from ...extensions import db
from ...models import Gathering, GatheringFacilitator, Team, utcnow
from ...vocab import GATHERING_KINDS, GATHERING_TOPICS, NEED_CATEGORIES, NEED_URGENCIES, REFERRALS
from ..fieldwork.packets import PAPER_NAMESPACE
from ..fieldwork.paper import ticked
from . import reports

NEED_ROWS = 4  # needs raised that one sheet has room for
ENTRY_LIMIT = 200
# The lists printed with numbers to circle; a number typed in is a position here.
PRINTED = {"gathering_kind": GATHERING_KINDS, "gathering_topic": GATHERING_TOPICS, "referral": REFERRALS,
           "need_category": NEED_CATEGORIES, "need_urgency": NEED_URGENCIES}
COUNTS = ("attendance", "under_18", "over_64", "minutes")


def sheet_gatherings(team: Team, day: date) -> list[Gathering]:
    """The gatherings a member of the pair facilitates on `day` (local), printed with their numbers."""
    start = datetime.combine(day, time(), get_timezone())
    member_ids = [member.id for member in team.members]
    query = (select(Gathering).join(GatheringFacilitator, GatheringFacilitator.gathering_id == Gathering.id)
             .where(Gathering.operation_id == scope.current_id(), GatheringFacilitator.user_id.in_(member_ids),
                    Gathering.starts_at >= start, Gathering.starts_at < start + timedelta(days=1))
             .distinct().order_by(Gathering.starts_at, Gathering.id))
    return list(db.session.scalars(query))


def enterable() -> list[Gathering]:
    """The gatherings a paper log may be typed in for: those that have started, the latest first."""
    query = (select(Gathering).where(Gathering.operation_id == scope.current_id(),
                                     Gathering.starts_at <= utcnow())
             .order_by(Gathering.starts_at.desc(), Gathering.id.desc()).limit(ENTRY_LIMIT))
    return list(db.session.scalars(query))


def paper_client_id(gathering_id: int) -> str:
    """The client_id of a gathering's paper log: the same every time it is typed in."""
    return str(uuid.uuid5(PAPER_NAMESPACE, f"gathering/{gathering_id}"))


@dataclass
class Entered:
    """What typing in a sheet did: stored (201), already stored (200), or refused with field errors (422, 409,
    404: nothing stored)."""

    status: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    redactions: dict = field(default_factory=dict)


def enter(typed: dict[str, str], user) -> Entered:
    """Store a typed-in paper log through the phone's report service; field errors name the sheet's fields."""
    gathering_id = _number(typed.get("gathering"))
    errors: dict[str, str] = {}
    if not isinstance(gathering_id, int):
        errors["gathering"] = _("Choose the gathering this sheet is about.")
    report, typed_errors, need_rows = report_from(typed)
    errors.update(typed_errors)
    if errors:
        return Entered(status=422, errors=errors)
    try:
        _gathering, status, redactions = reports.record_report(report, gathering_id, user)
    except DomainError as error:
        return Entered(status=error.status, errors=placed(error.fields or {}, str(error), need_rows))
    return Entered(status=status, redactions=redactions)


def report_from(typed: dict) -> tuple[dict, dict[str, str], list[int]]:
    """The report a sheet says, in the phone's shape; what cannot be read is a field error. Also answers
    the sheet's row of each need sent, to place the service's errors on it."""
    errors = {}
    held = typed.get("held", "")
    if held not in ("yes", "no"):
        errors["held"] = _("Was it held? Choose yes or no.")
    report = {"client_id": paper_client_id(_number(typed.get("gathering")) or 0), "held": held == "yes"}
    for name in COUNTS:
        value = _number(typed.get(name))
        if value is not None:
            report[name] = value  # text or a negative number: the service says what it must be
    report["attendance"] = report.get("attendance", 0)
    topics = ticked(typed.get("topics"), GATHERING_TOPICS)
    if topics is None:
        errors["topics"] = _("Topics: numbers from 1 to %(last)d.", last=len(GATHERING_TOPICS))
    report["topics"] = list(dict.fromkeys(topics or []))
    report["referrals"] = {slug: _number(typed.get(f"referral_{slug}")) for slug in REFERRALS
                           if (typed.get(f"referral_{slug}") or "").strip()}
    for slug, value in report["referrals"].items():
        if not isinstance(value, int):  # the service can only say the whole mapping is wrong
            errors[f"referral_{slug}"] = _("must be a whole number")
    report["needs"], need_errors, need_rows = _needs(typed)
    errors.update(need_errors)
    practised = [_number(value) for value in typed.get("practised", [])] if isinstance(
        typed.get("practised"), list) else []
    report["practised_user_ids"] = [value for value in practised if isinstance(value, int)]
    differently = (typed.get("would_do_differently") or "").strip()
    if differently:
        report["would_do_differently"] = differently
    return report, errors, need_rows


def _needs(typed: dict) -> tuple[list[dict], dict[str, str], list[int]]:
    """The needs rows of the sheet (a need's number, how soon, how many people), with their row numbers."""
    needs, errors, rows = [], {}, []
    for row in range(1, NEED_ROWS + 1):
        category = (typed.get(f"need_{row}_category") or "").strip()
        urgency = (typed.get(f"need_{row}_urgency") or "").strip()
        people = (typed.get(f"need_{row}_people") or "").strip()
        if not (category or urgency or people):
            continue
        found_category = ticked(category, NEED_CATEGORIES)
        found_urgency = ticked(urgency, NEED_URGENCIES)
        if not found_category or len(found_category) != 1:
            errors[f"need_{row}_category"] = _("One number from 1 to %(last)d.", last=len(NEED_CATEGORIES))
        if not found_urgency or len(found_urgency) != 1:
            errors[f"need_{row}_urgency"] = _("One number from 1 to %(last)d.", last=len(NEED_URGENCIES))
        if f"need_{row}_category" not in errors and f"need_{row}_urgency" not in errors:
            needs.append({"category": found_category[0], "urgency": found_urgency[0],
                          "people": _number(people) if people else 1})
            rows.append(row)
    return needs, errors, rows


def _number(text) -> int | str | None:
    """Digits as a number (a leading minus kept, for the service to refuse); other text as it is; blank None."""
    text = str(text or "").strip()
    if not text:
        return None
    return int(text) if text.lstrip("-").isdigit() else text


def placed(fields: dict[str, str], message: str, need_rows: list[int]) -> dict[str, str]:
    """The report service's field errors on the sheet's fields (`referrals.legal` -> `referral_legal`)."""
    errors = {}
    for name, text in fields.items():
        if name.startswith("referrals."):
            errors[f"referral_{name.split('.', 1)[1]}"] = text
        elif name.startswith("needs[") and name[6:name.index("]")].isdigit():
            row = need_rows[int(name[6:name.index("]")])]
            errors[f"need_{row}_{'people' if 'people' in name else 'category'}"] = text
        elif name in ("client_id", "id", "gathering"):
            errors["gathering"] = text
        elif name == "needs":
            errors["need_1_category"] = text
        elif name == "practised_user_ids":
            errors["practised"] = text
        else:
            errors[name] = text
    return errors or {"gathering": message}
