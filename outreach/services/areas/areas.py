"""Areas in the database: importing neighborhoods, blocks, places and streets, splitting, priority, point lookup.

Every operation here only adds to the session; the caller commits once, so an
import or a split is all or nothing. Everything reads and writes the areas of the
operation being worked in (scope.current_id()): two operations may hold the same
neighborhood, with the same codes, and never see each other's.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely
from flask import current_app
from flask_babel import gettext as _
from shapely.geometry import shape as geometry_from_json
from sqlalchemy import Text, cast, delete, func, insert, or_, select, update

from ... import scope
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...models import Assignment, Block, Need, Neighborhood, Place, Street, Visit
from ..operation import audit
from . import geo, map_layers, streets
from .blocks import bump_version, current_version

# Cached point-to-area indexes are keyed by this version, bumped whenever areas change.
AREAS_VERSION = "areas"


@dataclass
class ImportResult:
    """What an import did."""

    level: str
    name_property: str
    created: int = 0
    updated: int = 0
    neighborhoods: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the console or a flash message."""
        text = f"Imported {self.created + self.updated} {self.level}(s) named by '{self.name_property}'"
        text += f": {self.created} new, {self.updated} updated"
        if self.level == "block":
            text += f", in {self.neighborhoods} neighborhood(s)"
        if self.level == "street":
            text += f" ({self.updated} streets imported before were replaced)"
        return text + "."


@dataclass
class SplitResult:
    """Blocks made per neighborhood by a split."""

    blocks: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.blocks.values())

    def summary(self) -> str:
        """One line for the console or a flash message."""
        return f"Split {len(self.blocks)} neighborhood(s) into {self.total} blocks."


# ---------------------------------------------------------------- import


def import_areas(data: bytes | str, level: str, name_property: str | None = None,
                 priority_property: str | None = None, repair: bool = False, *, actor=None) -> ImportResult:
    """Validate a GeoJSON FeatureCollection and add it at `level`; Invalid or Conflict leaves the session clean."""
    collection = geo.read_collection(data, level, name_property, priority_property, repair)
    result = ImportResult(level, collection.name_property, warnings=collection.warnings)
    store_features(collection.features, result)
    if actor is not None:  # the command line and the benchmarks import without a signed-in person
        audit.record(actor, "areas_imported",
                     detail={"level": result.level, "created": result.created, "updated": result.updated})
    return result


def store_features(features: list[geo.Feature], result: ImportResult) -> None:
    """Add accepted features at `result.level` and count them in `result`; Conflict or Invalid leave it unfinished."""
    if result.level == "neighborhood":
        _import_neighborhoods(features, result)
    elif result.level == "block":
        _import_blocks(features, result)
    elif result.level == "street":
        _import_streets(features, result)
    else:
        _import_places(features, result)
    areas_changed()


def areas_changed() -> None:
    """Tell maps and cached indexes (in every app server) that the operation's areas changed, and build the map's
    shapes now, in the same transaction: the first map view of any app server reads them instead."""
    bump_version("map")
    bump_version(AREAS_VERSION)
    map_layers.prepare_shapes(current_version(AREAS_VERSION))


# Digitised borders never match exactly; overlap beyond this share of the smaller neighborhood is double coverage.
OVERLAP_SLIVER = 0.02
# How many overlapping pairs the refusal names: enough to see the pattern of a wrong file.
OVERLAPS_NAMED = 5


def _check_overlaps(features: list[geo.Feature], existing: dict[str, Neighborhood]) -> None:
    """Refuse neighborhoods that overlap each other or those kept from before by more than a sliver.

    Two overlapping neighborhoods are split into blocks that cover the same doors, and two pairs get sent
    there. A neighborhood re-imported by name replaces its old outline, so it is not compared with it.
    """
    incoming = {feature.name.casefold() for feature in features}
    kept = [hood for key, hood in existing.items() if key not in incoming]
    names = [feature.name for feature in features] + [hood.name for hood in kept]
    shapes = np.asarray([feature.geometry for feature in features]
                        + [geometry_from_json(hood.geometry) for hood in kept], dtype=object)
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes[:len(features)], predicate="intersects")
    pairs = left < right  # each pair once, never a shape with itself; kept ones only against new ones
    left, right = left[pairs], right[pairs]
    shared = shapely.area(shapely.intersection(shapes[left], shapes[right]))
    smaller = np.minimum(shapely.area(shapes[left]), shapely.area(shapes[right]))
    share = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
    wide = np.flatnonzero(share > OVERLAP_SLIVER)
    if len(wide):
        worst = wide[np.argsort(-share[wide])][:OVERLAPS_NAMED]
        listed = "; ".join(_("%(first)s and %(second)s (%(share)d%% of the smaller)", first=names[left[i]],
                             second=names[right[i]], share=round(share[i] * 100)) for i in worst)
        raise Invalid(_("These neighborhoods overlap by more than %(sliver)d%%, so two pairs would be sent to the "
                        "same doors: %(listed)s. Fix the outlines so they only touch, then import again; nothing "
                        "was imported.", sliver=round(OVERLAP_SLIVER * 100), listed=listed),
                      {"file": "overlapping_neighborhoods"})


def _import_neighborhoods(features: list[geo.Feature], result: ImportResult) -> None:
    """Add new neighborhoods (with fresh codes) and update the outline of those already known by name."""
    existing = {hood.name.casefold(): hood for hood in db.session.scalars(_neighborhoods())}
    _check_overlaps(features, existing)
    taken = {hood.code for hood in existing.values()}
    for feature in sorted(features, key=lambda f: f.name.casefold()):
        hood = existing.get(feature.name.casefold())
        if hood is None:
            code = geo.make_code(feature.name, taken)
            taken.add(code)
            hood = Neighborhood(name=feature.name, code=code)
            db.session.add(hood)
            result.created += 1
        else:
            result.updated += 1
        hood.geometry = geo.to_geojson(feature.geometry)
        for key, value in geo.bounds_columns(feature.geometry).items():
            setattr(hood, key, value)
        if feature.priority is not None:
            hood.priority = feature.priority
    db.session.flush()


def _import_blocks(features: list[geo.Feature], result: ImportResult) -> None:
    """Attach each block to the neighborhood holding most of its area; replaces those neighborhoods' blocks."""
    hoods = db.session.scalars(_neighborhoods().order_by(Neighborhood.id)).all()
    if not hoods:
        raise Invalid("There are no neighborhoods yet: import neighborhoods before blocks.", {"level": "order"})
    index = geo.AreaIndex([h.id for h in hoods], [geometry_from_json(h.geometry) for h in hoods])
    owners = index.largest_overlap([f.geometry for f in features])
    outside = [f.name for f, owner in zip(features, owners) if owner < 0]
    if outside:
        raise Invalid(f"These blocks lie outside every neighborhood: {geo.name_list(outside)}.",
                      {"file": "outside_neighborhoods"})
    by_hood: dict[Neighborhood, list[geo.Feature]] = {}
    for feature, owner in zip(features, owners):
        by_hood.setdefault(hoods[owner], []).append(feature)
    _clear_blocks(list(by_hood))
    rows = []
    for hood, mine in by_hood.items():
        ordered = sorted(mine, key=lambda f: _reading_key(f.geometry))
        rows += _block_rows(hood, [f.geometry for f in ordered], names=[f.name for f in ordered],
                            priorities=[f.priority for f in ordered])
    _insert_blocks(rows)
    result.created = len(rows)
    result.neighborhoods = len(by_hood)


def _import_places(features: list[geo.Feature], result: ImportResult) -> None:
    """Add named points, updating those already known by name."""
    existing = {place.name.casefold(): place for place in db.session.scalars(
        select(Place).where(Place.operation_id == scope.current_id()))}
    for feature in features:
        place = existing.get(feature.name.casefold())
        if place is None:
            place = Place(name=feature.name)
            db.session.add(place)
            result.created += 1
        else:
            result.updated += 1
        place.lon, place.lat = feature.geometry.x, feature.geometry.y
        place.properties = feature.properties
    db.session.flush()


def _import_streets(features: list[geo.Feature], result: ImportResult) -> None:
    """Replace the operation's street network by the file's: a street file is a whole network, not an update."""
    result.updated = db.session.execute(delete(Street).where(Street.operation_id == scope.current_id()),
                                        execution_options={"synchronize_session": False}).rowcount
    rows = [{"name": f.name or None, "geometry": geo.to_geojson(f.geometry), **geo.bounds_columns(f.geometry)}
            for f in features]
    db.session.execute(insert(Street), rows)
    result.created = len(rows)


# ---------------------------------------------------------------- blocks in the database


def _reading_key(shape) -> tuple[float, float]:
    """North to south, then west to east: the order people read a map in."""
    point = shape.representative_point()
    return (-round(point.y, 5), round(point.x, 5))


def _block_rows(hood: Neighborhood, shapes: list, names=None, priorities=None) -> list[dict]:
    """The column values of a neighborhood's new blocks, numbered in the order given."""
    rows = geo.block_columns(shapes)
    for number, row in enumerate(rows, start=1):
        priority = priorities[number - 1] if priorities else None
        row.update(neighborhood_id=hood.id, code=geo.block_code(hood.code, number), status="unassigned",
                   name=names[number - 1] if names else None,
                   priority=hood.priority if priority is None else priority)
    return rows


def _insert_blocks(rows: list[dict]) -> None:
    """Insert many blocks in a few statements (an ORM object each would be ten times slower)."""
    if rows:
        db.session.execute(insert(Block), rows)


def blocks_in_use(hood_ids: list[int]) -> dict[str, int]:
    """Neighborhood name -> how many of its blocks have visits, needs or assignments (ever)."""
    used = or_(
        select(Visit.id).where(Visit.block_id == Block.id).exists(),
        select(Need.id).where(Need.block_id == Block.id).exists(),
        select(Assignment.id).where(Assignment.block_id == Block.id).exists(),
    )
    query = (select(Neighborhood.name, func.count(Block.id)).join(Block.neighborhood)
             .where(Block.neighborhood_id.in_(hood_ids), used).group_by(Neighborhood.name))
    return dict(db.session.execute(query).all())


def _clear_blocks(hoods: list[Neighborhood]) -> None:
    """Delete the blocks of these neighborhoods, refusing if any has been worked on."""
    in_use = blocks_in_use([h.id for h in hoods])
    if in_use:
        detail = ", ".join(f"{name} ({count})" for name, count in sorted(in_use.items()))
        raise Conflict("These neighborhoods have blocks with visits, needs or assignments, so their blocks "
                       f"cannot be replaced: {detail}. Release and finish the work there first, "
                       "or leave those neighborhoods out.", {"neighborhood": "in_use"})
    db.session.execute(delete(Block).where(Block.neighborhood_id.in_([h.id for h in hoods])),
                       execution_options={"synchronize_session": False})


# ---------------------------------------------------------------- splitting


def find_neighborhood(name: str) -> Neighborhood:
    """The neighborhood with this name (case and spacing ignored), or NotFound."""
    wanted = " ".join(name.split()).casefold()
    for hood in db.session.scalars(_neighborhoods()):
        if " ".join(hood.name.split()).casefold() == wanted or hood.code.casefold() == wanted:
            return hood
    raise NotFound(f"No neighborhood is called '{name}'.", {"neighborhood": "unknown"})


def split_neighborhoods(hoods: list[Neighborhood] | None = None, block_size_m: float | None = None,
                        target_blocks: int | None = None, along_streets: bool = False, *, actor=None) -> SplitResult:
    """Replace the blocks of these neighborhoods (all when None) by a fresh split, along the streets if asked."""
    if hoods is None:
        hoods = list_neighborhoods()
    if not hoods:
        raise Invalid("There are no neighborhoods to split: import some first.", {"neighborhood": "none"})
    if (block_size_m is None) == (target_blocks is None):
        raise Invalid("Give either a block size in metres or a target number of blocks.",
                      {"block_size_m": "one_of"})
    if along_streets and block_size_m is None:
        raise Invalid("Splitting along streets needs a block size in metres.", {"block_size_m": "required"})
    if along_streets and db.session.scalar(select(Street.id).where(Street.operation_id == scope.current_id())
                                           .limit(1)) is None:
        raise Invalid("There are no streets yet: import street centre lines (level street) first.",
                      {"along_streets": "no_streets"})
    shapes = {hood: geometry_from_json(hood.geometry) for hood in hoods}
    _check_split_size(shapes.values(), block_size_m, target_blocks)
    # Split everything before deleting anything, so a bad size leaves the blocks as they were.
    if along_streets:
        splits = {hood: geo.split_along_streets(shape, streets.lines_near(shape), block_size_m)
                  for hood, shape in shapes.items()}
    else:
        splits = {hood: geo.split_into_blocks(shape, block_size_m, target_blocks) for hood, shape in shapes.items()}
    _clear_blocks(hoods)
    _insert_blocks([row for hood, pieces in splits.items() for row in _block_rows(hood, pieces)])
    areas_changed()
    result = SplitResult({hood.name: len(pieces) for hood, pieces in splits.items()})
    if actor is not None:  # the command line and the benchmarks split without a signed-in person
        audit.record(actor, "blocks_split", detail={"neighborhoods": len(result.blocks), "blocks": result.total,
                                                    "along_streets": along_streets})
    return result


def _check_split_size(shapes, block_size_m: float | None, target_blocks: int | None) -> None:
    """Refuse, before any cell is made, a split estimated at more blocks than MAX_BLOCKS_PER_SPLIT."""
    most = int(current_app.config["MAX_BLOCKS_PER_SPLIT"])
    estimate = sum(geo.estimated_blocks(shape, block_size_m, target_blocks) for shape in shapes)
    if estimate > most:
        raise Invalid(f"This split would make about {estimate:,} blocks, more than the {most:,} allowed at once "
                      "(MAX_BLOCKS_PER_SPLIT). Choose larger blocks or fewer neighborhoods.",
                      {"block_size_m": "too_many_blocks"})


# ---------------------------------------------------------------- reading


def _neighborhoods():
    """A query for the operation's neighborhoods."""
    return select(Neighborhood).where(Neighborhood.operation_id == scope.current_id())


def neighborhood_names() -> list[tuple[int, str]]:
    """Every neighborhood's id and name, by name."""
    return db.session.execute(select(Neighborhood.id, Neighborhood.name)
                              .where(Neighborhood.operation_id == scope.current_id())
                              .order_by(Neighborhood.name)).all()


def list_neighborhoods() -> list[Neighborhood]:
    """Every neighborhood, by name."""
    return db.session.scalars(_neighborhoods().order_by(Neighborhood.name)).all()


def block_counts() -> dict[int, int]:
    """How many blocks each neighborhood has, by neighborhood id (none: absent)."""
    return dict(db.session.execute(select(Block.neighborhood_id, func.count())
                                   .where(Block.operation_id == scope.current_id())
                                   .group_by(Block.neighborhood_id)).all())


def street_count() -> int:
    """How many street centre lines are imported."""
    return db.session.scalar(select(func.count(Street.id)).where(Street.operation_id == scope.current_id()))


def _in_operation(model, row_id: int):
    """The row of `model` with this id when it is the operation's; None for a missing one and another's alike."""
    row = db.session.get(model, row_id)
    return row if row is not None and row.operation_id == scope.current_id() else None


def get_neighborhood(hood_id: int) -> Neighborhood:
    """The operation's neighborhood with this id, or NotFound."""
    hood = _in_operation(Neighborhood, hood_id)
    if hood is None:
        raise NotFound(_("There is no such neighborhood."), {"neighborhood_id": "unknown"})
    return hood


def neighborhood_exists(hood_id: int) -> bool:
    """Whether the operation has a neighborhood with this id."""
    return _in_operation(Neighborhood, hood_id) is not None


def block_exists(block_id: int) -> bool:
    """Whether the operation has a block with this id."""
    return _in_operation(Block, block_id) is not None


# ---------------------------------------------------------------- priority


def set_neighborhood_priority(hood: Neighborhood, priority: float, *, actor=None) -> None:
    """Set a neighborhood's priority and its blocks' (higher goes first)."""
    if not -1e9 < priority < 1e9:
        raise Invalid("Priority must be a number between -1,000,000,000 and 1,000,000,000.",
                      {"priority": "out_of_range"})
    hood.priority = priority
    db.session.execute(update(Block).where(Block.neighborhood_id == hood.id).values(priority=priority))
    bump_version("map")
    if actor is not None:  # scripts set priorities without a signed-in person
        audit.record(actor, "priority_set", hood, detail={"priority": priority})


# ---------------------------------------------------------------- point to block

_index_cache: dict = {}


def block_index() -> geo.AreaIndex:
    """A spatial index of the operation's blocks, rebuilt only when areas change (the version lives in the DB)."""
    return _cached_index("block", Block)


def neighborhood_index() -> geo.AreaIndex:
    """A spatial index of the operation's neighborhoods, rebuilt only when areas change."""
    return _cached_index("neighborhood", Neighborhood)


def areas_fingerprint() -> tuple:
    """What cached indexes are keyed by: the database and operation, the operation's areas version, and its row
    counts and ids in case the version ever goes back. Its first two items say whose areas they are."""
    operation_id = scope.current_id()
    columns = [select(aggregate(model.id)).where(model.operation_id == operation_id).scalar_subquery()
               for model in (Neighborhood, Block, Place) for aggregate in (func.count, func.max)]
    row = db.session.execute(select(*columns)).one()
    return (str(db.engine.url), operation_id, current_version(AREAS_VERSION), *row)


def _cached_index(kind: str, model) -> geo.AreaIndex:
    """An index per database, operation and areas fingerprint, so two app servers never disagree for long."""
    key = (kind, *areas_fingerprint())
    index = _index_cache.get(key)
    if index is None:
        # Reading the geometry as text lets shapely parse all of it in one call.
        rows = db.session.execute(select(model.id, cast(model.geometry, Text))
                                  .where(model.operation_id == key[2]).order_by(model.id)).all()
        index = geo.AreaIndex(np.array([r[0] for r in rows], dtype=np.int64),
                              shapely.from_geojson([r[1] for r in rows]))
        for old in [k for k in _index_cache if k[:3] == key[:3]]:  # this kind's older index of this operation
            del _index_cache[old]
        _index_cache[key] = index
    return index


def locate(lon: float, lat: float) -> tuple[int | None, int | None]:
    """(block id, neighborhood id) of the areas containing a point; None where there is none."""
    block_id = block_index().locate(lon, lat)
    if block_id is not None:
        return block_id, db.session.scalar(select(Block.neighborhood_id).where(Block.id == block_id))
    return None, neighborhood_index().locate(lon, lat)
