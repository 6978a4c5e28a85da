"""The append-only, hash-chained audit trail."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.models.org import utcnow


class AuditEntry(Base):
    """One line of the timeline. ``entry_hash`` covers the row and ``prev_hash``.

    ``keyed``: the hash is an HMAC with the audit key (see app.services.audit_chain);
    rows written before the chain was keyed are plain sha256 until ``lontar db upgrade``
    re-keys them, and ``lontar audit verify`` refuses them.
    """

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(200), default="system")
    action: Mapped[str] = mapped_column(String(40), index=True)
    document_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: survives destruction
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    keyed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=false())
