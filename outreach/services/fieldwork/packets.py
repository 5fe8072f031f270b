"""A pair's printable packet: cover, a map drawn from the block polygons, log and tally sheets.

The map is an inline SVG projected in metres from the blocks themselves: no
tiles and no network, so it prints in a staging tent with no signal. A packet is
of a pair of the operation being worked in; every sheet of a drill's packet says
Exercise (DESIGN section 7).
"""
import math
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from flask_babel import gettext as _
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import nearest_points, unary_union
from sqlalchemy import select

from ... import scope, vocab
from ...errors import Invalid, NotFound
from ...extensions import db
from ...models import Block, Shift, Team
from ..areas import streets as street_lines
from ..areas.blocks import list_blocks
from ..areas.geo import local_projection

# Visits per printed log sheet (one landscape page, numbers to circle); paper entry shows as many rows.
ROWS_PER_SHEET = 10
# The printed map on the cover page, in mm: the width between Letter's 10 mm margins, the height left
# under the cover's facts. Street names are printed at NAME_PT, block codes at CODE_PT or larger.
MAP_MM = (195.9, 135.0)
MM_PER_PT = 25.4 / 72
NAME_PT = 8.5
CODE_PT = 9.0
ARROW_LENGTH = 2.6  # the staging arrow, in block-code heights
MAX_SHEETS = 30
# Round scale-bar lengths, in metres, so the bar reads at a glance.
SCALE_STEPS = (20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000)
# Fixed namespace for paper visits: uuid5(namespace, "pair/sheet/row") gives the same
# client_id each time a sheet is entered, which is what makes paper entry idempotent.
PAPER_NAMESPACE = uuid.UUID("5c0f3a52-7d0e-4a8e-9b57-0a6f1d9e2c41")


@dataclass
class StagingArrow:
    """Where the staging point lies when it is off the map: an arrow at the frame's edge pointing to it."""

    x: float
    y: float
    angle: float        # degrees clockwise from east, as SVG rotates
    distance_m: int     # from the nearest of the pair's blocks
    text_x: float       # where its words go: beyond its tail
    text_y: float
    anchor: str         # text-anchor of its words, so they stay inside the frame


@dataclass
class BlockMap:
    """An SVG drawing of blocks in metres (x east, y south on the page), framed at the printed map's shape."""

    width: float
    height: float
    shapes: list[tuple[str, str]]            # (block code, SVG path data)
    labels: list[tuple[str, float, float]]   # (block code, x, y)
    font_size: float                          # block codes, in map units
    name_size: float                          # street names, in map units
    scale_bar: tuple[float, float, float]    # (x, y, length in metres)
    staging: tuple[float, float] | None = None
    staging_arrow: StagingArrow | None = None
    streets: list[tuple[str, str, str, str]] = field(default_factory=list)  # (path id, path data, name, offset)

    @property
    def view_box(self) -> str:
        """The SVG viewBox attribute."""
        return f"0 0 {self.width:.1f} {self.height:.1f}"


@dataclass
class Packet:
    """Everything printed for one pair."""

    team: Team
    blocks: list[Block]
    block_map: BlockMap | None
    shifts: list[Shift]
    day: date
    sheets: list[str]
    rows_per_sheet: int = ROWS_PER_SHEET
    vocabularies: dict = field(default_factory=dict)
    operation: str = ""  # its name, printed on the cover
    exercise: bool = False  # a drill: every sheet says so


def build_packet(team_id: int, day: date, first_sheet: int = 1, sheet_count: int = 5) -> Packet:
    """The packet of pair `team_id` for `day`, with log sheets numbered from `first_sheet`."""
    team = find_pair(team_id)
    if team is None:
        raise NotFound(_("There is no pair with that number."))
    if not 1 <= sheet_count <= MAX_SHEETS or first_sheet < 1:
        raise Invalid(_("Print between 1 and %(most)d log sheets, numbered from 1 up.", most=MAX_SHEETS),
                      fields={"sheets": "out of range"})
    blocks = list_blocks(team_id=team.id)
    staging = (team.staging_lon, team.staging_lat) if team.staging_lat is not None else None
    return Packet(
        team=team, blocks=list(blocks), day=day,
        block_map=draw_blocks(blocks, staging, _streets_around(blocks)) if blocks else None,
        shifts=open_shifts(team),
        sheets=sheet_codes(day, first_sheet, sheet_count),
        vocabularies=printed_vocabularies(),
        operation=scope.current().name, exercise=scope.current().exercise,
    )


def find_pair(team_id: int) -> Team | None:
    """The pair of the operation with this id; None for none, and for another operation's."""
    team = db.session.get(Team, team_id)
    return team if team is not None and team.operation_id == scope.current_id() else None


def open_shifts(team: Team) -> list[Shift]:
    """The pair's shifts that are checked in and not yet out."""
    return list(db.session.scalars(
        select(Shift).where(Shift.operation_id == scope.current_id(), Shift.team_id == team.id,
                            Shift.checked_out_at.is_(None))
        .order_by(Shift.checked_in_at)))


def sheet_codes(day: date, first: int, count: int) -> list[str]:
    """Sheet numbers like 050914-3: the packet's day, then a running number."""
    return [f"{day:%y%m%d}-{n}" for n in range(first, first + count)]


def paper_client_id(team_id: int, sheet: str, row: int) -> str:
    """The client_id of row `row` of sheet `sheet` of a pair: the same every time it is entered."""
    return str(uuid.uuid5(PAPER_NAMESPACE, f"{team_id}/{sheet.strip().upper()}/{row}"))


def printed_vocabularies() -> dict[str, tuple[str, ...]]:
    """The vocabularies a log sheet ticks, in print order; numbers on paper are positions here."""
    return {"outcome": vocab.VISIT_OUTCOMES, "risk": vocab.RISKS, "reaction": vocab.REACTIONS,
            "ecpr": vocab.ECPR, "referral": vocab.REFERRALS, "need_category": vocab.NEED_CATEGORIES,
            "need_urgency": vocab.NEED_URGENCIES}


def _streets_around(blocks) -> list[tuple[str | None, object]]:
    """The imported streets near a pair's blocks, with their names."""
    return street_lines.near(unary_union([shape(block.geometry) for block in blocks]).buffer(0.002).bounds)


def draw_blocks(blocks, staging: tuple[float, float] | None = None, streets=()) -> BlockMap:
    """Project `blocks` (and the staging point and streets, lon/lat) to metres and lay them out for SVG.

    The frame holds the pair's blocks only, stretched to the printed map's shape (MAP_MM), so
    sizes in points can be turned into map units; a staging point outside it becomes an arrow.
    """
    shapes = [shape(block.geometry) for block in blocks]
    centre = unary_union(shapes).envelope.centroid
    to_metres = local_projection(centre.x, centre.y)[0]
    metric = [to_metres(piece) for piece in shapes]
    west, south, east, north = unary_union(metric).bounds
    width, height = _framed(east - west, north - south)
    left, top = (west + east - width) / 2, (north + south + height) / 2
    page = _PageFrame(left, top)
    units_per_pt = width / MAP_MM[0] * MM_PER_PT
    paths = [(block.code, _svg_path(piece, page)) for block, piece in zip(blocks, metric)]
    labels = []
    for block, piece in zip(blocks, metric):
        spot = piece.representative_point() if not piece.contains(piece.centroid) else piece.centroid
        labels.append((block.code, *page.xy(spot.x, spot.y)))
    font_size = max(_label_size(blocks, metric, width), CODE_PT * units_per_pt)
    frame = box(left, top - height, left + width, top)
    at = to_metres(Point(staging)) if staging else None
    inside = at is not None and frame.buffer(-font_size).contains(at)
    return BlockMap(
        streets=_street_paths(streets, to_metres, frame, page),
        width=width, height=height, shapes=paths, labels=labels, font_size=round(font_size, 1),
        name_size=round(NAME_PT * units_per_pt, 1),
        scale_bar=(font_size, height - font_size, _scale_length(width)),
        staging=page.xy(at.x, at.y) if inside else None,
        staging_arrow=_arrow_towards(at, frame, page, unary_union(metric), font_size) if at and not inside else None,
    )


def _framed(width: float, height: float) -> tuple[float, float]:
    """The blocks' extent with a margin, widened or heightened to the printed map's proportions."""
    extent = max(width, height, 50.0)
    width, height = width + extent * 0.16, height + extent * 0.16
    shape_ratio = MAP_MM[0] / MAP_MM[1]
    return (width, width / shape_ratio) if width / height >= shape_ratio else (height * shape_ratio, height)


def _arrow_towards(target: Point, frame, page: "_PageFrame", blocks, size: float) -> StagingArrow:
    """An arrow just inside the frame's edge, on the line from the frame's middle towards `target`,
    with its words beyond its tail, further inside."""
    middle = frame.centroid
    edge = frame.buffer(-size * 1.5, join_style="mitre").exterior
    crossing = LineString([middle, target]).intersection(edge)
    tip = crossing if crossing.geom_type == "Point" else nearest_points(edge, target)[0]
    x, y = page.xy(tip.x, tip.y)
    length = middle.distance(target)
    ux, uy = (target.x - middle.x) / length, -(target.y - middle.y) / length  # page y runs down
    back = ARROW_LENGTH + 1.2
    anchor = "end" if ux > 0.5 else ("start" if ux < -0.5 else "middle")
    return StagingArrow(x, y, round(math.degrees(math.atan2(uy, ux)), 1), int(round(blocks.distance(target), -1)),
                        round(x - ux * back * size, 1), round(y - uy * back * size, 1), anchor)


@dataclass
class _PageFrame:
    """Turns metres (y north) into page units (y down) from the map's top-left corner."""

    left: float
    top: float

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return round(x - self.left, 1), round(self.top - y, 1)


def _svg_path(piece, page: _PageFrame) -> str:
    """SVG path data for a polygon or multipolygon, holes included (drawn with evenodd)."""
    polygons = getattr(piece, "geoms", [piece])
    rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
    parts = []
    for ring in rings:
        points = [page.xy(x, y) for x, y in ring.coords[:-1]]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    return " ".join(parts)


def _street_paths(streets, to_metres, frame, page: _PageFrame) -> list[tuple[str, str, str, str]]:
    """(id, path data, name, where the name sits) of each street piece on the page.

    Drawn so names read upright: left to right, or bottom to top on a north-south street, whose
    name sits lower down (30%) so it does not meet the names of the cross streets (in the middle).
    """
    paths = []
    for name, line in streets:
        for part in getattr(clipped := to_metres(line).intersection(frame), "geoms", [clipped]):
            if part.geom_type != "LineString" or part.length == 0:
                continue
            points = [page.xy(x, y) for x, y in part.coords]
            dx, dy = points[-1][0] - points[0][0], points[-1][1] - points[0][1]
            upright = abs(dy) > abs(dx)
            if (dy > 0) if upright else (dx < 0):
                points.reverse()
            data = "M" + " L".join(f"{x},{y}" for x, y in points)
            paths.append((f"street-{len(paths)}", data, name or "", "30%" if upright else "50%"))
    return paths


def _label_size(blocks, metric, extent: float) -> float:
    """A label height that fits inside a typical block, yet stays readable on a wide map."""
    widths = [min(p.bounds[2] - p.bounds[0], p.bounds[3] - p.bounds[1]) for p in metric]
    longest = max(len(block.code) for block in blocks)
    fits = median(widths) * 1.6 / max(longest, 1)
    return round(min(max(fits, extent / 90), extent / 25), 1)


def _scale_length(extent: float) -> int:
    """The longest round length no more than a quarter of the map's width."""
    fitting = [step for step in SCALE_STEPS if step <= extent / 4]
    return fitting[-1] if fitting else SCALE_STEPS[0]


def parse_day(text: str | None, today: date) -> date:
    """The packet's day from `?date=YYYY-MM-DD`, or today."""
    if not text:
        return today
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise Invalid(_("Give the date as YYYY-MM-DD, for example 2005-09-14."),
                      fields={"date": "not a date"}) from None
