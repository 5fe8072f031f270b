"""Suggested plans: high priority first, compact and near staging, balanced, deterministic."""
import random
import statistics

from geopy.distance import great_circle

from outreach import scope
from outreach.extensions import db
from outreach.services.fieldwork.suggestions import FreeBlock, PairSlot, current_plan, plan_assignments
from outreach.services.operation import operations

# A 20 x 20 grid of blocks about 150 m apart, near the Lower Ninth Ward.
STEP = 0.0014
GRID = [FreeBlock(id=r * 20 + c + 1, lat=29.95 + r * STEP, lon=-90.03 + c * STEP, priority=0.0)
        for r in range(20) for c in range(20)]
CORNERS = [PairSlot(1, 29.95, -90.03, 10), PairSlot(2, 29.95 + 19 * STEP, -90.03 + 19 * STEP, 10),
           PairSlot(3, 29.95, -90.03 + 19 * STEP, 10), PairSlot(4, 29.95 + 19 * STEP, -90.03, 10)]


def spread_m(blocks: list[FreeBlock]) -> float:
    """Mean distance of blocks from their middle: small for a compact area."""
    lat = statistics.mean(b.lat for b in blocks)
    lon = statistics.mean(b.lon for b in blocks)
    return statistics.mean(great_circle((lat, lon), (b.lat, b.lon)).meters for b in blocks)


def test_high_priority_blocks_are_covered_first():
    urgent = {17, 203, 388}
    blocks = [FreeBlock(b.id, b.lat, b.lon, 5.0 if b.id in urgent else 0.0) for b in GRID]
    plan = plan_assignments(CORNERS, blocks)
    planned = {b for ids in plan.blocks.values() for b in ids}
    assert urgent <= planned
    assert len(planned) == 40


def test_every_pair_gets_its_room_and_loads_are_balanced():
    pairs = [PairSlot(i, 29.95 + i * STEP, -90.03, 7) for i in range(1, 6)] + [PairSlot(9, 29.96, -90.02, 3)]
    plan = plan_assignments(pairs, GRID)
    assert {p: len(ids) for p, ids in plan.blocks.items()} == {1: 7, 2: 7, 3: 7, 4: 7, 5: 7, 9: 3}
    all_ids = [b for ids in plan.blocks.values() for b in ids]
    assert len(all_ids) == len(set(all_ids))


def test_with_fewer_blocks_than_room_loads_differ_by_at_most_one():
    plan = plan_assignments(CORNERS, GRID[:18])
    loads = sorted(len(ids) for ids in plan.blocks.values())
    assert sum(loads) == 18 and loads[-1] - loads[0] <= 1


def test_each_pairs_blocks_are_compact_and_near_its_staging_point():
    plan = plan_assignments(CORNERS, GRID)
    by_id = {b.id: b for b in GRID}
    rng = random.Random(4)
    for pair in CORNERS:
        mine = [by_id[i] for i in plan.blocks[pair.id]]
        random_ten = rng.sample(GRID, 10)
        assert spread_m(mine) < spread_m(random_ten) / 2
        assert max(plan.distance_m[b.id] for b in mine) < 800  # a corner's ten nearest blocks
        assert max(plan.distance_m[b.id] for b in mine) == max(
            great_circle((pair.lat, pair.lon), (b.lat, b.lon)).meters for b in mine)


def test_same_input_in_any_order_gives_the_same_plan():
    shuffled = GRID[:]
    random.Random(1).shuffle(shuffled)
    pairs = CORNERS[::-1]
    assert plan_assignments(pairs, shuffled).blocks == plan_assignments(CORNERS, GRID).blocks


def test_pairs_without_staging_or_room_are_handled():
    pairs = [PairSlot(1, None, None, 3), PairSlot(2, 29.95, -90.03, 0)]
    plan = plan_assignments(pairs, GRID)
    assert list(plan.blocks) == [1] and len(plan.blocks[1]) == 3
    assert plan_assignments([], GRID).blocks == {} and plan_assignments(CORNERS, []).blocks == {}


def test_current_plan_skips_assigned_unsafe_and_invalid_pairs(make_team, make_neighborhood, assign, app):
    hood = make_neighborhood()
    busy, free = make_team(staging_lat=29.96, staging_lon=-90.02), make_team(staging_lat=29.97, staging_lon=-90.01)
    broken = make_team()
    broken.members[0].trained_on = None
    assign(busy, hood.blocks[:2])
    hood.blocks[2].status = "unsafe"
    db.session.commit()
    plan = current_plan(per_pair=3)
    assert set(plan.blocks) == {busy.id, free.id}
    assert len(plan.blocks[busy.id]) == 1 and len(plan.blocks[free.id]) == 3
    planned = {b for ids in plan.blocks.values() for b in ids}
    assert not planned & {hood.blocks[0].id, hood.blocks[1].id, hood.blocks[2].id}


def test_current_plan_is_made_of_the_operations_own_blocks(make_team, make_neighborhood, acting_coordinator):
    other = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), other, "coordinator")
    with scope.working_in(scope.ref(other)):
        theirs = {block.id for block in make_neighborhood().blocks}
    hood = make_neighborhood()
    pair = make_team(staging_lat=29.965, staging_lon=-90.015)
    plan = current_plan(per_pair=100)
    assert set(plan.blocks[pair.id]) == {block.id for block in hood.blocks} and not set(plan.blocks[pair.id]) & theirs
