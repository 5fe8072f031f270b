"""SMS gateway phones (cht-gateway) and their HTTP Basic credentials: one per phone, per operation, revocable.

The password is 32 random bytes in URL-safe base64 (cht-gateway takes ISO-8859-1 passwords without
`#/?@`); only its SHA-256 is kept, as for API tokens: a random secret needs no slow hash.
"""
import hashlib
import hmac
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from ... import scope
from ...errors import Invalid, NotFound
from ...extensions import db
from ...models import SmsGateway, utcnow

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def _digest(password: str) -> str:
    """The SHA-256 of a password, as stored."""
    return hashlib.sha256(password.encode()).hexdigest()


def create(name: str) -> tuple[SmsGateway, str]:
    """A new gateway of the operation and its password (shown once); Invalid for a bad or taken name."""
    name = name.strip().lower()
    if not NAME.fullmatch(name):
        raise Invalid(_("A gateway name is lower-case letters, digits and hyphens (at most 40)."), {"name": "bad"})
    if db.session.scalar(select(SmsGateway.id).where(SmsGateway.name == name)) is not None:
        raise Invalid(_("There is already a gateway named %(name)s.", name=name), {"name": "taken"})
    password = secrets.token_urlsafe(32)
    gateway = SmsGateway(name=name, password_hash=_digest(password))
    db.session.add(gateway)
    db.session.flush()
    return gateway, password


def revoke(name: str) -> SmsGateway:
    """Stop a gateway's credentials working (of the operation being worked in)."""
    gateway = db.session.scalar(select(SmsGateway).where(SmsGateway.name == name.strip().lower(),
                                                         SmsGateway.operation_id == scope.current_id()))
    if gateway is None:
        raise NotFound(_("There is no gateway named %(name)s in this operation.", name=name))
    gateway.revoked_at = gateway.revoked_at or utcnow()
    return gateway


def authenticate(name: str, password: str) -> SmsGateway | None:
    """The live gateway these credentials belong to, or None (the comparison takes the same time either way)."""
    gateway = db.session.scalar(select(SmsGateway).where(SmsGateway.name == name))
    stored = gateway.password_hash if gateway is not None else _digest("")
    matches = hmac.compare_digest(stored, _digest(password))
    return gateway if matches and gateway is not None and gateway.revoked_at is None else None
