"""Registration of incoming letters (surat masuk) and disposition (disposisi)."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base
from app.models.org import Position, User, utcnow


class DispositionStatus(str, enum.Enum):
    UNREAD = "belum_dibaca"
    READ = "dibaca"
    IN_PROGRESS = "diproses"
    DONE = "selesai"
    CANCELLED = "dibatalkan"


class AgendaCounter(Base):
    """The last nomor agenda issued per year; numbers are never reused."""

    __tablename__ = "agenda_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Registration(Base):
    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("year", "agenda_number", name="uq_registrations_year_agenda"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    agenda_number: Mapped[int] = mapped_column(Integer)
    received_date: Mapped[date] = mapped_column(Date)
    letter_date: Mapped[date | None] = mapped_column(Date)
    sender: Mapped[str] = mapped_column(String(300))
    nomor_surat: Mapped[str] = mapped_column(String(200))
    sifat: Mapped[str] = mapped_column(String(16))
    urgensi: Mapped[str] = mapped_column(String(16))
    lampiran: Mapped[str | None] = mapped_column(String(200))
    perihal: Mapped[str] = mapped_column(Text)
    ringkasan: Mapped[str | None] = mapped_column(Text)
    classification_code: Mapped[str | None] = mapped_column(String(32))
    target_position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"))  # tujuan
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # The tujuan's holder dealt with the letter himself instead of disposing it (it leaves his list).
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_note: Mapped[str | None] = mapped_column(Text)
    target_position: Mapped[Position | None] = relationship()
    registered_by: Mapped[User] = relationship(foreign_keys=[registered_by_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])

    @property
    def agenda_label(self) -> str:
        return f"{self.agenda_number:04d}/{self.year}"


class Disposition(Base):
    """One act of disposing: a sender, instructions, a deadline, one or more recipients.

    ``parent_recipient_id`` links a further disposition to the recipient entry it came
    from, so the dispositions of a letter form a tree.
    """

    __tablename__ = "dispositions"
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    # No FK constraint: dispositions and recipients reference each other, and a cycle of
    # constraints cannot be created by one portable migration (SQLite has no ALTER ADD FK).
    parent_recipient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    sender_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sender_position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"))
    instructions: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    registration: Mapped[Registration] = relationship()
    sender_user: Mapped[User] = relationship()
    sender_position: Mapped[Position] = relationship()
    recipients: Mapped[list["DispositionRecipient"]] = relationship(
        back_populates="disposition", foreign_keys="DispositionRecipient.disposition_id"
    )


class DispositionRecipient(Base):
    """One recipient position of a disposition and its own status."""

    __tablename__ = "disposition_recipients"
    id: Mapped[int] = mapped_column(primary_key=True)
    disposition_id: Mapped[int] = mapped_column(ForeignKey("dispositions.id"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DispositionStatus.UNREAD.value, index=True)
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completion_note: Mapped[str | None] = mapped_column(Text)
    attachment_path: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer, default=1)
    disposition: Mapped[Disposition] = relationship(back_populates="recipients", foreign_keys=[disposition_id])
    position: Mapped[Position] = relationship()

    __mapper_args__ = {"version_id_col": version}


class InstructionOption(Base):
    """The office's list of standard instructions (configurable)."""

    __tablename__ = "instruction_options"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UrgencyDeadline(Base):
    """Default deadline in days per urgency (the office's rule, configurable)."""

    __tablename__ = "urgency_deadlines"
    urgensi: Mapped[str] = mapped_column(String(16), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)


class Notification(Base):
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)  # in English; shown translated from template + params
    # The msgid and its values, so the note reads in each reader's language (None: older rows, shown as stored).
    template: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict | None] = mapped_column(JSON)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    emailed: Mapped[bool] = mapped_column(Boolean, default=False)
