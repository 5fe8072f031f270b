"""Accounts: coordinators, volunteers and aid members."""
import functools
import gzip
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import AidGroup, User
from ..vocab import ROLES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# Django's list of 19,640 common leaked passwords (see outreach/data/README.md).
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"


@functools.cache
def common_passwords() -> frozenset:
    """The common-password list, read once per process."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def check_password_policy(password: str, *, email: str = "", name: str = "") -> None:
    """At least 10 characters, not a commonly used password, not the account's own email or name."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"A password needs at least {MIN_PASSWORD} characters.", {"password": "too short"})
    folded = password.strip().lower()
    if folded in common_passwords() or len(set(folded)) < 3:
        raise Invalid("That password is too common; pick another.", {"password": "too common"})
    personal = {email.strip().lower(), email.strip().lower().split("@")[0], name.strip().lower()} - {""}
    if folded in personal:
        raise Invalid("A password must not be your email or name.", {"password": "too personal"})


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
