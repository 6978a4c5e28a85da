"""Classification scheme, retention schedule (JRA), retention state and legal disposal."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base
from app.models.org import utcnow


# Documents made by a disposal (the berita acara) are the dossier itself: read-only records.
LEGAL_RECORD_SOURCE = "disposal"


def is_legal_record(doc) -> bool:
    """A berita acara filed in the archive: no field edit, no discard, no disposal."""
    return doc.source == LEGAL_RECORD_SOURCE


class FinalDisposition(str, enum.Enum):
    MUSNAH = "musnah"
    PERMANEN = "permanen"
    DINILAI_KEMBALI = "dinilai_kembali"


class RetentionTrigger(str, enum.Enum):
    LETTER_DATE = "letter_date"
    BUDGET_YEAR_END = "budget_year_end"
    WHILE_IN_FORCE = "while_in_force"  # counts from an end date entered later


class RetentionPhase(str, enum.Enum):
    AKTIF = "aktif"
    INAKTIF = "inaktif"
    USUL_MUSNAH = "usul_musnah"
    DIMUSNAHKAN = "dimusnahkan"
    DISERAHKAN = "diserahkan"
    DINILAI_KEMBALI = "dinilai_kembali"


class ClassificationNode(Base):
    __tablename__ = "classification_nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    parent_code: Mapped[str | None] = mapped_column(String(32), index=True)


class RetentionRule(Base):
    """One version of the JRA rule for a classification code. Edits add a new version."""

    __tablename__ = "retention_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    classification_code: Mapped[str] = mapped_column(String(32), index=True)
    series: Mapped[str] = mapped_column(String(300), default="")
    active_years: Mapped[int] = mapped_column(Integer)
    inactive_years: Mapped[int] = mapped_column(Integer)
    final_disposition: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(20), default=RetentionTrigger.LETTER_DATE.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    change_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentRetention(Base):
    """Computed retention state of one document (recomputed when its rule or code changes)."""

    __tablename__ = "document_retention"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("retention_rules.id"))
    phase: Mapped[str] = mapped_column(String(20), default=RetentionPhase.AKTIF.value, index=True)
    trigger_date: Mapped[date | None] = mapped_column(Date)
    event_end_date: Mapped[date | None] = mapped_column(Date)  # for "while in force"
    active_until: Mapped[date | None] = mapped_column(Date, index=True)
    inactive_until: Mapped[date | None] = mapped_column(Date, index=True)
    final_disposition: Mapped[str | None] = mapped_column(String(20))
    # The code the dates were computed for: a differing Document.classification_code
    # (edited elsewhere) marks this row stale.
    classification_code: Mapped[str | None] = mapped_column(String(32), index=True)
    classified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    classified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Filed: a valid code that nobody still has to confirm (see retention.is_filed).
    filed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    note: Mapped[str | None] = mapped_column(String(300))  # e.g. why no dates could be computed
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    rule: Mapped[RetentionRule | None] = relationship()


class DisposalProposal(Base):
    """Daftar arsip usul musnah and its path: draft -> reviewed -> approved -> executed."""

    __tablename__ = "disposal_proposals"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    committee: Mapped[list] = mapped_column(JSON, default=list)  # panitia penilai members
    consideration: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approval_authority: Mapped[str | None] = mapped_column(String(300))
    approval_reference: Mapped[str | None] = mapped_column(String(300))
    decision_reference: Mapped[str | None] = mapped_column(String(300))  # penetapan
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    executed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    executed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    witnesses: Mapped[list] = mapped_column(JSON, default=list)
    berita_acara_path: Mapped[str | None] = mapped_column(String(500))
    berita_acara_number: Mapped[str | None] = mapped_column(String(100))
    berita_acara_checksum: Mapped[str | None] = mapped_column(String(64))
    # The berita acara is itself a permanent record (code 000.5.6.2) in the archive.
    berita_acara_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    items: Mapped[list["DisposalItem"]] = relationship(back_populates="proposal")


class DisposalItem(Base):
    __tablename__ = "disposal_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("disposal_proposals.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removal_reason: Mapped[str | None] = mapped_column(Text)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    proposal: Mapped[DisposalProposal] = relationship(back_populates="items")


class Tombstone(Base):
    """What a destroyed record was, kept forever."""

    __tablename__ = "tombstones"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    nomor: Mapped[str | None] = mapped_column(String(200))
    tanggal_surat: Mapped[date | None] = mapped_column(Date)
    perihal: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(300))
    classification_code: Mapped[str | None] = mapped_column(String(32))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    checksum: Mapped[str] = mapped_column(String(64))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("disposal_proposals.id"))
    approved_by: Mapped[str | None] = mapped_column(String(300))
    approval_reference: Mapped[str | None] = mapped_column(String(300))
    decision_reference: Mapped[str | None] = mapped_column(String(300))
    berita_acara_number: Mapped[str | None] = mapped_column(String(100))
    destroyed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    destroyed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(String(40), default="disposal")  # disposal | discarded_upload
