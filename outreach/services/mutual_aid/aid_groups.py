"""Mutual-aid groups and their members (role `aid`).

Groups are shared by every operation (DESIGN section 7); what an operation shows
of a group is its own part: the members who are members of the operation, and
the operation's needs the group holds.
"""
from sqlalchemy import func, select

from ... import scope
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import AidGroup, Membership, Need, User
from ...vocab import NEED_CATEGORIES
from ..operation import audit
from ..people import accounts


def _checked(name: str, categories: list[str], contact: str | None) -> dict:
    """The group's fields, trimmed, or Invalid naming what is wrong."""
    name = (name or "").strip()
    if not name:
        raise Invalid("A group needs a name.", {"name": "required"})
    unknown = sorted(set(categories) - set(NEED_CATEGORIES))
    if unknown:
        raise Invalid(f"Unknown categories: {', '.join(unknown)}.", {"categories": "unknown"})
    ordered = [c for c in NEED_CATEGORIES if c in categories]
    return {"name": name[:200], "categories": ordered, "contact": (contact or "").strip()[:200] or None}


def _check_name_free(name: str, group_id: int | None = None) -> None:
    """Group names are unique (members sign up by naming their group)."""
    taken = db.session.scalar(select(AidGroup.id).where(AidGroup.name == name))
    if taken is not None and taken != group_id:
        raise Conflict(f"A group called {name} exists already.", {"name": "taken"})


def create_group(actor, *, name: str, categories: list[str], contact: str | None) -> AidGroup:
    """Register a group: its name, the categories it serves and how staff reach it."""
    fields = _checked(name, categories, contact)
    _check_name_free(fields["name"])
    group = AidGroup(**fields)
    db.session.add(group)
    db.session.flush()
    audit.record(actor, "aid_group_created", group, {"name": group.name})
    return group


def update_group(actor, *, group: AidGroup, name: str, categories: list[str], contact: str | None) -> AidGroup:
    """Change a group's name, categories or contact."""
    fields = _checked(name, categories, contact)
    _check_name_free(fields["name"], group.id)
    for key, value in fields.items():
        setattr(group, key, value)
    audit.record(actor, "aid_group_updated", group, {"name": group.name})
    return group


def add_member(actor, group: AidGroup, *, email: str, name: str, password_hash: str) -> User:
    """A new aid account in `group`."""
    member = accounts.create_user(email=email, role="aid", name=name, password_hash=password_hash,
                                  group_name=group.name)
    audit.record(actor, "aid_member_added", member, {"group_id": group.id})
    return member


def find_group(group_id: int) -> AidGroup | None:
    """The aid group of this id, or None."""
    return db.session.get(AidGroup, group_id)


def _in_operation():
    """Accounts that are members of the operation being worked in."""
    return select(Membership.user_id).where(Membership.operation_id == scope.current_id())


def group_members(group: AidGroup) -> list[User]:
    """The group's accounts in the operation being worked in, by name."""
    return db.session.scalars(select(User).where(User.aid_group_id == group.id, User.id.in_(_in_operation()))
                              .order_by(User.name)).all()


def groups_overview() -> list[tuple[AidGroup, int, int]]:
    """Every group with its members in this operation and the needs of it the group holds now, in three queries."""
    members = dict(db.session.execute(
        select(User.aid_group_id, func.count()).where(User.aid_group_id.is_not(None), User.id.in_(_in_operation()))
        .group_by(User.aid_group_id)).all())
    claims = dict(db.session.execute(
        select(Need.claimed_by_group_id, func.count())
        .where(Need.operation_id == scope.current_id(), Need.status == "claimed")
        .group_by(Need.claimed_by_group_id)).all())
    groups = db.session.scalars(select(AidGroup).order_by(AidGroup.name)).all()
    return [(group, members.get(group.id, 0), claims.get(group.id, 0)) for group in groups]
