"""Blocks as GeoJSON, with their pair and counts, in a fixed number of queries."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Assignment, Block, Need, Visit

OPEN_NEED_STATUSES = ("open", "claimed")


def active_assignments(block_ids=None) -> dict[int, int]:
    """Map block id to the team id of its active assignment."""
    query = select(Assignment.block_id, Assignment.team_id).where(Assignment.released_at.is_(None))
    if block_ids is not None:
        query = query.where(Assignment.block_id.in_(block_ids))
    return dict(db.session.execute(query).all())


def visit_counts() -> dict[int, int]:
    """Map block id to its number of visits."""
    query = select(Visit.block_id, func.count()).group_by(Visit.block_id)
    return dict(db.session.execute(query).all())


def open_need_counts() -> dict[int, int]:
    """Map block id to its number of open or claimed needs."""
    query = (select(Need.block_id, func.count())
             .where(Need.status.in_(OPEN_NEED_STATUSES)).group_by(Need.block_id))
    return dict(db.session.execute(query).all())


def select_blocks(neighborhood_id: int | None = None, team_id: int | None = None):
    """A query for blocks, optionally of one neighborhood or one pair's active assignments."""
    query = select(Block).order_by(Block.id)
    if neighborhood_id is not None:
        query = query.where(Block.neighborhood_id == neighborhood_id)
    if team_id is not None:
        query = query.join(Assignment, Assignment.block_id == Block.id).where(
            Assignment.team_id == team_id, Assignment.released_at.is_(None))
    return query


def blocks_feature_collection(neighborhood_id: int | None = None, team_id: int | None = None) -> dict:
    """The blocks as a GeoJSON FeatureCollection with the properties of DESIGN.md section 5."""
    blocks = db.session.scalars(select_blocks(neighborhood_id, team_id)).all()
    teams = active_assignments()
    visits = visit_counts()
    needs = open_need_counts()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": block.geometry,
                "properties": {
                    "id": block.id,
                    "code": block.code,
                    "neighborhood_id": block.neighborhood_id,
                    "status": block.status,
                    "team_id": teams.get(block.id),
                    "visits": visits.get(block.id, 0),
                    "open_needs": needs.get(block.id, 0),
                },
            }
            for block in blocks
        ],
    }
