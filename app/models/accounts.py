"""Server-side records of login sessions and of failed login attempts.

A browser session is valid only while its ``UserSession`` row is live: logging out,
changing a password, deactivation and "log out everywhere" end sessions for good,
even if someone kept a copy of the cookie. Failed logins are counted here when no
Redis is configured, so every web worker sees the same counts.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.models.org import utcnow


class UserSession(Base):
    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # sha256 of the random id kept in the signed cookie: the database never holds a usable id.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Why it ended: logout, password, deactivated, everywhere, expired (kept for the audit of an incident).
    end_reason: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(64), default="")


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    # "account:<username>" or "address:<ip>"
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[float] = mapped_column(Float)  # epoch seconds: compared with plain arithmetic on every engine

    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)
