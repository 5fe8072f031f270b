"""eCPR practice keeps the pairs ready: who practised when, and who is due for practice.

A volunteer's `last_practised_on` is the latest day they practised at an
`ecpr_practice` gathering (its report names them), in any operation: practice is a
person's skill, not an operation's. A member trained over PRACTICE_TRAINED_DAYS ago
who has not practised in the last PRACTICE_DUE_DAYS is due: forming a pair with them
warns, and the coordinator's people page lists them.
"""
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import scope
from ...extensions import db
from ...models import Gathering, Membership, Practice, User

# "Trained over a year ago and has not practised in 90 days" (issue 27, item 3).
PRACTICE_TRAINED_DAYS = 365
PRACTICE_DUE_DAYS = 90


def record(gathering: Gathering, user_ids: list[int], day: date) -> None:
    """The volunteers who practised at `gathering` did so on `day`."""
    db.session.add_all(Practice(gathering_id=gathering.id, user_id=user_id, practised_on=day) for user_id in user_ids)


def volunteer_problems(user_ids: list[int]) -> str | None:
    """Why these ids are not all volunteers of the operation (None when they are)."""
    found = set(db.session.scalars(select(Membership.user_id).where(
        Membership.operation_id == scope.current_id(), Membership.role == "volunteer",
        Membership.user_id.in_(user_ids))))
    strangers = [str(user_id) for user_id in user_ids if user_id not in found]
    if strangers:
        return _("not volunteers of this operation: %(ids)s", ids=", ".join(strangers))
    return None


def last_practised(user_ids) -> dict[int, date]:
    """Each person's latest practice day, for those who ever practised (one query)."""
    ids = list(user_ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(Practice.user_id, func.max(Practice.practised_on))
                                   .where(Practice.user_id.in_(ids)).group_by(Practice.user_id)).all())


def is_due(user: User, last: date | None, today: date | None = None) -> bool:
    """Trained over a year ago and not practised in the last 90 days."""
    today = today or date.today()
    if user.trained_on is None or user.trained_on >= today - timedelta(days=PRACTICE_TRAINED_DAYS):
        return False
    return last is None or last < today - timedelta(days=PRACTICE_DUE_DAYS)


def practice_warnings(members: list[User], today: date | None = None) -> list[str]:
    """A warning for each member due for practice (forming a pair warns, never refuses)."""
    last = last_practised(member.id for member in members)
    warnings = []
    for member in members:
        if not is_due(member, last.get(member.id), today):
            continue
        if member.id in last:
            warnings.append(_("%(name)s was trained over a year ago and last practised eCPR on %(day)s, "
                              "more than %(days)d days ago.", name=member.name, day=last[member.id].isoformat(),
                              days=PRACTICE_DUE_DAYS))
        else:
            warnings.append(_("%(name)s was trained over a year ago and has not practised eCPR since.",
                              name=member.name))
    return warnings


def due_for_practice(volunteers: list[User], today: date | None = None) -> list[tuple[User, date | None]]:
    """The active volunteers among `volunteers` who are due for practice, with their last practice day."""
    last = last_practised(volunteer.id for volunteer in volunteers)
    return [(volunteer, last.get(volunteer.id)) for volunteer in volunteers
            if volunteer.active and is_due(volunteer, last.get(volunteer.id), today)]
