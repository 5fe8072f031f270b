"""Pairs: who walks with whom."""
from sqlalchemy import select

from ..extensions import db
from ..models import Team, TeamMember, User


def active_team_of(user: User) -> Team | None:
    """The active pair `user` belongs to, if any (a volunteer is in at most one)."""
    return db.session.scalar(
        select(Team).join(TeamMember).where(TeamMember.user_id == user.id, Team.active.is_(True))
    )
