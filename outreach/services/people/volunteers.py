"""Outreach volunteers of the operation being worked in: adding, editing, deactivating, and importing a roster.

A volunteer is a person with the role volunteer in the operation (a Membership). Adding someone the instance
knows from another operation (the same email) makes them a volunteer here too, their account as it is.

A roster import is all or nothing: every row is checked first, and if any row
is wrong nothing is written and each bad row is reported with its line number,
so the coordinator fixes the sheet and imports it again without duplicates.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ... import scope
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import Membership, Operation, Team, TeamMember, User
from ..areas.blocks import bump_version
from ..operation import audit, operations
from ..sms import phones
from . import accounts, sessions
from .teams import active_team_of

# Accounts made by a coordinator or from a roster have no password until one is set:
# werkzeug refuses any hash without a method, so nobody can sign in with it.
NO_PASSWORD = "!no-password-set"
LANGUAGE = re.compile(r"^[a-z][a-z-]{1,29}$")
MAX_LANGUAGES = 10
ROSTER_COLUMNS = ("name", "email", "trained_on", "languages", "staff_contact")
MAX_ROSTER_ROWS = 2000


@dataclass
class VolunteerFields:
    """What a coordinator keeps about a volunteer (staff data; never a resident's)."""

    name: str
    email: str
    trained_on: date | None = None
    languages: list[str] = field(default_factory=list)
    staff_contact: str | None = None
    sms_phone: str | None = None  # their own mobile, given with consent (DESIGN section 9)


def parse_languages(text: str | None) -> list[str]:
    """'en, es vi' -> ['en', 'es', 'vi']; Invalid for anything that is not a language word."""
    words = [w.lower() for w in re.split(r"[\s,;/]+", text or "") if w]
    bad = [w for w in words if not LANGUAGE.match(w)]
    if bad:
        raise Invalid(f"Not a language: {', '.join(bad)}.", {"languages": "letters only, e.g. en, es, vi"})
    if len(words) > MAX_LANGUAGES:
        raise Invalid(f"At most {MAX_LANGUAGES} languages.", {"languages": "too many"})
    return list(dict.fromkeys(words))


def parse_training_date(text: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD) not in the future, or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"'{text}' is not a date like 2005-09-14.", {"trained_on": "not a YYYY-MM-DD date"}) from None
    return check_training_date(value)


def check_training_date(value: date | None) -> date | None:
    """Training cannot have happened in the future."""
    if value is not None and value > date.today():
        raise Invalid("The training date is in the future.", {"trained_on": "in the future"})
    return value


def clean_contact(text: str | None) -> str | None:
    """The staff contact, trimmed; at most 200 characters."""
    text = (text or "").strip()
    if len(text) > 200:
        raise Invalid("The staff contact is at most 200 characters.", {"staff_contact": "too long"})
    return text or None


def add_volunteer(actor: User, fields: VolunteerFields, password_hash: str | None = None) -> User:
    """A new volunteer account (no password until one is set, unless given); a person the instance knows from
    another operation joins this one as a volunteer instead, their account as it is."""
    known = accounts.find_user_by_email(fields.email)
    if known is not None and known.role is None:
        return join_as_volunteer(actor, known, password_hash)
    user = accounts.create_user(
        email=fields.email, role="volunteer", name=fields.name.strip(), password_hash=password_hash or NO_PASSWORD,
        trained_on=check_training_date(fields.trained_on), languages=fields.languages,
        staff_contact=clean_contact(fields.staff_contact))
    phones.set_number(user, fields.sms_phone)
    audit.record(actor, "volunteer_added", user)
    return user


def join_as_volunteer(actor: User, person: User, password_hash: str | None = None) -> User:
    """Make a person of another operation a volunteer of this one (their password stays theirs)."""
    if password_hash:
        raise Invalid(f"{person.email} has an account already (from another operation): they keep their own "
                      "password. Leave the password empty.", {"password": "has one already"})
    operations.add_member(person, db.session.get(Operation, scope.current_id()), "volunteer")
    audit.record(actor, "volunteer_added", person, {"joined": True})
    return person


def update_volunteer(actor: User, volunteer: User, fields: VolunteerFields, password_hash: str | None = None) -> User:
    """Change a volunteer's details (and password, when given)."""
    require_volunteer(volunteer)
    email = fields.email.strip().lower()
    if not accounts.EMAIL.match(email):
        raise Invalid(f"'{email}' is not an email address.", {"email": "not an email address"})
    if not fields.name.strip():
        raise Invalid("A name is needed.", {"name": "required"})
    clash = db.session.scalar(select(User.id).where(User.email == email, User.id != volunteer.id))
    if clash:
        raise Conflict(f"An account with the email {email} exists already.", {"email": "taken"})
    volunteer.email, volunteer.name = email, fields.name.strip()[:200]
    volunteer.trained_on = check_training_date(fields.trained_on)
    volunteer.languages = fields.languages
    volunteer.staff_contact = clean_contact(fields.staff_contact)
    phones.set_number(volunteer, fields.sms_phone)
    if password_hash:
        volunteer.password_hash = password_hash
        sessions.end_all(volunteer, actor)  # a changed password ends every session and token of the old one
    audit.record(actor, "volunteer_updated", volunteer, {"password_changed": bool(password_hash)})
    bump_version()  # names appear on the map
    return volunteer


def require_volunteer(user: User) -> None:
    """These pages manage outreach volunteers only."""
    if user.role != "volunteer":
        raise Invalid(f"{user.name} is not an outreach volunteer.", {"role": "not a volunteer"})


def set_active(actor: User, volunteer: User, active: bool) -> User:
    """Deactivate (or reactivate) a volunteer; someone in an active pair must be unpaired first."""
    require_volunteer(volunteer)
    if not active:
        team = active_team_of(volunteer)
        if team is not None:
            raise Conflict(f"{volunteer.name} walks in pair {team.name}: dissolve the pair first, "
                           "so nobody is left to go out alone.", {"team_id": team.id}, code="in_a_pair")
    volunteer.active = active
    if not active:
        sessions.end_all(volunteer, actor)
    audit.record(actor, "volunteer_reactivated" if active else "volunteer_deactivated", volunteer)
    return volunteer


@dataclass
class RosterReport:
    """The outcome of a roster import: rows added, or the errors of each bad row (nothing added)."""

    added: list[User] = field(default_factory=list)
    errors: dict[int, dict[str, str]] = field(default_factory=dict)


def import_roster(actor: User, text: str) -> RosterReport:
    """Add every volunteer of a CSV roster, or none when any row is wrong."""
    rows = read_roster(text)
    report = RosterReport()
    here = set(db.session.scalars(of_this_operation().with_only_columns(func.lower(User.email))))
    seen: dict[str, int] = {}
    parsed = []
    for line, row in rows:
        fields, errors = check_row(row)
        email = fields.email if fields else (row.get("email") or "").strip().lower()
        if email in here:
            errors["email"] = "an account with this email exists already"
        elif email in seen:
            errors["email"] = f"the same email as line {seen[email]}"
        seen.setdefault(email, line)
        if errors:
            report.errors[line] = errors
        else:
            parsed.append(fields)
    if report.errors:
        return report
    report.added = [add_volunteer(actor, fields) for fields in parsed]
    audit.record(actor, "roster_imported", detail={"added": len(report.added)})
    return report


def read_roster(text: str) -> list[tuple[int, dict]]:
    """(line number, row) pairs of a CSV with a header naming our columns."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header or "email" not in header:
        raise Invalid(f"The first line must name the columns; name and email are needed "
                      f"(all: {', '.join(ROSTER_COLUMNS)}).", {"file": "missing header"})
    unknown = [h for h in header if h not in ROSTER_COLUMNS]
    if unknown:
        raise Invalid(f"Unknown column(s): {', '.join(unknown)}. Known: {', '.join(ROSTER_COLUMNS)}.",
                      {"file": "unknown columns"})
    reader.fieldnames = header
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank lines at the end of a sheet
        rows.append((reader.line_num, row))
        if len(rows) > MAX_ROSTER_ROWS:
            raise Invalid(f"At most {MAX_ROSTER_ROWS} volunteers per file.", {"file": "too many rows"})
    if not rows:
        raise Invalid("The file has no volunteers under its header.", {"file": "empty"})
    return rows


def check_row(row: dict) -> tuple[VolunteerFields | None, dict[str, str]]:
    """One roster row as fields, or the message of each bad cell."""
    errors = {}
    if None in row:
        errors["row"] = "more cells than columns"
    values = {key: (row.get(key) or "").strip() for key in ROSTER_COLUMNS}
    if not values["name"]:
        errors["name"] = "required"
    elif len(values["name"]) > 200:
        errors["name"] = "at most 200 characters"
    email = values["email"].lower()
    if not accounts.EMAIL.match(email):
        errors["email"] = "not an email address"
    parsed = {}
    for key, parse in (("trained_on", parse_training_date), ("languages", parse_languages),
                       ("staff_contact", clean_contact)):
        try:
            parsed[key] = parse(values[key])
        except Invalid as error:
            errors[key] = error.message
    if errors:
        return None, errors
    return VolunteerFields(name=values["name"], email=email, **parsed), errors


def of_this_operation():
    """A select of the people who are volunteers of the operation being worked in."""
    return select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.operation_id == scope.current_id(), Membership.role == "volunteer")


def free_volunteers() -> list[User]:
    """Active trained volunteers of the operation in none of its active pairs, by name."""
    paired = select(TeamMember.user_id).join(Team).where(Team.active.is_(True), Team.operation_id == scope.current_id())
    return db.session.scalars(
        of_this_operation().where(User.active.is_(True), User.trained_on.is_not(None), User.id.not_in(paired))
        .order_by(User.name, User.id)).all()


def list_volunteers(include_inactive: bool = True) -> list[User]:
    """The operation's volunteers by name."""
    query = of_this_operation().order_by(User.active.desc(), User.name, User.id)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return db.session.scalars(query).all()
