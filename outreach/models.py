"""The domain: operations, areas, people, pairs, assignments, shifts, visits, needs.

Privacy by construction (DESIGN.md section 2): there is no column for a
resident's name, phone, address, birth date or position. A visit belongs to a
block; free text is scrubbed before it reaches these models.
"""
from datetime import UTC, date, datetime

import msgspec
from flask import g
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, select, types
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import scope
from .extensions import db


def utcnow() -> datetime:
    """Now, in UTC, as an aware datetime (a callable default, never computed at import)."""
    return datetime.now(UTC)


def in_utc(moment: datetime) -> datetime:
    """An aware time in UTC; one already in UTC as it is (converting it would cost a microsecond)."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


# datetime.isoformat costs about 10,000 instructions and datetime.replace as much; a visit needs three
# such times. msgspec writes the same text in 1,300 (pinned in requirements.txt; tests/test_prepared.py
# holds every form to isoformat's and SQLAlchemy's).
def _utc_text(moment: datetime) -> str:
    """The moment in UTC as msgspec writes it, without its quotes and its "Z": "2026-12-01T18:00:00.500000"."""
    return msgspec.json.encode(in_utc(moment))[1:-2].decode()


def utc_isoformat(moment: datetime) -> str:
    """in_utc(moment).isoformat(): msgspec's text, with the "+00:00" isoformat writes for "Z"."""
    return _utc_text(moment) + "+00:00"


def sqlite_text(moment: datetime) -> str:
    """An aware time as SQLite's DATETIME writes it, naive UTC: "2026-12-01 18:00:00.000000"."""
    text = _utc_text(moment).replace("T", " ", 1)
    return text if moment.microsecond else text + ".000000"


def bound_time(value: datetime | None, sqlite: bool) -> str | datetime | None:
    """A UTCDateTime value as bound: on SQLite its DATETIME text (sqlite_text, without the naive copy DATETIME's
    own text would need), elsewhere naive UTC; None stays NULL, and a naive time is refused."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime")
    return sqlite_text(value) if sqlite else in_utc(value).replace(tzinfo=None)


def sqlite_texts(moments) -> list:
    """bound_time on SQLite of each of `moments`; when all are in UTC, written by one msgspec call (a batch's
    times: about 6,000 instructions a time less than one call each)."""
    if not moments or any(moment is None or moment.tzinfo is not UTC for moment in moments):  # NULL, naive, a zone
        return [bound_time(moment, True) for moment in moments]
    # '["2026-12-01T18:00:00.500000Z", ...]': msgspec writes each as isoformat would, but for its "Z"; no other "T"
    texts = msgspec.json.encode(moments).decode()[2:-3].replace("T", " ").split('Z","')
    return [text if len(text) > 19 else text + ".000000" for text in texts]  # 19: no fraction of a second


class SQLiteDateTimeText(sqlite.DATETIME):
    """SQLite's DATETIME, its values already written as its text (by UTCDateTime), read back as it reads them."""

    def bind_processor(self, dialect):
        return None


class UTCDateTime(types.TypeDecorator):
    """Stores naive UTC, returns aware UTC, so SQLite and PostgreSQL agree."""

    impl = types.DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return SQLiteDateTimeText() if dialect.name == "sqlite" else self.impl_instance

    def column_bind_processor(self, dialect):
        """A column of many rows' values as bound (database.Prepared): on SQLite, sqlite_texts."""
        return sqlite_texts if dialect.name == "sqlite" else None

    def process_bind_param(self, value, dialect):
        return bound_time(value, dialect.name == "sqlite")

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def operation_column() -> Mapped[int]:
    """The operation a row belongs to (DESIGN section 7): every query of its table says which.

    A new row is made in the operation being worked in unless it names one; reading is never implicit:
    each service query filters on scope.current_id() itself.
    """
    return mapped_column(ForeignKey("operation.id"), index=True, default=scope.current_id)


def within_operation(columns: tuple[str, ...], table: str, name: str) -> ForeignKeyConstraint:
    """A foreign key that also matches the operation: a row can never point at another operation's row."""
    return ForeignKeyConstraint(("operation_id", *columns), (f"{table}.operation_id", f"{table}.id"), name=name)


class Operation(db.Model):
    """One response (a storm, a heat wave, a drill): its own areas, pairs, visits and needs, sealed from others."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="active")
    exercise: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Work made on phones before this moment is still taken when it syncs late; later work is refused.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Membership(db.Model):
    """A person's role in one operation: the same person may coordinate one and walk in another."""

    __table_args__ = (Index("ix_membership_operation_role", "operation_id", "role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operation.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Neighborhood(db.Model):
    """A named area from the city's open data; the parent of blocks."""

    __table_args__ = (UniqueConstraint("operation_id", "id", name="uq_neighborhood_operation_id"),
                      UniqueConstraint("operation_id", "name", name="uq_neighborhood_operation_name"),
                      UniqueConstraint("operation_id", "code", name="uq_neighborhood_operation_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(12))
    geometry: Mapped[dict] = mapped_column(JSON)
    min_lon: Mapped[float]
    min_lat: Mapped[float]
    max_lon: Mapped[float]
    max_lat: Mapped[float]
    priority: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    blocks: Mapped[list["Block"]] = relationship(back_populates="neighborhood", order_by="Block.id",
                                                 foreign_keys="Block.neighborhood_id")


class Block(db.Model):
    """A walkable block: the unit of assignment and the only location a visit has."""

    __table_args__ = (UniqueConstraint("operation_id", "id", name="uq_block_operation_id"),
                      UniqueConstraint("operation_id", "code", name="uq_block_operation_code"),
                      within_operation(("neighborhood_id",), "neighborhood", "fk_block_neighborhood_operation"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    neighborhood_id: Mapped[int] = mapped_column(index=True)
    code: Mapped[str] = mapped_column(String(24))
    name: Mapped[str | None] = mapped_column(String(200))
    geometry: Mapped[dict] = mapped_column(JSON)
    centroid_lon: Mapped[float]
    centroid_lat: Mapped[float]
    min_lon: Mapped[float]
    min_lat: Mapped[float]
    max_lon: Mapped[float]
    max_lat: Mapped[float]
    priority: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[str] = mapped_column(String(16), default="unassigned", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    neighborhood: Mapped[Neighborhood] = relationship(back_populates="blocks", foreign_keys=[neighborhood_id])
    # The warnings standing on the block, newest first (services/safety/hazards.py adds and clears them).
    open_hazards: Mapped[list["Hazard"]] = relationship(
        primaryjoin="and_(Hazard.block_id == Block.id, Hazard.cleared_at.is_(None))",
        order_by="(Hazard.reported_at.desc(), Hazard.id.desc())", viewonly=True)


class Place(db.Model):
    """A named point (shelter, church, community center) for the gazetteer."""

    # Gatherings point at a place with the operation (within_operation).
    __table_args__ = (UniqueConstraint("operation_id", "id", name="uq_place_operation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str] = mapped_column(String(200), index=True)
    lon: Mapped[float]
    lat: Mapped[float]
    properties: Mapped[dict] = mapped_column(JSON, default=dict)


class Street(db.Model):
    """A street centre line (TIGER/Line or OpenStreetMap): drawn on every map and used to cut blocks."""

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str | None] = mapped_column(String(200))
    geometry: Mapped[dict] = mapped_column(JSON)
    min_lon: Mapped[float] = mapped_column(index=True)
    min_lat: Mapped[float]
    max_lon: Mapped[float] = mapped_column(index=True)
    max_lat: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AidGroup(db.Model):
    """A mutual-aid group that claims and fulfils needs."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    categories: Mapped[list] = mapped_column(JSON, default=list)
    contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="aid_group")


class User(UserMixin, db.Model):
    """A coordinator, an outreach volunteer or a mutual-aid member (never a resident)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    trained_on: Mapped[date | None]
    languages: Mapped[list] = mapped_column(JSON, default=list)
    # How the staging area reaches this volunteer in an emergency: staff data, not a resident's.
    staff_contact: Mapped[str | None] = mapped_column(String(200))
    # The volunteer's own mobile number in E.164, given with consent, for texting when data is down
    # (DESIGN section 9); shown to coordinators only.
    sms_phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    aid_group_id: Mapped[int | None] = mapped_column(ForeignKey("aid_group.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    aid_group: Mapped[AidGroup | None] = relationship(back_populates="members")

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sessions of deactivated accounts."""
        return self.active

    @property
    def role(self) -> str | None:
        """This person's role in the operation being worked in (g.operation), None when not a member of it."""
        operation = g.get("operation")
        return None if operation is None else role_in(self.id, operation.id)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak leaks no token."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The operation the unprefixed API acts on for this token (DESIGN section 7).
    operation_id: Mapped[int] = operation_column()
    label: Mapped[str] = mapped_column(String(100), default="cli")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A phone's token belongs to the browser session that asked for it: signing out there revokes it.
    session_id: Mapped[str | None] = mapped_column(ForeignKey("login_session.id"), index=True)

    user: Mapped[User] = relationship()


class LoginSession(db.Model):
    """A signed-in browser, known to the server: ending it here signs that cookie out on every app server."""

    # A random id, kept in the signed session cookie; the cookie alone proves nothing once this row is ended.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TeamMember(db.Model):
    """Membership of a volunteer in a pair."""

    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)


class Team(db.Model):
    """A pair of trained volunteers: nobody goes out alone."""

    __table_args__ = (UniqueConstraint("operation_id", "id", name="uq_team_operation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str] = mapped_column(String(100))
    staging_lat: Mapped[float | None]
    staging_lon: Mapped[float | None]
    staging_label: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[User]] = relationship(secondary="team_member", order_by=User.id)


class Assignment(db.Model):
    """A pair's responsibility for a block, until released or expired."""

    __table_args__ = (
        # At most one active assignment per block, enforced by the database itself.
        Index(
            "uq_assignment_active_block", "block_id", unique=True,
            sqlite_where=db.text("released_at IS NULL"),
            postgresql_where=db.text("released_at IS NULL"),
        ),
        within_operation(("team_id",), "team", "fk_assignment_team_operation"),
        within_operation(("block_id",), "block", "fk_assignment_block_operation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    team_id: Mapped[int] = mapped_column(index=True)
    block_id: Mapped[int] = mapped_column(index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # released, expired or done: why the assignment ended.
    release_reason: Mapped[str | None] = mapped_column(String(16))

    team: Mapped[Team] = relationship(foreign_keys=[team_id])
    block: Mapped[Block] = relationship(foreign_keys=[block_id])


class Shift(db.Model):
    """A volunteer's time in the field, from check-in to check-out."""

    __table_args__ = (within_operation(("team_id",), "team", "fk_shift_team_operation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    team_id: Mapped[int | None] = mapped_column()
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expected_end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The pair's latest "all OK" (an `ok` alert); the check-in rhythm counts from it (services/safety/shifts.py).
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    self_care: Mapped[str | None] = mapped_column(String(16))
    debrief_requested: Mapped[bool] = mapped_column(default=False)
    debrief_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])


class Alert(db.Model):
    """A pair's safety signal: `help` (come now) or `ok` (the rhythm's "all OK"); idempotent by client_id."""

    __table_args__ = (within_operation(("team_id",), "team", "fk_alert_team_operation"),
                      within_operation(("block_id",), "block", "fk_alert_block_operation"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    # A help call from someone not (or no longer) in a pair is still taken: team_id may be empty.
    team_id: Mapped[int | None] = mapped_column(index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    block_id: Mapped[int | None] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
    block: Mapped[Block | None] = relationship(foreign_keys=[block_id])


class Message(db.Model):
    """A coordinator's word to pairs in the field ("storm cell coming, back to staging")."""

    __table_args__ = (UniqueConstraint("operation_id", "id", name="uq_message_operation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    text: Mapped[str] = mapped_column(Text)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    recipients: Mapped[list["MessageRecipient"]] = relationship(order_by="MessageRecipient.team_id",
                                                                foreign_keys="MessageRecipient.message_id")


class MessageRecipient(db.Model):
    """One pair a message was sent to, and when that pair acknowledged it."""

    # A message reaches only pairs of its own operation, whatever a service does.
    __table_args__ = (within_operation(("message_id",), "message", "fk_message_recipient_message_operation"),
                      within_operation(("team_id",), "team", "fk_message_recipient_team_operation"))

    message_id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(primary_key=True, index=True)
    operation_id: Mapped[int] = operation_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    team: Mapped[Team] = relationship(foreign_keys=[team_id])


class Visit(db.Model):
    """What happened on a block at a door: counts and categories, never who."""

    __table_args__ = (
        # The live dashboard asks for open safety concerns every few seconds: a handful among 100,000 visits.
        Index("ix_visit_open_safety", "visited_at",
              sqlite_where=db.text("safety_concern IS 1 AND safety_resolved_at IS NULL"),
              postgresql_where=db.text("safety_concern IS true AND safety_resolved_at IS NULL")),
        UniqueConstraint("operation_id", "id", name="uq_visit_operation_id"),
        within_operation(("block_id",), "block", "fk_visit_block_operation"),
        within_operation(("team_id",), "team", "fk_visit_team_operation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    # Keyed hashes (BLAKE2b; HMAC-SHA256 for visits stored before it) of the visit as stored: a replay
    # must match them to be "the same".
    # content_hash covers counts, categories, time and block; text_hash the scrubbed notes and
    # hints, and is cleared when that text is erased (services.fieldwork.visits.forget_text).
    content_hash: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str | None] = mapped_column(String(64))
    block_id: Mapped[int] = mapped_column(index=True)
    team_id: Mapped[int | None] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
    older_adults: Mapped[int] = mapped_column(default=0)
    risks: Mapped[list] = mapped_column(JSON, default=list)
    reactions: Mapped[list] = mapped_column(JSON, default=list)
    ecpr: Mapped[list] = mapped_column(JSON, default=list)
    referrals: Mapped[list] = mapped_column(JSON, default=list)
    safety_concern: Mapped[bool] = mapped_column(default=False)
    follow_up: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    # The pair helped on a block that is not theirs; coordinators see it.
    outside_assignment: Mapped[bool] = mapped_column(default=False)
    # Set when a coordinator has seen and handled the safety concern.
    safety_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    block: Mapped[Block] = relationship(foreign_keys=[block_id])
    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    needs: Mapped[list["Need"]] = relationship(back_populates="visit", order_by="Need.id",
                                               foreign_keys="Need.visit_id")


class FieldReceipt(db.Model):
    """A field action from a phone's outbox, stored once per person and client_id: a replay gets the same answer."""

    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    client_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(24))
    # HMAC-SHA256 (keyed with SECRET_KEY) of the action as received: the same client_id must carry the same.
    content_hash: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Need(db.Model):
    """A mutual-aid need met at a door, located only by its block."""

    __table_args__ = (Index("ix_need_status_category", "status", "category"),
                      within_operation(("visit_id",), "visit", "fk_need_visit_operation"),
                      within_operation(("block_id",), "block", "fk_need_block_operation"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    visit_id: Mapped[int | None] = mapped_column(index=True)
    block_id: Mapped[int] = mapped_column(index=True)
    category: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(16))
    people: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="open")
    notes: Mapped[str | None] = mapped_column(Text)
    # A consented drop-off hint; erased when the need is closed (DESIGN.md 2.5).
    hint: Mapped[str | None] = mapped_column(Text)
    claimed_by_group_id: Mapped[int | None] = mapped_column(ForeignKey("aid_group.id"), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("need.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    visit: Mapped[Visit | None] = relationship(back_populates="needs", foreign_keys=[visit_id])
    block: Mapped[Block] = relationship(foreign_keys=[block_id])
    claimed_by: Mapped[AidGroup | None] = relationship()


class Hazard(db.Model):
    """A warning a pair left on a block ("live power line down"): added, never overwritten, kept with its
    text, time and pair until a coordinator clears it; while one stands the block is unsafe."""

    __table_args__ = (
        # Status, maps and every visit's intake ask whether a block has an open warning.
        Index("ix_hazard_open_block", "block_id", sqlite_where=db.text("cleared_at IS NULL"),
              postgresql_where=db.text("cleared_at IS NULL")),
        within_operation(("block_id",), "block", "fk_hazard_block_operation"),
        within_operation(("team_id",), "team", "fk_hazard_team_operation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    block_id: Mapped[int] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text)  # scrubbed before it is stored
    team_id: Mapped[int | None] = mapped_column()
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    clear_note: Mapped[str | None] = mapped_column(Text)  # how it was cleared, scrubbed

    block: Mapped[Block] = relationship(foreign_keys=[block_id])
    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])


class ClaimReturn(db.Model):
    """A claim a group gave back unmet (released, lapsed, or called met and reopened): guards the hints."""

    __table_args__ = (Index("ix_claim_return_group_at", "group_id", "returned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("aid_group.id"))
    returned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(16))  # released, expired, or reopened (called met, was not)


class Gathering(db.Model):
    """A listening circle, community meeting, eCPR practice or debrief (DESIGN section 8): held by two or more
    facilitators at a block or a place, reported afterwards in counts, never names."""

    __table_args__ = (UniqueConstraint("operation_id", "id", name="uq_gathering_operation_id"),
                      Index("ix_gathering_operation_starts", "operation_id", "starts_at"),
                      within_operation(("block_id",), "block", "fk_gathering_block_operation"),
                      within_operation(("place_id",), "place", "fk_gathering_place_operation"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))  # scrubbed before it is stored
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Exactly one of the two: where it is held.
    block_id: Mapped[int | None] = mapped_column(index=True)
    place_id: Mapped[int | None] = mapped_column(index=True)
    language: Mapped[str | None] = mapped_column(String(30))
    public: Mapped[bool] = mapped_column(default=False)
    planned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    block: Mapped[Block | None] = relationship(foreign_keys=[block_id])
    place: Mapped[Place | None] = relationship(foreign_keys=[place_id])
    facilitators: Mapped[list["GatheringFacilitator"]] = relationship(
        order_by="GatheringFacilitator.user_id", foreign_keys="GatheringFacilitator.gathering_id",
        cascade="all, delete-orphan")
    report: Mapped["GatheringReport | None"] = relationship(foreign_keys="GatheringReport.gathering_id",
                                                            uselist=False)


class GatheringFacilitator(db.Model):
    """One facilitator of a gathering, and the shift they checked in to it with (the safety loop's)."""

    __table_args__ = (within_operation(("gathering_id",), "gathering",
                                       "fk_gathering_facilitator_gathering_operation"),)

    gathering_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    operation_id: Mapped[int] = operation_column()
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shift.id"))

    user: Mapped[User] = relationship()
    shift: Mapped[Shift | None] = relationship()


class GatheringReport(db.Model):
    """What happened at a gathering, from a facilitator's phone: counts and categories, no attendee's name.

    Idempotent by client_id like a visit: content_hash (HMAC-SHA256 of the report as sent, less its text) and
    text_hash (of its text) judge a replay; the text and its hash are erased together by the retention purge.
    """

    __table_args__ = (within_operation(("gathering_id",), "gathering", "fk_gathering_report_gathering_operation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    gathering_id: Mapped[int] = mapped_column(unique=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str | None] = mapped_column(String(64))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    held: Mapped[bool]
    attendance: Mapped[int] = mapped_column(default=0)  # estimated
    under_18: Mapped[int | None]
    over_64: Mapped[int | None]
    minutes: Mapped[int | None]
    topics: Mapped[list] = mapped_column(JSON, default=list)
    referrals: Mapped[dict] = mapped_column(JSON, default=dict)  # referral slug -> how many were given
    need_ids: Mapped[list] = mapped_column(JSON, default=list)  # the block-level needs it raised
    practised_user_ids: Mapped[list] = mapped_column(JSON, default=list)
    would_do_differently: Mapped[str | None] = mapped_column(Text)  # scrubbed


class Practice(db.Model):
    """A volunteer practised eCPR at a practice gathering on that day (their last_practised_on is the latest)."""

    __table_args__ = (within_operation(("gathering_id",), "gathering", "fk_practice_gathering_operation"),
                      Index("ix_practice_user_day", "user_id", "practised_on"))

    gathering_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    operation_id: Mapped[int] = operation_column()
    practised_on: Mapped[date]


class AuditEvent(db.Model):
    """Who did what and when: sign-ins, assignments, need transitions, exports, purges."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The operation it happened in; empty for what is shared (accounts, aid groups, sign-ins).
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operation.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()


class DataVersion(db.Model):
    """A counter every app server can read: cached maps are keyed by it."""

    __table_args__ = (UniqueConstraint("operation_id", "name", name="uq_data_version_operation_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=0)


class MapShapes(db.Model):
    """The coordinator map's shapes at one areas version, gzipped: built once, read by every app server."""

    __table_args__ = (UniqueConstraint("operation_id", "neighborhood_id", "version",
                                       name="uq_map_shapes_operation_neighborhood_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    # The map's neighborhood filter; 0 is the whole operation (a key, not a reference: 0 names no row).
    neighborhood_id: Mapped[int]
    version: Mapped[int]  # the operation's areas version (DataVersion "areas") they were built at
    data: Mapped[bytes] = mapped_column(types.LargeBinary)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublicSnapshot(db.Model):
    """What a public page shows for one day, computed at its first view that day and kept: never live counts."""

    __table_args__ = (UniqueConstraint("operation_id", "name", "day", name="uq_public_snapshot_operation_name_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str] = mapped_column(String(40))  # which table, and the minimum it was suppressed with
    day: Mapped[date]
    data: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RateLimitCounter(db.Model):
    """A rate-limit window's count, in the database every app server shares (see outreach/ratelimit.py)."""

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    # Seconds since the epoch: compared with time.time(), no time zones involved.
    expires_at: Mapped[float] = mapped_column(index=True)


class GeocodeCache(db.Model):
    """Answers of a remote geocoder, shared by every app server; keyed by a hash, never the typed text."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the service and the normalised query: what was searched is not kept readable.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    results: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SigninCode(db.Model):
    """A one-time sign-in link for one volunteer's phone (a QR code); only its SHA-256 is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The operation the phone signs in to.
    operation_id: Mapped[int] = operation_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class SmsGateway(db.Model):
    """An SMS gateway phone at a staging area (cht-gateway): its HTTP Basic user and the SHA-256 of its password."""

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    name: Mapped[str] = mapped_column(String(40), unique=True)  # the HTTP Basic user name
    password_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SmsLog(db.Model):
    """One text a gateway received: keyed hashes of its number and words, what it became, and when; no words.

    A gateway's message id is taken once, and so is a #REF from one sender (both unique here), so two
    polls carrying the same text at once store it once (services/sms/inbox.py).
    """

    __table_args__ = (UniqueConstraint("gateway_id", "message_id", name="uq_sms_log_gateway_message"),
                      UniqueConstraint("operation_id", "user_id", "ref", name="uq_sms_log_sender_ref"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    gateway_id: Mapped[int] = mapped_column(ForeignKey("sms_gateway.id"))
    message_id: Mapped[str] = mapped_column(String(64))  # the gateway's id of the text
    number_hash: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # help, ok, visit, codes, or invalid
    result: Mapped[str] = mapped_column(String(16))  # stored, replayed, unmatched, refused, answered
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    ref: Mapped[str | None] = mapped_column(String(8))  # set only when the text stored something
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alert.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    # An unknown number's help call: its last four digits and its words, scrubbed, for the dashboard.
    last_four: Mapped[str | None] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(String(160))  # our answer (our words), sent again if the text comes again
    sms_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class SmsOutgoing(db.Model):
    """A text waiting for a gateway to send it (a coordinator's message to a pair member), with its status.

    Each attempt has its own id (`gateway_uuid`); cht-gateway never sends an id twice, so offering the
    same attempt again until its status comes back cannot send it twice.
    """

    __table_args__ = (within_operation(("message_id",), "message", "fk_sms_outgoing_message_operation"),
                      within_operation(("team_id",), "team", "fk_sms_outgoing_team_operation"),
                      Index("ix_sms_outgoing_status", "operation_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = operation_column()
    gateway_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    message_id: Mapped[int | None] = mapped_column(index=True)
    team_id: Mapped[int | None] = mapped_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    content: Mapped[str] = mapped_column(Text)
    # queued (not yet offered), offered, pending, sent, delivered, failed (retried), gave_up
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def role_in(user_id: int, operation_id: int) -> str | None:
    """A person's role in an operation, read once per request (g.roles) and None when not a member."""
    roles = g.setdefault("roles", {})
    key = (user_id, operation_id)
    if key not in roles:
        roles[key] = db.session.scalar(
            select(Membership.role).where(Membership.user_id == user_id, Membership.operation_id == operation_id))
    return roles[key]


def remember_roles(user_ids, operation_id: int) -> None:
    """Read many people's roles in an operation in one query: a list of people would otherwise ask once each."""
    roles = g.setdefault("roles", {})
    wanted = {user_id for user_id in user_ids if (user_id, operation_id) not in roles}
    if not wanted:
        return
    found = dict(db.session.execute(select(Membership.user_id, Membership.role).where(
        Membership.operation_id == operation_id, Membership.user_id.in_(wanted))).all())
    roles.update({(user_id, operation_id): found.get(user_id) for user_id in wanted})
