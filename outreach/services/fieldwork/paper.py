"""Entering paper visit logs: the numbers circled on the packet's log sheets become visits (visits service).

Paper notation is translated here (the circled numbers, the sheet's day and
a time) and nothing more: every rule of a visit is checked, scrubbed and stored
by services.fieldwork.visits, exactly as for a phone. A sheet is all or nothing.
Codes are read in the operation being worked in (another one may use the same codes),
and a closed operation takes only the rows of visits made before its close.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import scope
from ...extensions import db
from ...models import Block, Team
from ..operation import audit
from . import packets, visits

# What a coordinator types for one row, in keyboard order; "flags" takes S and F as on paper.
COLUMNS = ("block", "time", "outcome", "adults", "children", "older_adults", "risks", "reactions",
           "ecpr", "referrals", "needs", "urgency", "flags", "notes")
# Paper columns that carry circled numbers, and the vocabulary whose positions they are.
TICKED = {"risks": "risk", "reactions": "reaction", "ecpr": "ecpr", "referrals": "referral",
          "needs": "need_category"}
FLAGS = {"S": "safety_concern", "F": "follow_up"}
SHEET_CODE = re.compile(r"^[0-9A-Z][0-9A-Z-]{0,19}$")
DATED_SHEET = re.compile(r"^(\d{2})(\d{2})(\d{2})-\d+$")
# Where an error of the visits service shows on a paper row.
FIELD_COLUMNS = {"block_id": "block", "visited_at": "time", "client_id": "block"}


@dataclass
class SheetResult:
    """What entering one sheet did: counts, or errors by row number and column."""

    stored: int = 0
    already: int = 0
    errors: dict[int, dict[str, str]] = field(default_factory=dict)
    sheet_errors: dict[str, str] = field(default_factory=dict)
    conflict: bool = False

    @property
    def ok(self) -> bool:
        """True when the sheet may be committed."""
        return not self.errors and not self.sheet_errors


def sheet_code(text: str | None) -> str:
    """A sheet number as printed (050914-3), upper-cased; empty when blank."""
    return (text or "").strip().upper()


def sheet_day(code: str, typed: str | None) -> date | None:
    """The day of a sheet: as typed (YYYY-MM-DD), else read from a packet's sheet number."""
    if typed:
        try:
            return date.fromisoformat(typed.strip())
        except ValueError:
            return None
    dated = DATED_SHEET.match(code)
    if dated:
        try:
            return date(2000 + int(dated[1]), int(dated[2]), int(dated[3]))
        except ValueError:
            return None
    return None


def next_sheet(code: str) -> str:
    """The sheet after `code` in a stack (050914-3 -> 050914-4), or '' when it has no number."""
    stem, _dash, number = code.rpartition("-")
    return f"{stem}-{int(number) + 1}" if stem and number.isdigit() else ""


def blank(row: dict) -> bool:
    """A row left empty on paper (nothing typed): skipped."""
    return not any((row.get(column) or "").strip() for column in COLUMNS)


def enter_sheet(team: Team, code: str, day_text: str | None, rows: dict[int, dict], user,
                zone: tzinfo) -> SheetResult:
    """Turn a sheet's rows into visits and record them (audited); the caller commits only when `ok`."""
    result = SheetResult()
    day = sheet_day(code, day_text)
    if not SHEET_CODE.match(code):
        result.sheet_errors["sheet"] = _("Type the sheet number printed at the top, like 050914-3.")
    if day is None:
        result.sheet_errors["date"] = _("Give the day of the sheet (YYYY-MM-DD).")
    filled = {number: row for number, row in sorted(rows.items()) if not blank(row)}
    if not filled:
        result.sheet_errors.setdefault("rows", _("Every row of this sheet is empty."))
    if not result.ok:
        return result
    blocks = block_ids([row.get("block", "") for row in filled.values()])
    payloads, numbers = [], []
    for number, row in filled.items():
        payload, problems = visit_from_row(row, blocks, day, zone)
        if problems:
            result.errors[number] = problems
            continue
        payload["client_id"] = packets.paper_client_id(team.id, code, number)
        payloads.append(payload)
        numbers.append(number)
    if result.errors:
        return result
    answers = visits.record_batch(payloads, visits.author_for(user, team))
    for number, answer in zip(numbers, answers):
        if answer.status == 201:
            result.stored += 1
        elif answer.status == 200:
            result.already += 1
        elif answer.status == 409:
            result.conflict = True
            result.errors[number] = {"row": _conflict_message(answer.error)}
        else:
            result.errors[number] = row_errors(answer.error.fields, answer.error.message)
    if result.ok:
        audit.record(user, "paper_entry", team, {"sheet": code, "stored": result.stored, "already": result.already})
    return result


def _conflict_message(error) -> str:
    """Why a row clashed: the operation closed before the visit, or the row was entered before otherwise."""
    if error.code == "operation_closed":
        return _("This visit was made after the operation was closed, so it cannot be entered; "
                 "nothing on this sheet was saved.")
    return _("This row was entered before with different answers. "
             "Check it against the paper; nothing on this sheet was saved.")


def block_ids(codes) -> dict[str, int]:
    """Map typed block codes (any case) to the operation's block ids, in one query."""
    wanted = {code.strip().upper() for code in codes if code.strip()}
    if not wanted:
        return {}
    rows = db.session.execute(select(Block.code, Block.id).where(Block.operation_id == scope.current_id(),
                                                                 func.upper(Block.code).in_(wanted)))
    return {code.upper(): block_id for code, block_id in rows}


def visit_from_row(row: dict, blocks: dict[str, int], day: date, zone: tzinfo) -> tuple[dict, dict]:
    """A visit in the API's shape from one paper row, and the paper-level problems found."""
    problems: dict[str, str] = {}
    code = (row.get("block") or "").strip().upper()
    if code not in blocks:
        problems["block"] = _("No block has this code.") if code else _("Which block? Type its code.")
    moment = row_time(row.get("time"), day, zone)
    if moment is None:
        problems["time"] = _("Type the time as on the sheet, like 15:30.")
    vocabularies = packets.printed_vocabularies()
    outcome = ticked(row.get("outcome"), vocabularies["outcome"])
    if outcome is None or len(outcome) != 1:
        problems["outcome"] = _("One number from 1 to %(last)d.", last=len(vocabularies["outcome"]))
    payload = {"block_id": blocks.get(code), "visited_at": moment.isoformat() if moment else None,
               "outcome": outcome[0] if outcome and len(outcome) == 1 else None}
    for column in ("adults", "children", "older_adults"):
        payload[column] = count(row.get(column))
    for column, vocabulary in TICKED.items():
        slugs = ticked(row.get(column), vocabularies[vocabulary])
        if slugs is None:
            problems[column] = _("Numbers from 1 to %(last)d, with spaces between.",
                                 last=len(vocabularies[vocabulary]))
        elif column != "needs":
            payload[column] = slugs
    payload["needs"], urgency_problem = needs_of(row, vocabularies)
    if urgency_problem:
        problems["urgency"] = urgency_problem
    flags, flag_problem = flags_of(row.get("flags"))
    if flag_problem:
        problems["flags"] = flag_problem
    payload.update(flags)
    notes = (row.get("notes") or "").strip()
    if notes:
        payload["notes"] = notes
    return payload, problems


def row_time(text: str | None, day: date, zone: tzinfo) -> datetime | None:
    """The sheet's day at a typed time (15:30, 1530 or 9), in the operation's time zone."""
    digits = (text or "").strip().replace(".", ":").replace("h", ":")
    match = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?", digits)
    if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
        return None
    naive = datetime.combine(day, time(int(match[1]), int(match[2] or 0)))
    return naive.replace(tzinfo=zone) if not hasattr(zone, "localize") else zone.localize(naive)


def ticked(text: str | None, vocabulary: tuple) -> list[str] | None:
    """Slugs for the typed numbers of ticked boxes ("2 5" or "2,5"); None when a number is not on paper."""
    tokens = re.split(r"[\s,;]+", (text or "").strip())
    slugs = []
    for token in filter(None, tokens):
        if not token.isdigit() or not 1 <= int(token) <= len(vocabulary):
            return None
        slugs.append(vocabulary[int(token) - 1])
    return slugs


def count(text: str | None):
    """A people count: blank is 0, digits are a number, anything else goes to the visits service to refuse."""
    text = (text or "").strip()
    if not text:
        return 0
    return int(text) if text.isdigit() else text


def needs_of(row: dict, vocabularies: dict) -> tuple[list[dict], str | None]:
    """The row's needs: each ticked category at the row's urgency (one person each, no hint on paper)."""
    categories = ticked(row.get("needs"), vocabularies["need_category"]) or []
    urgency = ticked(row.get("urgency"), vocabularies["need_urgency"])
    if not categories:
        return [], None if not (row.get("urgency") or "").strip() else _("Tick a need, or leave this empty.")
    if urgency is None or len(urgency) != 1:
        return [], _("How soon: one number from 1 to %(last)d.", last=len(vocabularies["need_urgency"]))
    return [{"category": category, "urgency": urgency[0]} for category in categories], None


def flags_of(text: str | None) -> tuple[dict, str | None]:
    """S (safety concern) and F (please come back) as ticked on paper."""
    letters = re.sub(r"[\s,;]+", "", (text or "").upper())
    if any(letter not in FLAGS for letter in letters):
        return {}, _("Only S (safety concern) and F (please come back).")
    return {name: letter in letters for letter, name in FLAGS.items()}, None


def row_errors(fields: dict, message: str) -> dict[str, str]:
    """The visits service's field errors, placed on the paper row's columns."""
    placed = {}
    for name, text in fields.items():
        column = FIELD_COLUMNS.get(name) or name.split("[")[0].split(".")[0]
        placed[column if column in COLUMNS else "row"] = text
    return placed or {"row": message}
