"""Documents (one uploaded file = one letter), their pages and legal holds."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base
from app.models.org import utcnow


class DocumentStatus(str, enum.Enum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    DISCARDED = "discarded"   # a mistaken upload discarded before registration
    DESTROYED = "destroyed"   # executed legal disposal; a tombstone remains


class IndexState(str, enum.Enum):
    PENDING = "pending"       # not yet sent to the search engine
    INDEXED = "indexed"
    WAITING = "waiting"       # the engine was unreachable; retried later


class Sifat(str, enum.Enum):
    """Security classification, ordered by ``level``."""

    BIASA = "biasa"
    TERBATAS = "terbatas"
    RAHASIA = "rahasia"
    SANGAT_RAHASIA = "sangat_rahasia"

    @property
    def level(self) -> int:
        return list(Sifat).index(self)


class Urgensi(str, enum.Enum):
    BIASA = "biasa"
    PENTING = "penting"
    SEGERA = "segera"
    SANGAT_SEGERA = "sangat_segera"


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the original
    original_filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100), default="")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default=DocumentStatus.QUEUED.value, index=True)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    index_state: Mapped[str] = mapped_column(String(16), default=IndexState.PENDING.value, index=True)
    has_searchable_pdf: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    source: Mapped[str] = mapped_column(String(16), default="cli")  # web, api, cli, watch
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Letter fields, extracted from OCR text and editable. Confidence and review flags
    # per field live in ``field_meta``: {"nomor": {"confidence": 0.9, "review": false,
    # "extracted": "..."}}.
    nomor: Mapped[str | None] = mapped_column(String(200), index=True)
    nomor_parts: Mapped[dict | None] = mapped_column(JSON)
    tanggal_surat: Mapped[date | None] = mapped_column(Date, index=True)
    perihal: Mapped[str | None] = mapped_column(Text)
    sifat: Mapped[str] = mapped_column(String(16), default=Sifat.BIASA.value, index=True)
    # False until the sifat is read with confidence or set by a person: until then the access
    # rule treats the letter as the highest level (fail closed, see search.access).
    sifat_confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    urgensi: Mapped[str] = mapped_column(String(16), default=Urgensi.BIASA.value)
    lampiran: Mapped[str | None] = mapped_column(String(200))
    sender: Mapped[str | None] = mapped_column(String(300), index=True)
    addressee: Mapped[str | None] = mapped_column(String(300))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_position: Mapped[str | None] = mapped_column(String(200))
    signer_nip: Mapped[str | None] = mapped_column(String(32))
    tembusan: Mapped[list | None] = mapped_column(JSON)
    classification_code: Mapped[str | None] = mapped_column(String(32), index=True)
    field_meta: Mapped[dict] = mapped_column(JSON, default=dict)
    vital: Mapped[bool] = mapped_column(Boolean, default=False)
    # Optimistic locking: concurrent edits of the fields are detected, not lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    pages: Mapped[list["Page"]] = relationship(
        back_populates="document", order_by="Page.number", cascade="all, delete-orphan"
    )
    holds: Mapped[list["LegalHold"]] = relationship(back_populates="document")

    __mapper_args__ = {"version_id_col": version}
    # Cover the access rule (sifat, status, unit, confirmation, uploader): document list counts
    # read an index only, for users of every unit (first) and unit-bound users (second).
    __table_args__ = (Index("ix_documents_access", "sifat", "status", "unit_id", "sifat_confirmed", "uploaded_by_id"),
                      Index("ix_documents_unit_access", "unit_id", "sifat", "status", "sifat_confirmed",
                            "uploaded_by_id"))

    @property
    def sifat_level(self) -> int:
        return Sifat(self.sifat).level

    @property
    def needs_review(self) -> list[str]:
        return sorted(name for name, meta in (self.field_meta or {}).items() if meta.get("review"))


class Page(Base):
    """OCR text per page: search hits name the page."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_pages_document_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1-based
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column()
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    rotated: Mapped[int] = mapped_column(Integer, default=0)
    document: Mapped[Document] = relationship(back_populates="pages")


class LegalHold(Base):
    """A hold for a pending case: the document may not be proposed for destruction."""

    __tablename__ = "legal_holds"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    document: Mapped[Document] = relationship(back_populates="holds")
