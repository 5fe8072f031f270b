"""A generated demo operation over a real part of New Orleans (no files needed).

Everything is drawn from a seeded random generator, so every run makes the same
operation; seed() does nothing when the demo coordinator already exists.

Beside it, a small exercise (a drill) shows how operations stay apart: one
neighborhood, one practice pair of the two volunteers not yet paired in the
demo, and the demo coordinator, who is a member of both and switches between
them in the page header.

The demo is a living operation, so every screen has something to show: pairs
staged beside their blocks, two of them with room for a suggested plan, two
trained volunteers not yet in a pair, a pair overdue from its shift, a
volunteer who asked for a debrief, a waiting help call (and an earlier one a
coordinator answered), and visit notes that speak of the needs they found.
"""
import math
import random
from datetime import date, timedelta

import numpy as np
from shapely.geometry import LineString, box, mapping
from sqlalchemy import select

from ... import scope
from ...extensions import db
from ...models import Alert, Assignment, Block, Need, Neighborhood, Street, Team, TeamMember, User, Visit, utcnow
from ...vocab import ECPR, NEED_CATEGORIES, NEED_URGENCIES, REFERRALS, RISKS
from ..areas import geo
from ..gatherings import gatherings, reports
from ..mutual_aid import needs
from ..people.accounts import create_user, find_or_create_group, hash_password
from ..safety import alerts, shifts
from . import operations

PASSWORD = "outreach-demo"
COORDINATOR = "coordinator@example.org"
DEMO = ("demo", "Demo operation (New Orleans)")
DRILL = ("drill", "Door-knocking drill")
# The drill: one neighborhood (Gentilly Terrace's outline again: operations never see each other's blocks),
# one practice pair of the demo's two unpaired volunteers, holding a few blocks.
DRILL_NEIGHBORHOOD = 2
DRILL_PAIR = "Practice"
DRILL_BLOCKS = 3

# Rough outlines (lon/lat) of three real neighborhoods; good enough for a demo.
NEIGHBORHOODS = [
    ("LOWER NINTH WARD", "LNW", (-90.0210, 29.9560, -90.0000, 29.9720)),
    ("ST. CLAUDE", "STC", (-90.0480, 29.9600, -90.0250, 29.9740)),
    ("GENTILLY TERRACE", "GTT", (-90.0620, 30.0040, -90.0400, 30.0200)),
]
BLOCK_SIZE_M = 150
# Names for the generated street grid: north-south streets, then numbered east-west avenues.
CROSS_STREETS = ["Tupelo", "Caffin", "Flood", "Lizardi", "Forstall", "Egania", "Reynes", "Delery", "Andry",
                 "Jourdan", "Deslonde", "Charbonnet", "Benton", "Perrin", "Magnolia", "Cypress"]

GROUPS = [
    ("Lower Nine Mutual Aid", ["water", "food", "cleanup", "power"]),
    ("Bywater Kitchen Collective", ["food", "water", "childcare"]),
    ("Gentilly Rides and Meds", ["transport", "medication", "medical", "eldercare"]),
]

PAIR_NAMES = ["Magnolia", "Cypress", "Pelican", "Heron", "Live Oak", "Egret"]
# Blocks each pair holds; Pelican and Live Oak have room, so the map's suggested plan has work to give.
PAIR_BLOCKS = [8, 8, 3, 8, 4, 8]
# Where in its neighborhood each of the two pairs working there stages: west or east of the south edge.
STAGING_SHARE = (0.25, 0.75)
# Trained, and not in a pair yet: who the coordinator can pair next.
FREE_VOLUNTEERS = ["Simone Pierre", "Pham Thi Hoa"]

VOLUNTEERS = [
    "Alma Batiste", "Ray Fontenot", "Tran Thi Mai", "Luis Ortega", "Keisha Jones",
    "Nguyen Van Long", "Marie Landry", "Dwayne Smith", "Rosa Delgado", "Terrence Brown",
    "Claire Thibodeaux", "Andre Washington",
]

# Notes of visits that found no need.
NOTES = [
    "Talked on the porch for a while; they felt heard.",
    "Neighbor is checking in on the older couple next door.",
    "Kids are staying with relatives; parent worried and tired.",
    "Cleaning out the house; glad someone stopped by.",
    None, None, None,
]
# The note a visit carries when it found a need of that category, so triage reads true.
NEED_NOTES = {
    "water": "Water still off on this side of the street.",
    "food": "Fridge lost everything; running low on food.",
    "shelter": "Roof tarp needed before the next rain.",
    "medical": "Cut on the arm from clearing debris, looks red.",
    "medication": "Ran out of blood pressure pills; pharmacy closed.",
    "power": "No power; asked about a generator or charging.",
    "transport": "Car flooded; needs a ride to the clinic.",
    "childcare": "Parent back at work, nobody to watch the kids.",
    "eldercare": "Older man alone upstairs, cannot manage the stairs.",
    "pets": "Dog left behind next door, needs food and water.",
    "cleanup": "Wet drywall and mold; needs a mucking crew.",
    "paperwork": "Asked about FEMA paperwork; left the help-line card.",
    "communication": "Phone dead for days; wants to call family.",
    "emotional_support": "Talked a long time about the storm; wants someone to come back.",
    "other": "Asked for something we could not name on the form.",
}

OUTCOMES = ["contact"] * 6 + ["no_answer"] * 3 + ["left_materials", "vacant", "declined"]


def logins_text() -> str:
    """The demo logins, for the console: who is in which pair, which aid account is which group."""
    pairs = [f"  volunteer    volunteer{2 * n + 1}@example.org, volunteer{2 * n + 2}@example.org: pair {name}"
             for n, name in enumerate(PAIR_NAMES)]
    free = len(VOLUNTEERS) + 1
    groups = [f"  aid          aid{n}@example.org: {name}" for n, (name, _categories) in enumerate(GROUPS, start=1)]
    return "\n".join([
        f"Operations: {DEMO[0]} ({DEMO[1]}) and the exercise {DRILL[0]} ({DRILL[1]}), at /o/{DEMO[0]}/ and "
        f"/o/{DRILL[0]}/.",
        f"Demo logins (password for all: {PASSWORD}):",
        f"  coordinator  {COORDINATOR}: in both operations; switch in the page header",
        *pairs,
        f"  volunteer    volunteer{free}@example.org, volunteer{free + 1}@example.org: trained, not in a pair yet "
        f"in {DEMO[0]}; pair {DRILL_PAIR} in the exercise {DRILL[0]}",
        *groups,
    ])


def seed(ttl_hours: int = 72) -> bool:
    """Create the demo operation and the drill, then work in the demo; False (and no change) when it exists."""
    if db.session.scalar(select(User.id).where(User.email == COORDINATOR)):
        existing = operations.by_slug(DEMO[0])
        if existing is not None:
            scope.choose(scope.ref(existing))
        return False
    demo = operations.create(*DEMO)
    drill = operations.create(*DRILL, exercise=True)
    scope.choose(scope.ref(demo))
    rng = random.Random(2005)
    password_hash = _demo_password_hash()
    coordinator = create_user(email=COORDINATOR, role="coordinator", name="Demo Coordinator",
                              password_hash=password_hash)
    blocks = _seed_areas(NEIGHBORHOODS)
    teams = _seed_pairs(password_hash)
    free = _seed_free_volunteers(password_hash)
    _seed_groups(password_hash)
    assigned = _seed_assignments(rng, coordinator, teams, blocks, ttl_hours)
    _seed_visits(rng, assigned)
    _seed_claim(ttl_hours)
    _seed_care(coordinator, teams, assigned)
    _seed_gatherings(coordinator, teams, assigned)
    with scope.working_in(scope.ref(drill)):
        _seed_drill(drill, coordinator, free, ttl_hours)
    return True


def _seed_drill(drill, coordinator: User, volunteers: list[User], ttl_hours: int) -> None:
    """The exercise: the coordinator, the demo's two unpaired volunteers as a practice pair, and a few blocks."""
    operations.add_member(coordinator, drill, "coordinator")
    for volunteer in volunteers:
        operations.add_member(volunteer, drill, "volunteer")
    blocks = _seed_areas([NEIGHBORHOODS[DRILL_NEIGHBORHOOD]])
    _name, _code, (west, south, east, north) = NEIGHBORHOODS[DRILL_NEIGHBORHOOD]
    team = Team(name=DRILL_PAIR, staging_lon=(west + east) / 2, staging_lat=south + 0.1 * (north - south),
                staging_label="Drill staging")
    db.session.add(team)
    db.session.flush()
    db.session.add_all(TeamMember(team_id=team.id, user_id=volunteer.id) for volunteer in volunteers)
    db.session.flush()
    nearest = sorted(blocks, key=lambda block: (_distance(block, team), block.id))[:DRILL_BLOCKS]
    _seed_assignments_of(team, nearest, coordinator, ttl_hours)
    db.session.flush()  # rows take their operation when flushed: while still in the drill


def _demo_password_hash() -> str:
    """One hash for every demo account (hashing is deliberately slow)."""
    return hash_password(PASSWORD)


def _seed_areas(neighborhoods) -> list[Block]:
    """Neighborhoods with a generated street grid, split along it into blocks of about 150 m."""
    blocks = []
    for name, code, bounds in neighborhoods:
        shape = box(*bounds)
        hood = Neighborhood(name=name, code=code, geometry=mapping(shape), **geo.bounds_columns(shape))
        db.session.add(hood)
        grid = street_grid(shape, BLOCK_SIZE_M)
        db.session.add_all(Street(name=street, geometry=mapping(line), **geo.bounds_columns(line))
                           for street, line in grid)
        pieces = geo.split_along_streets(shape, [line for _, line in grid], BLOCK_SIZE_M)
        for number, piece in enumerate(pieces, start=1):
            block = Block(neighborhood=hood, code=f"{code}-{number:03d}", geometry=mapping(piece),
                          **geo.bounds_columns(piece), **geo.centroid_columns(piece))
            db.session.add(block)
            blocks.append(block)
    db.session.flush()
    return blocks


def street_grid(shape, spacing_m: float) -> list[tuple[str, LineString]]:
    """Named streets about `spacing_m` metres apart across a lon/lat shape, evenly, so no block is a sliver."""
    to_metres, to_degrees = geo.projection_for(shape)
    west, south, east, north = to_metres(shape).bounds
    columns, rows = (max(1, round(extent / spacing_m)) for extent in (east - west, north - south))
    streets = []
    for i, x in enumerate(np.linspace(west, east, columns + 1)[1:-1]):
        line = LineString([(x, south - 30), (x, north + 30)])
        streets.append((f"{CROSS_STREETS[i % len(CROSS_STREETS)]} St", to_degrees(line)))
    for j, y in enumerate(np.linspace(north, south, rows + 1)[1:-1], start=1):
        line = LineString([(west - 30, y), (east + 30, y)])
        streets.append((f"{_ordinal(j)} Ave", to_degrees(line)))
    return streets


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _seed_pairs(password_hash: str) -> list[Team]:
    """Twelve trained volunteers in six pairs, staged near their blocks."""
    volunteers = [
        create_user(email=f"volunteer{i}@example.org", role="volunteer", name=name,
                    password_hash=password_hash, trained_on=date.today() - timedelta(days=30 + i),
                    languages=["en", "es"] if i % 4 == 0 else ["en", "vi"] if i % 4 == 3 else ["en"],
                    staff_contact=f"504-555-01{i:02d}")  # 555-01xx: numbers reserved for fiction
        for i, name in enumerate(VOLUNTEERS, start=1)
    ]
    teams = []
    for number, name in enumerate(PAIR_NAMES):
        hood_name, _, (west, south, east, north) = NEIGHBORHOODS[number % len(NEIGHBORHOODS)]
        side = number // len(NEIGHBORHOODS)
        team = Team(name=name, staging_lon=west + STAGING_SHARE[side] * (east - west),
                    staging_lat=south + 0.1 * (north - south),
                    staging_label=f"{'West' if side == 0 else 'East'} staging, {hood_name.title()}")
        db.session.add(team)
        db.session.flush()
        for member in volunteers[2 * number:2 * number + 2]:
            db.session.add(TeamMember(team_id=team.id, user_id=member.id))
        teams.append(team)
    return teams


def _seed_free_volunteers(password_hash: str) -> list[User]:
    """Two trained volunteers not yet in a pair."""
    return [
        create_user(email=f"volunteer{number}@example.org", role="volunteer", name=name,
                    password_hash=password_hash, trained_on=date.today() - timedelta(days=10 + number),
                    languages=["en", "vi"] if "Pham" in name else ["en"])
        for number, name in enumerate(FREE_VOLUNTEERS, start=len(VOLUNTEERS) + 1)]


def _seed_groups(password_hash: str) -> None:
    """Three aid groups, one member each."""
    for number, (name, categories) in enumerate(GROUPS, start=1):
        find_or_create_group(name).categories = categories
        create_user(email=f"aid{number}@example.org", role="aid", name=f"{name} member",
                    password_hash=password_hash, group_name=name)


def _distance(block: Block, team: Team) -> float:
    """How far a block's centre is from a pair's staging point, in lon/lat degrees scaled for latitude."""
    return math.hypot((block.centroid_lon - team.staging_lon) * math.cos(math.radians(team.staging_lat)),
                      block.centroid_lat - team.staging_lat)


def _seed_assignments(rng, coordinator, teams, blocks, ttl_hours) -> dict[Team, list[Block]]:
    """Give each pair the free blocks of its neighborhood nearest its staging point (PAIR_BLOCKS of them)."""
    assigned = {}
    taken: set[int] = set()
    for number, team in enumerate(teams):
        code = NEIGHBORHOODS[number % len(NEIGHBORHOODS)][1]
        pool = [b for b in blocks if b.code.startswith(code) and b.id not in taken]
        mine = sorted(pool, key=lambda block: (_distance(block, team), block.id))[:PAIR_BLOCKS[number]]
        taken.update(block.id for block in mine)
        _seed_assignments_of(team, mine, coordinator, ttl_hours, [rng.randint(1, 48) for _block in mine])
        assigned[team] = mine
    return assigned


def _seed_assignments_of(team: Team, blocks: list[Block], coordinator: User, ttl_hours: int,
                         hours_ago: list[int] | None = None) -> None:
    """Assign `blocks` to `team`, each given `hours_ago` (default: an hour ago)."""
    now = utcnow()
    for block, ago in zip(blocks, hours_ago or [1] * len(blocks)):
        db.session.add(Assignment(team_id=team.id, block_id=block.id, assigned_by_id=coordinator.id,
                                  assigned_at=now - timedelta(hours=ago), expires_at=now + timedelta(hours=ttl_hours)))
        block.status = "assigned"


def _seed_visits(rng, assigned: dict[Team, list[Block]]) -> None:
    """About 200 visits over the past week, some with needs."""
    now = utcnow()
    for team, blocks in assigned.items():
        member_id = team.members[0].id if team.members else None
        for number in range(34):
            block = rng.choice(blocks)
            outcome = rng.choice(OUTCOMES)
            contact = outcome == "contact"
            visit = Visit(
                client_id=f"00000000-0000-4000-8000-{team.id:04d}{number:08d}",
                content_hash="demo", block_id=block.id, team_id=team.id, user_id=member_id,
                visited_at=now - timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 9)),
                outcome=outcome,
                adults=rng.randint(1, 3) if contact else 0,
                children=rng.randint(0, 2) if contact else 0,
                older_adults=rng.randint(0, 1) if contact else 0,
                risks=rng.sample(RISKS, rng.randint(0, 3)) if contact else [],
                reactions=rng.sample(["coping_well", "emotional", "physical"], 1) if contact else [],
                ecpr=rng.sample(ECPR, rng.randint(1, 3)) if contact else [],
                referrals=rng.sample(REFERRALS, rng.randint(0, 1)) if contact else [],
                follow_up=contact and rng.random() < 0.2,
                notes=rng.choice(NOTES) if contact else None,
            )
            db.session.add(visit)
            block.status = "in_progress"
            if contact and rng.random() < 0.4:
                category = rng.choice(NEED_CATEGORIES)
                visit.notes = NEED_NOTES[category]
                db.session.add(Need(visit=visit, block_id=block.id, category=category,
                                    urgency=rng.choice(NEED_URGENCIES), people=rng.randint(1, 4),
                                    created_at=visit.visited_at))
                block.status = "revisit"
    db.session.flush()


def _seed_claim(ttl_hours: int) -> None:
    """The first aid group holds one open need of its categories, so its board shows "your claims"."""
    name, categories = GROUPS[0]
    group = find_or_create_group(name)
    member = db.session.scalar(select(User).where(User.aid_group_id == group.id))
    need = db.session.scalar(select(Need).where(Need.status == "open", Need.category.in_(categories))
                             .order_by(Need.created_at.desc(), Need.id).limit(1))
    if need is not None:
        needs.claim(need, group, member, ttl_hours=ttl_hours)


def _seed_care(coordinator: User, teams: list[Team], assigned: dict[Team, list[Block]]) -> None:
    """What the coordinator's home shows: an overdue pair, a debrief request and a help call (with an earlier one)."""
    now = utcnow()
    overdue, debrief, calling = teams[1], teams[4], teams[5]  # Cypress, Live Oak, Egret
    shifts.check_in(overdue.members[0], 3, at=now - timedelta(hours=4))  # both members, expected back an hour ago
    worn = debrief.members[0]
    shifts.check_in(worn, 4, at=now - timedelta(hours=6))
    shifts.check_out(worn, "shaken", True, at=now - timedelta(hours=1, minutes=30))
    shifts.check_out(debrief.members[1], "ok", False, at=now - timedelta(hours=1, minutes=30))
    earlier = Alert(client_id="00000000-0000-4000-8000-a1e000000001", kind="help", team_id=calling.id,
                    user_id=calling.members[1].id, block_id=assigned[calling][0].id,
                    sent_at=now - timedelta(days=1, hours=2), received_at=now - timedelta(days=1, hours=2))
    db.session.add(earlier)
    db.session.flush()
    alerts.acknowledge(coordinator, earlier.id)
    earlier.acknowledged_at = now - timedelta(days=1, hours=1, minutes=55)
    db.session.add(Alert(client_id="00000000-0000-4000-8000-a1e000000002", kind="help", team_id=calling.id,
                         user_id=calling.members[0].id, block_id=assigned[calling][2].id,
                         sent_at=now - timedelta(minutes=4), received_at=now - timedelta(minutes=4)))
    db.session.flush()


def _seed_gatherings(coordinator: User, teams: list[Team], assigned: dict[Team, list[Block]]) -> None:
    """A public listening circle tomorrow held by the first pair (the field login's), and yesterday's community
    meeting with its report (counts, and a need raised that the aid board shows)."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    first, second = teams[0], teams[2]
    tomorrow = now + timedelta(days=1)
    gatherings.plan(coordinator, {
        "kind": "listening_circle", "title": "Listening circle at the community centre", "public": True,
        "starts_at": tomorrow.isoformat(), "ends_at": (tomorrow + timedelta(hours=2)).isoformat(),
        "block_id": assigned[first][0].id, "language": "en",
        "facilitator_ids": [member.id for member in first.members]})
    yesterday = now - timedelta(days=1)
    meeting = gatherings.plan(coordinator, {
        "kind": "community_meeting", "title": "Neighbours meet about clean-up and rebuilding",
        "starts_at": yesterday.isoformat(), "ends_at": (yesterday + timedelta(hours=1)).isoformat(),
        "block_id": assigned[second][0].id, "language": "es",
        "facilitator_ids": [member.id for member in second.members]}).gathering
    reports.record_report({
        "client_id": "00000000-0000-4000-8000-9a7e00000001", "held": True, "attendance": 23, "under_18": 4,
        "over_64": 6, "minutes": 75, "topics": ["practical_aid", "housing_and_paperwork"],
        "referrals": {REFERRALS[0]: 3}, "needs": [{"category": "water", "urgency": "soon", "people": 12}]},
        meeting.id, second.members[0])
