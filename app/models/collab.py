"""What people add around letters: saved searches (views) and notes on a letter."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base
from app.models.org import User, utcnow


class SavedView(Base):
    """A search with its filters saved under a name; ``unit_id`` set: shared with that unit
    (and the units below it). ``query_args`` holds the search page's parameters as given."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_saved_views_owner_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    query_args: Mapped[dict] = mapped_column(JSON, default=dict)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    on_dashboard: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    owner: Mapped[User] = relationship()


class DocumentNote(Base):
    """A note on a letter. Deleting one keeps the row (``deleted_at``) as well as the audit entry."""

    __tablename__ = "document_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(foreign_keys=[author_id])
