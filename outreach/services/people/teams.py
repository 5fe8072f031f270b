"""Pairs: who walks with whom. Nobody goes out alone, and both have eCPR training."""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from msgspec import Meta, Struct
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ... import scope
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...models import Team, TeamMember, User, remember_roles
from ...parsers import Id, one_line
from ..areas.blocks import bump_version
from ..operation import audit

PAIR_SIZE = 2
MAX_NAME = 100


def latest_pair(user_id, operation_id) -> Select:
    """The (id, active) of the pair a user's work is credited to in an operation: the active one, else the
    latest (disbanded while visits waited on the phone). Core, at most one row; ids as values or columns."""
    team, member = Team.__table__, TeamMember.__table__
    return (select(team.c.id, team.c.active).join(member, member.c.team_id == team.c.id)
            .where(member.c.user_id == user_id, team.c.operation_id == operation_id)
            .order_by(team.c.active.desc(), team.c.id.desc()).limit(1))


def active_team_of(user: User) -> Team | None:
    """The active pair `user` walks in in this operation, if any (a volunteer is in at most one per operation)."""
    return db.session.scalar(
        select(Team).join(TeamMember).where(TeamMember.user_id == user.id, Team.active.is_(True),
                                            Team.operation_id == scope.current_id()))


class Staging(Struct, forbid_unknown_fields=True):
    """Where a pair starts and returns: a point, and a label people recognise."""

    lat: Annotated[float, Meta(ge=-90, le=90)]
    lon: Annotated[float, Meta(ge=-180, le=180)]
    label: one_line(None, description="kept to its first 200 characters") | None = None


class TeamIn(Struct, forbid_unknown_fields=True):
    """A pair as a coordinator forms it from the API (DESIGN.md section 5)."""

    name: one_line(MAX_NAME, min_length=1)
    member_ids: Annotated[list[Id], Meta(description="two trained volunteers: a pair")]
    staging: Staging | None = None


def member_problems(member: User) -> list[str]:
    """Why `member` cannot walk in a pair now (empty when they can)."""
    problems = []
    if member.role != "volunteer":
        problems.append(f"{member.name} is not an outreach volunteer of this operation.")
    if not member.active:
        problems.append(f"{member.name} is deactivated.")
    if member.trained_on is None:
        problems.append(f"{member.name} has no eCPR training on record.")
    return problems


def training_warnings(members: list[User], valid_days: int, today: date | None = None) -> list[str]:
    """Members whose eCPR training is older than `valid_days`: a warning, not a refusal."""
    cutoff = (today or date.today()) - timedelta(days=valid_days)
    return [f"{m.name}'s eCPR training ({m.trained_on.isoformat()}) is older than {valid_days} days."
            for m in members if m.trained_on is not None and m.trained_on < cutoff]


def pair_problems(team: Team) -> list[str]:
    """Why `team` is not a valid pair to send out (empty when it is)."""
    if not team.active:
        return [f"Pair {team.name} is dissolved."]
    if len(team.members) != PAIR_SIZE:
        return [f"Pair {team.name} has {len(team.members)} members, not two."]
    return [problem for member in team.members for problem in member_problems(member)]


def require_valid_pair(team: Team) -> None:
    """Raise Invalid (422) unless `team` is an active pair of two trained, active volunteers."""
    problems = pair_problems(team)
    if problems:
        raise Invalid(" ".join(problems), {"team_id": "not a valid pair"}, code="not_a_pair")


@dataclass(frozen=True)
class PairRef:
    """A pair's id and name, without loading the pair."""

    id: int
    name: str


def get_team(team_id: int) -> Team:
    """The pair with this id, or NotFound."""
    team = find_team(team_id)
    if team is None:
        raise NotFound(f"There is no pair {team_id}.", {"team_id": "unknown"})
    return team


def create_team(actor: User, *, name: str, member_ids: list[int], staging: Staging | None) -> Team:
    """Form a pair of two trained active volunteers of the operation who are not in another of its active pairs;
    a closed operation forms no new pairs."""
    scope.refuse_if_closed()
    name = (name or "").strip()
    if not name:
        raise Invalid("A pair needs a name.", {"name": "required"})
    if len(name) > MAX_NAME:
        raise Invalid("A pair's name is at most 100 characters.", {"name": "too long"})
    members = _load_members(member_ids)
    problems = [problem for member in members for problem in member_problems(member)]
    if problems:
        raise Invalid(" ".join(problems), {"member_ids": "not trained active volunteers"}, code="not_a_pair")
    busy = [m for m in members if active_team_of(m) is not None]
    if busy:
        names = ", ".join(m.name for m in busy)
        raise Conflict(f"{names} already walk(s) in another active pair.", {"member_ids": "already paired"},
                       code="already_paired")
    team = Team(name=name)
    set_staging(team, staging)
    db.session.add(team)
    db.session.flush()
    for member in members:
        db.session.add(TeamMember(team_id=team.id, user_id=member.id))
    db.session.flush()
    db.session.refresh(team)
    audit.record(actor, "pair_formed", team, {"member_ids": [m.id for m in members], "name": name})
    bump_version()
    return team


def _load_members(member_ids) -> list[User]:
    """Exactly two distinct people of the operation, in the given order (anyone else is not found)."""
    if (not isinstance(member_ids, list) or len(member_ids) != PAIR_SIZE
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in member_ids)):
        raise Invalid("A pair is exactly two volunteers: give two member ids.", {"member_ids": "need two ids"},
                      code="not_a_pair")
    if member_ids[0] == member_ids[1]:
        raise Invalid("A pair is two different people.", {"member_ids": "the same person twice"},
                      code="not_a_pair")
    members = [db.session.get(User, i) for i in member_ids]
    missing = [i for i, m in zip(member_ids, members) if m is None or m.role is None]
    if missing:
        raise Invalid(f"No volunteer with id {', '.join(map(str, missing))}.", {"member_ids": "unknown"},
                      code="not_a_pair")
    return members


def set_staging(team: Team, staging: Staging | None) -> None:
    """Set (or clear) the pair's staging point, checking it is a real coordinate."""
    if staging is None:
        team.staging_lat = team.staging_lon = team.staging_label = None
        return
    if not (-90 <= staging.lat <= 90 and -180 <= staging.lon <= 180):
        raise Invalid("The staging point is not a coordinate on Earth.", {"staging": "out of range"})
    team.staging_lat, team.staging_lon = staging.lat, staging.lon
    team.staging_label = (staging.label or "").strip()[:200] or None


def update_team(actor: User, team: Team, *, name: str, staging: Staging | None) -> Team:
    """Rename a pair or move its staging point."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise Invalid("A pair's name is 1 to 100 characters.", {"name": "required"})
    team.name = name
    set_staging(team, staging)
    audit.record(actor, "pair_updated", team, {"name": name})
    bump_version()
    return team


def mark_dissolved(actor: User, team: Team) -> Team:
    """Mark a pair dissolved (assignment.dissolve_pair releases its blocks first)."""
    if not team.active:
        raise Conflict(f"Pair {team.name} is already dissolved.", {"team_id": "dissolved"})
    team.active = False
    audit.record(actor, "pair_dissolved", team)
    bump_version()
    return team


def find_team(team_id: int) -> Team | None:
    """The pair of this id in the operation being worked in, or None (another operation's pair is not found)."""
    team = db.session.get(Team, team_id)
    return team if team is not None and team.operation_id == scope.current_id() else None


def _active():
    """The condition of the operation's active pairs."""
    return Team.active.is_(True), Team.operation_id == scope.current_id()


def active_team_names() -> list[tuple[int, str]]:
    """Every active pair's id and name, by name."""
    return db.session.execute(select(Team.id, Team.name).where(*_active()).order_by(Team.name)).all()


def active_teams_by_name() -> list[Team]:
    """Active pairs by name, without their members."""
    return db.session.scalars(select(Team).where(*_active()).order_by(Team.name)).all()


def active_pair_of_users() -> dict[int, PairRef]:
    """Map each user in an active pair to that pair's id and name."""
    rows = db.session.execute(select(TeamMember.user_id, Team.id, Team.name).join(Team)
                              .where(*_active())).all()
    return {user_id: PairRef(team_id, name) for user_id, team_id, name in rows}


def list_active_teams() -> list[Team]:
    """Active pairs by name, their members and the members' roles read in one query each."""
    found = db.session.scalars(select(Team).options(selectinload(Team.members))
                               .where(*_active()).order_by(Team.name, Team.id)).all()
    remember_roles((member.id for team in found for member in team.members), scope.current_id())
    return found


def team_json(team: Team, valid_days: int, block_count: int = 0) -> dict:
    """A pair as the API shows it (DESIGN.md section 5), with its warnings."""
    staging = None
    if team.staging_lat is not None:
        staging = {"lat": team.staging_lat, "lon": team.staging_lon, "label": team.staging_label}
    return {
        "id": team.id, "name": team.name, "active": team.active,
        "member_ids": [m.id for m in team.members],
        "members": [{"id": m.id, "name": m.name} for m in team.members],
        "staging": staging, "blocks": block_count,
        "problems": pair_problems(team),
        "warnings": training_warnings(team.members, valid_days),
    }
