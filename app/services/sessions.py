"""Login sessions kept on the server, so that ending one is final.

The signed cookie carries only a random session id; a request is logged in while the
``UserSession`` row for that id is live (not ended, not older than the lifetime).
A copy of the cookie is worth nothing once its session has ended.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import UserSession

# Writing last_seen on every request would turn each page view into a write.
TOUCH_EVERY = timedelta(minutes=5)


class EndReason:
    LOGOUT = "logout"
    PASSWORD = "password"
    DEACTIVATED = "deactivated"
    EVERYWHERE = "everywhere"
    EXPIRED = "expired"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def start(session: Session, user_id: int, address: str = "") -> str:
    """Open a session for ``user_id``; returns the id to keep in the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user_id, token_hash=_hash(token), address=(address or "")[:64]))
    session.flush()
    return token


def live_user_id(session: Session, token: str | None, lifetime: timedelta) -> tuple[int | None, bool]:
    """(the user of the live session ``token`` or None, whether the row was written: commit it)."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None, False
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.ended_at is not None:
        return None, False
    now = _now()
    if now - _aware(row.created_at) > lifetime:
        row.ended_at, row.end_reason = now, EndReason.EXPIRED
        session.flush()
        return None, True
    if now - _aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
        return row.user_id, True
    return row.user_id, False


def end(session: Session, token: str | None, reason: str = EndReason.LOGOUT) -> None:
    if token:
        session.execute(update(UserSession).where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
                        .values(ended_at=_now(), end_reason=reason))


def end_all(session: Session, user_id: int, reason: str) -> int:
    """End every live session of ``user_id``; returns how many were ended."""
    result = session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                             .values(ended_at=_now(), end_reason=reason))
    return result.rowcount or 0

