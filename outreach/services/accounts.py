"""Accounts: coordinators, volunteers and aid members."""
import re
from datetime import date

from sqlalchemy import select

from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import AidGroup, User
from ..vocab import ROLES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# The handful that people pick first; a longer list belongs with the security work.
COMMON_PASSWORDS = {"password12", "password123", "1234567890", "qwertyuiop", "iloveyou12",
                    "letmein123", "welcome123", "outreach12", "neworleans"}


def check_password_policy(password: str) -> None:
    """At least 10 characters and not a commonly used password."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"A password needs at least {MIN_PASSWORD} characters.", {"password": "too short"})
    if password.lower() in COMMON_PASSWORDS:
        raise Invalid("That password is too common; pick another.", {"password": "too common"})


def find_or_create_group(name: str) -> AidGroup:
    """The aid group of this name, created when new."""
    group = db.session.scalar(select(AidGroup).where(AidGroup.name == name))
    if group is None:
        group = AidGroup(name=name, categories=[])
        db.session.add(group)
        db.session.flush()
    return group


def create_user(*, email: str, role: str, name: str, password_hash: str,
                trained_on: date | None = None, group_name: str | None = None,
                languages: list | None = None, staff_contact: str | None = None) -> User:
    """A new account; emails are unique and stored lower-case."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise Invalid(f"'{email}' is not an email address.", {"email": "not an email address"})
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}.", {"role": "unknown role"})
    if not name.strip():
        raise Invalid("A name is needed.", {"name": "required"})
    if group_name and role != "aid":
        raise Invalid("Only aid members belong to an aid group.", {"group": "only for role aid"})
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(f"An account with the email {email} exists already.", {"email": "taken"})
    user = User(email=email, role=role, name=name.strip(), password_hash=password_hash,
                trained_on=trained_on, languages=languages or [], staff_contact=staff_contact,
                aid_group=find_or_create_group(group_name) if group_name else None)
    db.session.add(user)
    db.session.flush()
    return user
