"""API tokens as coordinators see them: who holds one, when it was last used, and revoking a lost phone's."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..errors import NotFound
from ..extensions import db
from ..models import ApiToken, utcnow
from . import audit


def list_tokens(include_revoked: bool = False) -> list[ApiToken]:
    """Tokens with their holders, most recently used first."""
    query = select(ApiToken).options(joinedload(ApiToken.user)).order_by(
        ApiToken.last_used_at.desc().nulls_last(), ApiToken.id.desc())
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return list(db.session.scalars(query))


def revoke(token_id: int, actor) -> ApiToken:
    """Revoke one token now (a lost phone stops syncing at its next request); audited. Idempotent."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"No token {token_id}.", {"token_id": "unknown"})
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(actor, "token_revoked", token, {"user_id": token.user_id, "label": token.label})
    return token


def revoke_all_of(user_id: int, actor) -> int:
    """Revoke every live token of one account; returns how many."""
    live = db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)))
    return len([revoke(token_id, actor) for token_id in live.all()])
