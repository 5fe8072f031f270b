"""Accounts: coordinators, volunteers and aid members; password policy, hashing and checking."""
import functools
import gzip
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ... import scope
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import AidGroup, Membership, User, remember_roles
from ...vocab import ROLES
from ..operation import audit

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# Django's list of 19,640 common leaked passwords (see outreach/data/README.md).
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt.gz"


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


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's default, memory-hard)."""
    return generate_password_hash(password, method="scrypt")


def new_password_hash(password: str, *, email: str, name: str) -> str:
    """The hash of a new password after the whole policy check: the one way any path sets a password."""
    check_password_policy(password, email=email, name=name)
    return hash_password(password)


@functools.cache
def dummy_hash() -> str:
    """A hash to check against when no account matches, made once per process."""
    return hash_password("no account has this password")


def find_user(user_id: int) -> User | None:
    """The account of this id, or None."""
    return db.session.get(User, user_id)


def list_users(role: str | None = None) -> list[User]:
    """The operation's people by id, of one role when given."""
    query = (select(User).join(Membership, Membership.user_id == User.id)
             .where(Membership.operation_id == scope.current_id()).order_by(User.id))
    if role:
        query = query.where(Membership.role == role)
    found = db.session.scalars(query).all()
    remember_roles((user.id for user in found), scope.current_id())
    return found


def find_user_by_email(email: str) -> User | None:
    """The account with this email, compared case-insensitively."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str, secret: str) -> User | None:
    """The active user with these credentials, or None (audited with the email keyed by `secret`).

    An unknown email costs the same scrypt as a known one.
    """
    user = find_user_by_email(email)
    stored = user.password_hash if user is not None and "$" in user.password_hash else None  # "$": a real hash
    # Always run one scrypt check, so the answer's timing does not tell which emails have accounts.
    matches = check_password_hash(stored or dummy_hash(), password) and stored is not None
    if matches and user.active:
        return user
    audit.record_failed_sign_in(email, secret)
    return None


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
    """A new account, with `role` in the operation being worked in; emails are unique and stored lower-case."""
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
    user = User(email=email, name=name.strip(), password_hash=password_hash,
                trained_on=trained_on, languages=languages or [], staff_contact=staff_contact,
                aid_group=find_or_create_group(group_name) if group_name else None)
    db.session.add(user)
    db.session.flush()
    db.session.add(Membership(user_id=user.id, operation_id=scope.current_id(), role=role))
    db.session.flush()
    scope.forget_roles()
    return user
