"""Organisation: units, positions (jabatan), users and API tokens."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Role(str, enum.Enum):
    ADMIN = "admin"
    ARSIPARIS = "arsiparis"
    PEJABAT = "pejabat"
    STAF = "staf"
    PENGELOLA_ARSIP = "pengelola_arsip"


class Unit(Base):
    """An organisational unit (dinas, bidang, seksi); hierarchical."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    parent: Mapped["Unit | None"] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent")


class Position(Base):
    """A jabatan. ``parent_id`` is the superior position: dispositions flow downwards."""

    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"))
    # Plt/Plh: someone acting in a vacant or absent official's position.
    # No FK constraint: users and positions reference each other (see Disposition.parent_recipient_id).
    acting_user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    unit: Mapped[Unit] = relationship()
    parent: Mapped["Position | None"] = relationship(remote_side="Position.id")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    # NIP (nomor induk pegawai), printed on forms under the name; empty for non-civil-servants.
    nip: Mapped[str | None] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(32), default=Role.STAF.value)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    position: Mapped[Position | None] = relationship(foreign_keys=[position_id])


class OfficeSetting(Base):
    """One of the office's own values (letterhead lines and the like), edited by an admin."""

    __tablename__ = "office_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500), default="")


class ApiToken(Base):
    """Bearer tokens for scripts and scanners; only the hash is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[User] = relationship()
