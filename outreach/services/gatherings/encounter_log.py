"""Gatherings in the shape of a crisis-counseling Group Encounter Log (issue 27 item 6, DESIGN.md section 8).

One row per held gathering: its local date, kind, neighborhood, type of place,
attendance in bands (as the paper log estimates it), duration in bands, the topics
covered and the referrals given as counts. No title, no facilitator, no free text:
what funders count, never who came or what they said.
"""
from itertools import chain

from flask_babel import to_user_timezone
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import scope
from ...extensions import db
from ...models import Block, Gathering, GatheringReport
from ...vocab import GATHERING_TOPICS, REFERRALS
from .reports import need_block

# (lowest, label) from the top down: the paper log's boxes, so a paper entry and the phone land alike.
ATTENDANCE_BANDS = [(51, "51+"), (21, "21-50"), (11, "11-20"), (6, "6-10"), (1, "1-5"), (0, "0")]
DURATION_BANDS = [(121, "over 2 hours"), (61, "1-2 hours"), (31, "31-60 min"), (0, "up to 30 min")]
# What a place's imported properties call its type (our own files say `kind`; OpenStreetMap `amenity`).
PLACE_TYPE_KEYS = ("kind", "amenity", "building")

COLUMNS = (["date", "kind", "neighborhood", "place_type", "attendance", "under_18", "over_64", "duration"]
           + [f"topic_{topic}" for topic in GATHERING_TOPICS] + [f"referral_{r}" for r in REFERRALS])


def band(value: int | None, bands: list[tuple[int, str]]) -> str:
    """The band a count falls in ("" when it was not given)."""
    if value is None:
        return ""
    return next(label for lowest, label in bands if value >= lowest)


def place_type(gathering: Gathering) -> str:
    """What kind of place it was held at: the place's imported type, or `block` (outdoors, a street)."""
    if gathering.place is None:
        return "block"
    properties = gathering.place.properties or {}
    return next((str(properties[key]) for key in PLACE_TYPE_KEYS if properties.get(key)), "other")


def held() -> list[Gathering]:
    """The operation's held gatherings with their report, place and block, by start."""
    query = (select(Gathering).join(GatheringReport, GatheringReport.gathering_id == Gathering.id)
             .options(selectinload(Gathering.report), selectinload(Gathering.place),
                      selectinload(Gathering.block).selectinload(Block.neighborhood))
             .where(Gathering.operation_id == scope.current_id(), GatheringReport.held.is_(True))
             .order_by(Gathering.starts_at, Gathering.id))
    return list(db.session.scalars(query))


def row(gathering: Gathering, neighborhoods: dict[int, str]) -> list:
    """One gathering as a log row; `neighborhoods` remembers each place's neighborhood between rows."""
    report = gathering.report
    return [to_user_timezone(gathering.starts_at).date().isoformat(), gathering.kind,
            _neighborhood(gathering, neighborhoods), place_type(gathering),
            band(report.attendance, ATTENDANCE_BANDS), band(report.under_18, ATTENDANCE_BANDS),
            band(report.over_64, ATTENDANCE_BANDS), band(report.minutes, DURATION_BANDS),
            *(int(topic in report.topics) for topic in GATHERING_TOPICS),
            *(int(report.referrals.get(referral, 0)) for referral in REFERRALS)]


def _neighborhood(gathering: Gathering, known: dict[int, str]) -> str:
    """The neighborhood of its block, or of the block its place lies on (looked up once per place)."""
    if gathering.block is not None:
        return gathering.block.neighborhood.name
    if gathering.place_id not in known:
        block = need_block(gathering)
        known[gathering.place_id] = block.neighborhood.name if block is not None else ""
    return known[gathering.place_id]


def rows():
    """The header, then a row per held gathering. The gatherings are read now, in the request that chose the
    operation, not when the streamed answer first asks for a row."""
    gatherings = held()
    neighborhoods: dict[int, str] = {}
    return chain([COLUMNS], (row(gathering, neighborhoods) for gathering in gatherings))
