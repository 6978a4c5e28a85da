"""Registering incoming letters (surat masuk) with their nomor agenda.

The nomor agenda runs per year (of tanggal diterima) and is never reused: the last
number issued lives in ``AgendaCounter``, which is locked and moved forward in the
same transaction that inserts the registration (SQLite's BEGIN IMMEDIATE serialises
writers; PostgreSQL takes a row lock). A cancelled registration keeps its number.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (
    AgendaCounter,
    Disposition,
    DispositionRecipient,
    DispositionStatus,
    Document,
    DocumentStatus,
    Position,
    Registration,
    Role,
    Sifat,
    Urgensi,
    User,
)
from app.services import audit, indexing, notifications, org
from app.services.i18n import N_, Translatable, as_msg, join, msg
from config import clock

REGISTRAR_ROLES = {Role.ARSIPARIS.value, Role.ADMIN.value}
REQUIRED = ("tanggal_diterima", "asal_surat", "nomor_surat", "perihal", "tujuan")
MAX_LENGTH = {"asal_surat": 300, "nomor_surat": 200, "lampiran": 200, "kode_klasifikasi": 32, "perihal": 2000, "ringkasan": 5000}
# Form field -> Document column, for the prefill and its review flags.
DOCUMENT_FIELDS = {
    "tanggal_surat": "tanggal_surat",
    "asal_surat": "sender",
    "nomor_surat": "nomor",
    "sifat": "sifat",
    "urgensi": "urgensi",
    "lampiran": "lampiran",
    "perihal": "perihal",
    "kode_klasifikasi": "classification_code",
}
FIELD_LABELS = {
    "nomor_agenda": "Nomor agenda",
    "tanggal_diterima": "Tanggal diterima",
    "tanggal_surat": "Tanggal surat",
    "asal_surat": "Asal surat",
    "nomor_surat": "Nomor surat",
    "sifat": "Sifat",
    "urgensi": "Urgensi",
    "lampiran": "Lampiran",
    "perihal": "Perihal",
    "ringkasan": "Ringkasan",
    "kode_klasifikasi": "Kode klasifikasi",
    "tujuan": "Tujuan",
}


class RegistrationError(Translatable, ValueError):
    """A registration refused; the message is for people."""


class RegistrationNotAllowed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    pass


class AgendaClash(RegistrationError):
    pass


class RegistrationInvalid(RegistrationError):
    """One or more fields are wrong: ``errors`` maps field name to message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(join("; ", (msg(N_("%(field)s: %(problem)s"), field=FIELD_LABELS.get(k, k), problem=as_msg(v))
                                    for k, v in errors.items())))


def today() -> date:
    return clock.today()


def parse_date(value: Any) -> date | None:
    """ISO (2025-01-22) or Indonesian day-first (22/01/2025, 22-01-2025); None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(msg(N_("%(text)r is not a date (use YYYY-MM-DD or DD/MM/YYYY)"), text=text))


def active_registration(session: Session, document_id: int) -> Registration | None:
    stmt = select(Registration).where(Registration.document_id == document_id, Registration.cancelled_at.is_(None))
    return session.scalar(stmt.order_by(Registration.id.desc()))


def next_agenda_preview(session: Session, year: int) -> int:
    """The number the next registration would get (not reserved)."""
    counter = session.get(AgendaCounter, year)
    return (counter.last_number if counter else 0) + 1


def prefill(session: Session, document: Document) -> dict[str, dict[str, Any]]:
    """Form values from the document's extracted fields, with their review flags."""
    meta = document.field_meta or {}
    values: dict[str, dict[str, Any]] = {}
    for form_field, column in DOCUMENT_FIELDS.items():
        field_meta = meta.get(column) or {}
        value = getattr(document, column)
        values[form_field] = {
            "value": value.isoformat() if isinstance(value, date) else (value or ""),
            "review": bool(field_meta.get("review")),
            "confidence": field_meta.get("confidence"),
        }
    received = today()
    values["tanggal_diterima"] = {"value": received.isoformat(), "review": False, "confidence": None}
    values["nomor_agenda"] = {"value": "", "review": False, "confidence": None, "next": next_agenda_preview(session, received.year)}
    values["ringkasan"] = {"value": "", "review": False, "confidence": None}
    values["tujuan"] = {"value": "", "review": False, "confidence": None}
    return values


def _clean(data: Mapping[str, Any], session: Session) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate the form data: (clean values, errors by field)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name in ("asal_surat", "nomor_surat", "lampiran", "perihal", "ringkasan", "kode_klasifikasi"):
        value = str(data.get(name) or "").strip()
        if len(value) > MAX_LENGTH[name]:
            errors[name] = msg(N_("at most %(n)s characters"), n=MAX_LENGTH[name])
        clean[name] = value or None
    for name in ("tanggal_diterima", "tanggal_surat"):
        try:
            clean[name] = parse_date(data.get(name))
        except ValueError as exc:
            errors[name] = exc.args[0]
    if "tanggal_diterima" not in errors and clean["tanggal_diterima"] is None and not data.get("tanggal_diterima"):
        clean["tanggal_diterima"] = today()
    for name in ("tanggal_diterima", "tanggal_surat"):
        if clean.get(name) and clean[name] > today():
            errors[name] = msg(N_("%(date)s is in the future"), date=clean[name].isoformat())
    if clean.get("tanggal_surat") and clean.get("tanggal_diterima") and clean["tanggal_surat"] > clean["tanggal_diterima"]:
        errors.setdefault("tanggal_surat", N_("the letter cannot be dated after it was received"))
    clean["sifat"] = _choice(data, "sifat", [s.value for s in Sifat], errors)
    clean["urgensi"] = _choice(data, "urgensi", [u.value for u in Urgensi], errors)
    clean["tujuan"] = _position(session, data.get("tujuan"), errors)
    clean["nomor_agenda"] = _agenda_number(data.get("nomor_agenda"), errors)
    for name in REQUIRED:
        if clean.get(name) in (None, "") and name not in errors:
            errors[name] = N_("is required")
    return clean, errors


def _choice(data: Mapping[str, Any], name: str, allowed: list[str], errors: dict[str, str]) -> str:
    value = str(data.get(name) or allowed[0]).strip().lower().replace(" ", "_")
    if value not in allowed:
        errors[name] = msg(N_("must be one of: %(choices)s"), choices=", ".join(allowed))
    return value


def _position(session: Session, raw: Any, errors: dict[str, str]) -> int | None:
    if raw in (None, ""):
        return None
    try:
        position_id = int(raw)
    except (TypeError, ValueError):
        errors["tujuan"] = N_("choose a position from the list")
        return None
    if session.get(Position, position_id) is None:
        errors["tujuan"] = msg(N_("position %(id)s does not exist"), id=position_id)
        return None
    return position_id


def _agenda_number(raw: Any, errors: dict[str, str]) -> int | None:
    if raw in (None, ""):
        return None
    try:
        number = int(str(raw).split("/")[0])
    except ValueError:
        errors["nomor_agenda"] = N_("must be a whole number (leave empty to number automatically)")
        return None
    if number < 1:
        errors["nomor_agenda"] = N_("must be 1 or more")
        return None
    return number


def _take_agenda_number(session: Session, year: int, wanted: int | None) -> int:
    """Move the year's counter forward and return the number; never reuses one."""
    counter = session.get(AgendaCounter, year, with_for_update=True)
    if counter is None:
        counter = AgendaCounter(year=year, last_number=0)
        session.add(counter)
        session.flush()
    if wanted is None:
        counter.last_number += 1
        return counter.last_number
    if wanted <= counter.last_number:
        user = session.scalar(select(Registration).where(Registration.year == year, Registration.agenda_number == wanted))
        label = f"{wanted:04d}/{year}"
        if user is not None and user.cancelled_at is not None:
            raise AgendaClash(msg(N_("nomor agenda %(agenda)s belonged to a cancelled registration; numbers are never reused"),
                                   agenda=label))
        if user is not None:
            raise AgendaClash(msg(N_("nomor agenda %(agenda)s is already used by the letter %(nomor)r"), agenda=label,
                                   nomor=user.nomor_surat))
        raise AgendaClash(msg(N_("nomor agenda %(agenda)s was already issued (numbers are never reused); the next free one is %(next)s"),
                               agenda=label, next=counter.last_number + 1))
    counter.last_number = wanted
    return wanted


def register(session: Session, document: Document, actor: User, data: Mapping[str, Any]) -> Registration:
    """Register the letter; raises a RegistrationError subclass when refused."""
    if actor.role not in REGISTRAR_ROLES:
        raise RegistrationNotAllowed(N_("only registry staff (arsiparis) may register letters"))
    if document.status in (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value):
        raise RegistrationError(msg(N_("this document was %(status)s and cannot be registered"), status=document.status))
    existing = active_registration(session, document.id)
    if existing is not None:
        raise AlreadyRegistered(msg(N_("this letter is already registered with nomor agenda %(agenda)s"),
                                    agenda=existing.agenda_label))
    clean, errors = _clean(data, session)
    if errors:
        raise RegistrationInvalid(errors)
    year = clean["tanggal_diterima"].year
    number = _take_agenda_number(session, year, clean["nomor_agenda"])
    registration = Registration(
        document_id=document.id,
        year=year,
        agenda_number=number,
        received_date=clean["tanggal_diterima"],
        letter_date=clean["tanggal_surat"],
        sender=clean["asal_surat"],
        nomor_surat=clean["nomor_surat"],
        sifat=clean["sifat"],
        urgensi=clean["urgensi"],
        lampiran=clean["lampiran"],
        perihal=clean["perihal"],
        ringkasan=clean["ringkasan"],
        classification_code=clean["kode_klasifikasi"],
        target_position_id=clean["tujuan"],
        registered_by_id=actor.id,
    )
    session.add(registration)
    try:
        # No SAVEPOINT here: the counter row is locked, so a clash means a concurrent writer
        # created the year's counter at the same moment; the caller rolls back.
        session.flush()
    except IntegrityError:
        raise AgendaClash(msg(N_("nomor agenda %(agenda)s is already used; try again"), agenda=f"{number:04d}/{year}")) from None
    audit.record(
        session, audit.Action.REGISTERED, actor=actor, document_id=document.id, object_type="registration",
        object_id=registration.id, agenda=registration.agenda_label, tujuan=registration.target_position_id,
        to_state="registered",
    )
    _notify_tujuan(session, registration)
    indexing.mark_changed(session, document.id, {"disposition"})
    return registration


def _notify_tujuan(session: Session, registration: Registration) -> None:
    """Whoever acts for the tujuan (holder, Plt/Plh) learns a letter waits for his disposition."""
    if registration.target_position_id is None:
        return
    position = session.get(Position, registration.target_position_id)
    notifications.notify_position(
        session, position.id, "registration",
        msg(N_("A letter for %(position)s waits for disposition: %(subject)s (agenda %(agenda)s)"), position=position.name,
            subject=registration.perihal, agenda=registration.agenda_label),
        link=notifications.letter_link(registration.id),
    )


def cancel(session: Session, registration: Registration, actor: User, reason: str) -> None:
    """Cancel a registration; its number stays used. Unread dispositions are withdrawn."""
    if actor.role not in REGISTRAR_ROLES:
        raise RegistrationNotAllowed(N_("only registry staff (arsiparis) may cancel a registration"))
    if registration.cancelled_at is not None:
        raise RegistrationError(msg(N_("registration %(agenda)s is already cancelled"), agenda=registration.agenda_label))
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationInvalid({"reason": N_("give a reason for cancelling")})
    recipients = list(
        session.execute(
            select(DispositionRecipient)
            .join(Disposition, Disposition.id == DispositionRecipient.disposition_id)
            .where(Disposition.registration_id == registration.id)
        ).scalars()
    )
    acted = [r for r in recipients if r.status not in (DispositionStatus.UNREAD.value, DispositionStatus.CANCELLED.value)]
    if acted:
        raise RegistrationError(N_("this letter's dispositions are already being acted on; it cannot be cancelled"))
    now = datetime.now(timezone.utc)
    for recipient in recipients:
        if recipient.status == DispositionStatus.UNREAD.value:
            recipient.status = DispositionStatus.CANCELLED.value
            recipient.cancelled_at = now
            notifications.withdraw_entry(session, recipient.id, recipient.disposition.sender_position.name)
    registration.cancelled_at = now
    registration.cancel_reason = reason
    notifications.withdraw_letter(session, registration.id)
    session.flush()
    audit.record(
        session, audit.Action.REGISTRATION_CANCELLED, actor=actor, document_id=registration.document_id,
        object_type="registration", object_id=registration.id, agenda=registration.agenda_label, reason=reason,
        from_state="registered", to_state="cancelled",
    )
    indexing.mark_changed(session, registration.document_id, {"disposition"})


def mark_handled(session: Session, registration: Registration, actor: User, note: str) -> Registration:
    """The tujuan's holder (or Plt/Plh) deals with the letter himself: it leaves his list undisposed."""
    if registration.cancelled_at is not None:
        raise RegistrationError(msg(N_("registration %(agenda)s is already cancelled"), agenda=registration.agenda_label))
    if registration.target_position_id is None or not org.holds(session, actor, registration.target_position_id):
        raise RegistrationNotAllowed(N_("only the official the letter is addressed to (or his Plt/Plh) may mark it handled"))
    if registration.handled_at is not None:
        raise RegistrationError(N_("this letter is already marked as handled"))
    note = (note or "").strip()
    if not note:
        raise RegistrationError(N_("say how the letter was handled"))
    if len(note) > MAX_LENGTH["ringkasan"]:
        raise RegistrationError(msg(N_("the note is too long (at most %(n)s characters)"), n=MAX_LENGTH["ringkasan"]))
    registration.handled_at = datetime.now(timezone.utc)
    registration.handled_by_id = actor.id
    registration.handled_note = note
    session.flush()
    audit.record(
        session, audit.Action.REGISTRATION_HANDLED, actor=actor, document_id=registration.document_id,
        object_type="registration", object_id=registration.id, agenda=registration.agenda_label, note=note,
        from_state="registered", to_state="handled",
    )
    indexing.mark_changed(session, registration.document_id, {"disposition"})
    return registration
