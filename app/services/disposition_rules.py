"""The office's disposition rules as the domain reads them: the standard instructions, the
deadline per urgency (both data, seeded with the usual defaults and edited in
``app.services.office_settings``), and when an entry or a letter is due.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DispositionStatus, InstructionOption, Registration, UrgencyDeadline, Urgensi
from config import clock

DEFAULT_INSTRUCTIONS = (
    "Untuk diketahui",
    "Untuk ditindaklanjuti",
    "Untuk diproses",
    "Pelajari dan telaah",
    "Koordinasikan",
    "Siapkan jawaban / konsep",
    "Hadiri / wakili",
    "Untuk dijadwalkan",
    "Tanggapan dan saran",
    "Arsipkan",
)
DEFAULT_DEADLINE_DAYS = {
    Urgensi.SANGAT_SEGERA.value: 1,
    Urgensi.SEGERA.value: 2,
    Urgensi.PENTING.value: 3,
    Urgensi.BIASA.value: 5,
}
S = DispositionStatus
OPEN_STATES = (S.UNREAD.value, S.READ.value, S.IN_PROGRESS.value)


def today() -> date:
    return clock.today()


def ensure_defaults(session: Session) -> None:
    """Seed the standard instruction list and deadline table the first time they are needed."""
    if session.scalar(select(InstructionOption.id).limit(1)) is None:
        session.add_all(InstructionOption(label=label, sort_order=i) for i, label in enumerate(DEFAULT_INSTRUCTIONS))
    known = set(session.execute(select(UrgencyDeadline.urgensi)).scalars())
    session.add_all(UrgencyDeadline(urgensi=u, days=d) for u, d in DEFAULT_DEADLINE_DAYS.items() if u not in known)
    session.flush()


def instruction_options(session: Session) -> list[str]:
    ensure_defaults(session)
    stmt = select(InstructionOption.label).where(InstructionOption.active.is_(True)).order_by(InstructionOption.sort_order, InstructionOption.id)
    return list(session.execute(stmt).scalars())


def default_deadline(session: Session, urgensi: str, start: date | None = None) -> date:
    ensure_defaults(session)
    row = session.get(UrgencyDeadline, urgensi)
    days = row.days if row else DEFAULT_DEADLINE_DAYS[Urgensi.BIASA.value]
    return (start or today()) + timedelta(days=days)


def first_deadline(session: Session, registration: Registration) -> date:
    """When the tujuan's first disposition is due: the day received plus the office's days for its urgency."""
    return default_deadline(session, registration.urgensi, registration.received_date)


def due_state(deadline: date | None, status: str, on: date | None = None) -> str | None:
    """'overdue' past the deadline, 'due_soon' on the deadline day or the day before; else None."""
    if deadline is None or status not in OPEN_STATES:
        return None
    days_left = (deadline - (on or today())).days
    if days_left < 0:
        return "overdue"
    if days_left <= 1:
        return "due_soon"
    return None
