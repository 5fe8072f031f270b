"""Exports for coordinators: needs as CSV and HXL, blocks as GeoJSON, the weekly tally (visits and gatherings).

Rows are streamed from the database in batches (`yield_per`), one query per export,
so 100,000 visits never sit in memory at once and no row causes another query; the
tally is counted by the database itself.
No export carries visit notes, need notes or drop-off hints. Each is of the operation being
worked in only, read when the export starts (a stream outlives the request's work).
"""
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case, cast, func, not_, or_, select

from ... import scope
from ...errors import DomainError
from ...extensions import db
from ...models import AidGroup, Block, Gathering, GatheringReport, Need, Neighborhood, Visit
from ...vocab import LIVE_NEED_STATUSES, NEED_CATEGORIES, NEED_STATUSES, REFERRALS, RISKS
from . import audit

BATCH = 2000
# Spreadsheets run cells that start like a formula; a quote in front keeps them text (OWASP CSV
# injection). A spreadsheet may also split a cell at a separator of its locale (`;` `,` tab, a line
# break), so every part that would start like a formula, after any spaces, gets its quote too.
FORMULA_CHARACTERS = "=+-@\uff1d\uff0b\uff0d\uff20"  # and their full-width forms
FORMULA_START = re.compile(r"(^|[;,\t\r\n])(\s*)(?=[" + re.escape(FORMULA_CHARACTERS) + "])")

# (header, HXL hashtag) of each needs column, in order.
NEED_COLUMNS = [
    ("id", "#meta+id"), ("category", "#sector"), ("urgency", "#severity"), ("people", "#affected"),
    ("status", "#status"), ("block_code", "#loc+code"), ("neighborhood", "#adm2+name"),
    ("created_at", "#date+reported"), ("claimed_by", "#org+claimed"), ("fulfilled_at", "#date+fulfilled"),
    ("confirmed_at", "#date+confirmed"), ("closed_at", "#date+closed"), ("duplicate_of", "#meta+duplicate_of"),
]


def record_export(actor, what: str, **detail) -> None:
    """Audit who exported what (the caller commits before streaming)."""
    audit.record(actor, "export", detail={"what": what, **detail})


class BadWeek(DomainError):
    """A week that is not YYYY-Www (a malformed query string: 400)."""

    status = 400
    code = "bad_week"


def safe_cell(value) -> str:
    """A value as CSV text that no spreadsheet will run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return FORMULA_START.sub(r"\1\2'", text) if isinstance(value, str) else text


def csv_lines(rows):
    """Encode rows of values as CSV text, a batch of lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for number, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in row])
        if number % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def need_rows(operation_id: int):
    """Every need of the operation with its block, neighborhood and group, oldest first, streamed."""
    query = (select(Need.id, Need.category, Need.urgency, Need.people, Need.status, Block.code,
                    Neighborhood.name, Need.created_at, AidGroup.name, Need.fulfilled_at,
                    Need.confirmed_at, Need.closed_at, Need.duplicate_of_id)
             .join(Block, Need.block_id == Block.id)
             .join(Neighborhood, Block.neighborhood_id == Neighborhood.id)
             .outerjoin(AidGroup, Need.claimed_by_group_id == AidGroup.id)
             .where(Need.operation_id == operation_id)
             .order_by(Need.id).execution_options(yield_per=BATCH))
    yield from db.session.execute(query)


def needs_csv(hxl: bool = False):
    """The needs export as CSV text chunks; with `hxl`, the HXL hashtag row under the header."""
    head = [[name for name, _ in NEED_COLUMNS]]
    if hxl:
        head.append([tag for _, tag in NEED_COLUMNS])
    operation_id = scope.current_id()

    def rows():
        yield from head
        yield from need_rows(operation_id)

    return csv_lines(rows())


# --- the weekly tally -------------------------------------------------------

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# A brief contact: someone spoke with the pair, but nothing beyond connecting was practised.
DEEPER_ECPR = ("empowering", "revitalizing")
OUTCOME_COLUMNS = {"no_answers": "no_answer", "declined": "declined", "materials_left": "left_materials",
                   "vacant": "vacant", "unsafe": "unsafe"}
TALLY_COLUMNS = (["date", "visits", "contacts", "brief_contacts", "no_answers", "declined", "materials_left",
                  "vacant", "unsafe", "people_reached", "follow_ups", "safety_concerns"]
                 + [f"referral_{r}" for r in REFERRALS] + [f"risk_{r}" for r in RISKS]
                 + ["gatherings", "gathering_attendance", "gathering_under_18", "gathering_over_64"])


@dataclass(frozen=True)
class Week:
    """An ISO week in the operation's time zone."""

    year: int
    number: int
    zone: ZoneInfo

    @property
    def label(self) -> str:
        """YYYY-Www."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def days(self) -> list[date]:
        """Monday to Sunday."""
        monday = date.fromisocalendar(self.year, self.number, 1)
        return [monday + timedelta(days=n) for n in range(7)]

    def bounds(self) -> tuple[datetime, datetime]:
        """The week as aware datetimes [start, end) at local midnights."""
        monday = self.days[0]
        start = datetime.combine(monday, time(), self.zone)
        return start, datetime.combine(monday + timedelta(days=7), time(), self.zone)

    def shifted(self, weeks: int) -> "Week":
        """The week `weeks` later (or earlier, when negative)."""
        year, number, _ = (self.days[0] + timedelta(weeks=weeks)).isocalendar()
        return Week(year, number, self.zone)


def parse_week(text: str | None, zone_name: str, today: date | None = None) -> Week:
    """`YYYY-Www` as a Week (this week when empty); BadWeek when malformed."""
    zone = ZoneInfo(zone_name)
    if not text:
        year, number, _ = (today or datetime.now(zone).date()).isocalendar()
        return Week(year, number, zone)
    match = WEEK.match(text)
    try:
        if not match:
            raise ValueError(text)
        date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise BadWeek("The week is written YYYY-Www, for example 2005-W37.", {"week": "not YYYY-Www"}) from None
    return Week(int(match[1]), int(match[2]), zone)


def _mentions(column, slug: str):
    """Whether a JSON list column holds `slug`, as SQL both engines run.

    The lists hold only vocabulary slugs (checked on intake) and JSON quotes every
    string, so matching the quoted slug in the column's text is exact.
    """
    return func.coalesce(cast(column, String), "").like(f'%"{slug}"%')


def _count_if(condition):
    """SUM of 1 for the rows where `condition` holds."""
    return func.sum(case((condition, 1), else_=0))


def _tally_measures(contact) -> dict:
    """The tally's columns as SQL aggregates."""
    measures = {
        "visits": func.count(),
        "contacts": _count_if(contact),
        "brief_contacts": _count_if(and_(contact, not_(or_(*(_mentions(Visit.ecpr, e) for e in DEEPER_ECPR))))),
        "people_reached": func.sum(case((contact, Visit.adults + Visit.children + Visit.older_adults), else_=0)),
        "follow_ups": _count_if(Visit.follow_up.is_(True)),
        "safety_concerns": _count_if(Visit.safety_concern.is_(True)),
    }
    for column, outcome in OUTCOME_COLUMNS.items():
        measures[column] = _count_if(Visit.outcome == outcome)
    for referral in REFERRALS:
        measures[f"referral_{referral}"] = _count_if(_mentions(Visit.referrals, referral))
    for risk in RISKS:
        measures[f"risk_{risk}"] = _count_if(_mentions(Visit.risks, risk))
    return measures


def _day_index(week: Week, column):
    """A CASE giving the local day (0 Monday .. 6 Sunday) of `column` within the week, run by the database."""
    midnights = [datetime.combine(day, time(), week.zone) for day in week.days[1:]]
    return case(*((column < midnight, n) for n, midnight in enumerate(midnights)), else_=6)


def weekly_tally(week: Week) -> dict[date, Counter]:
    """Per local day of `week`, the counts of the crisis-counseling weekly tally, in one aggregate query
    for the visits and one for the gatherings held.

    The day is found by comparing with the week's local midnights (a CASE), so the
    database does the counting on either engine and no visit row reaches Python.
    """
    start, end = week.bounds()
    day_index = _day_index(week, Visit.visited_at)
    measures = _tally_measures(Visit.outcome == "contact")
    query = (select(day_index.label("day"), *(m.label(name) for name, m in measures.items()))
             .where(Visit.operation_id == scope.current_id(), Visit.visited_at >= start, Visit.visited_at < end)
             .group_by(day_index))
    days = {day: Counter() for day in week.days}
    for row in db.session.execute(query).mappings():
        days[week.days[row["day"]]].update({name: int(row[name] or 0) for name in measures})
    for day, counts in _gathering_tally(week).items():
        days[day].update(counts)
    return days


def _gathering_tally(week: Week) -> dict[date, Counter]:
    """Per local day, the gatherings held that started on it and the people they reached (estimated)."""
    start, end = week.bounds()
    day_index = _day_index(week, Gathering.starts_at)
    measures = {"gatherings": func.count(), "gathering_attendance": func.sum(GatheringReport.attendance),
                "gathering_under_18": func.sum(GatheringReport.under_18),
                "gathering_over_64": func.sum(GatheringReport.over_64)}
    query = (select(day_index.label("day"), *(m.label(name) for name, m in measures.items()))
             .join(GatheringReport, GatheringReport.gathering_id == Gathering.id)
             .where(Gathering.operation_id == scope.current_id(), GatheringReport.held.is_(True),
                    Gathering.starts_at >= start, Gathering.starts_at < end)
             .group_by(day_index))
    return {week.days[row["day"]]: Counter({name: int(row[name] or 0) for name in measures})
            for row in db.session.execute(query).mappings()}


def tally_rows(days: dict[date, Counter]):
    """The tally as CSV rows: the header, a row per day, then the week's total."""
    yield TALLY_COLUMNS
    total = Counter()
    for day, counts in days.items():
        total.update(counts)
        yield [day.isoformat(), *(counts[c] for c in TALLY_COLUMNS[1:])]
    yield ["total", *(total[c] for c in TALLY_COLUMNS[1:])]


def need_flow(week: Week) -> dict[str, Counter]:
    """Needs of the week by category: recorded, fulfilled, confirmed and closed in it, and open at its end."""
    start, end = week.bounds()
    flow = {}
    for name, column in (("recorded", Need.created_at), ("fulfilled", Need.fulfilled_at),
                         ("confirmed", Need.confirmed_at), ("closed", Need.closed_at)):
        flow[name] = Counter(dict(db.session.execute(
            select(Need.category, func.count()).where(Need.operation_id == scope.current_id(), column >= start,
                                                      column < end).group_by(Need.category)).all()))
    flow["open now"] = Counter(dict(db.session.execute(
        select(Need.category, func.count()).where(Need.operation_id == scope.current_id(),
                                                  Need.status.in_(LIVE_NEED_STATUSES))
        .group_by(Need.category)).all()))
    return flow


def need_status_counts() -> dict[str, int]:
    """How many needs there are in each status."""
    counts = dict(db.session.execute(select(Need.status, func.count()).where(Need.operation_id == scope.current_id())
                                     .group_by(Need.status)).all())
    return {status: counts.get(status, 0) for status in NEED_STATUSES}


def flow_categories(flow: dict[str, Counter]) -> list[str]:
    """The categories that appear in the flow, in vocabulary order."""
    seen = set().union(*flow.values())
    return [c for c in NEED_CATEGORIES if c in seen]
