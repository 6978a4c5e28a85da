"""Broker messages still to send, kept in the database (the transactional outbox).

A row is written in the same transaction that makes a document wait for a worker (intake,
a retry, a document whose worker died). Whoever hands the message to the broker deletes the
row; so does the worker that starts on the document. A row that stays past its ``due_at``
means the message never reached the broker (it was down, or full): the sweep sends it then.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.models.org import utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(64))            # a Celery task name, e.g. lontar.process_document
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
