"""Neighborhoods and blocks as GeoJSON."""
from flask import g, jsonify

from ..auth import api_roles
from ..parsers import id_arg
from ..services.areas import areas
from ..services.areas.blocks import blocks_feature_collection
from ..services.people.teams import active_team_of
from . import bp


@bp.get("/neighborhoods")
@api_roles("coordinator", "volunteer", "aid")
def neighborhoods():
    """All neighborhoods with their block counts."""
    counts = areas.block_counts()
    return jsonify({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": n.geometry,
             "properties": {"id": n.id, "name": n.name, "code": n.code, "blocks": counts.get(n.id, 0)}}
            for n in areas.list_neighborhoods()
        ],
    })


@bp.get("/blocks")
@api_roles("coordinator", "volunteer")
def blocks():
    """Blocks as GeoJSON: all of them for coordinators, the pair's own for volunteers."""
    neighborhood_id = id_arg("neighborhood_id")
    if g.user.role == "coordinator":
        return jsonify(blocks_feature_collection(neighborhood_id))
    team = active_team_of(g.user)
    if team is None:
        return jsonify({"type": "FeatureCollection", "features": []})
    return jsonify(blocks_feature_collection(neighborhood_id, team_id=team.id))
