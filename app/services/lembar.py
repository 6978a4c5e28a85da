"""The printable lembar disposisi (PDF), for offices that still walk paper around.

Usual layout: the office's letterhead (kop, from the office settings), the letter block
(surat dari, nomor and tanggal surat, diterima tanggal, nomor agenda, sifat, hal), then per
disposition "diteruskan kepada", the instruction list with the chosen ones ticked, the
note, the deadline and a paraf line, and at the end the follow-up reports (laporan tindak
lanjut). People are printed by full name, jabatan and NIP, never by user name. Without a
disposition yet, the form is printed blank for handwriting.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Disposition, DispositionRecipient, DispositionStatus, Registration, User
from app.services import localtime, org
from app.services.disposition_rules import instruction_options
from app.services.office_settings import Letterhead, PrintedPerson, letterhead, printed_person

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
SIFAT_LABELS = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia", "sangat_rahasia": "Sangat Rahasia"}
URGENSI_LABELS = {"biasa": "Biasa", "penting": "Penting", "segera": "Segera", "sangat_segera": "Sangat Segera"}
LABEL_WIDTH = 45
CANCELLED = DispositionStatus.CANCELLED.value
DONE = DispositionStatus.DONE.value


def tanggal(value: date | None) -> str:
    """22 Januari 2024 (Indonesian month names)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else "-"


class _Sheet(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(18, 15, 18)
        self.set_auto_page_break(True, margin=15)
        if (FONT_DIR / "DejaVuSans.ttf").exists():
            self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.unicode = True
        else:  # core font: Latin-1 only
            self.unicode = False

    def font(self, bold: bool = False, size: int = 10) -> None:
        self.set_font("body" if self.unicode else "helvetica", "B" if bold else "", size)

    def clean(self, text: str | None) -> str:
        text = text or "-"
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def row(self, label: str, value: str | None) -> None:
        self.font(bold=True)
        self.cell(LABEL_WIDTH, 6, label)
        self.font()
        self.multi_cell(0, 6, ": " + self.clean(value), new_x="LMARGIN", new_y="NEXT")


def person_text(person: PrintedPerson) -> str:
    """Name (jabatan), NIP ... as one printed line; the parts a person lacks are left out."""
    text = person.name + (f" ({person.jabatan})" if person.jabatan and person.name else person.jabatan)
    return text + (f", NIP {person.nip}" if person.nip else "")


def _kop(pdf: _Sheet, kop: Letterhead) -> None:
    lines = kop.lines()
    for n, line in enumerate(lines):
        last = n == len(lines) - 1 and kop.address
        pdf.font(bold=not last, size=9 if last else 12)
        pdf.multi_cell(0, 5 if last else 6, pdf.clean(line if last else line.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    if lines:
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(3)


def _header(pdf: _Sheet, session: Session, registration: Registration) -> None:
    _kop(pdf, letterhead(session))
    pdf.font(bold=True, size=14)
    pdf.cell(0, 9, "LEMBAR DISPOSISI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    pdf.row("Surat dari", registration.sender)
    pdf.row("Nomor surat", registration.nomor_surat)
    pdf.row("Tanggal surat", tanggal(registration.letter_date))
    pdf.row("Diterima tanggal", tanggal(registration.received_date))
    pdf.row("Nomor agenda", registration.agenda_label)
    pdf.row("Sifat", SIFAT_LABELS.get(registration.sifat, registration.sifat))
    pdf.row("Urgensi", URGENSI_LABELS.get(registration.urgensi, registration.urgensi))
    pdf.row("Hal", registration.perihal)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(4)


def _instructions(pdf: _Sheet, options: list[str], ticked: list[str]) -> None:
    pdf.font(bold=True)
    pdf.cell(0, 6, "Instruksi:", new_x="LMARGIN", new_y="NEXT")
    pdf.font()
    extra = [i for i in ticked if i not in options]  # an option since retired stays visible
    column = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for n, label in enumerate(options + extra):
        mark = "[X]" if label in ticked else "[  ]"
        pdf.cell(column, 6, pdf.clean(f"{mark} {label}"), new_x="RIGHT" if n % 2 == 0 else "LMARGIN", new_y="TOP" if n % 2 == 0 else "NEXT")
    if len(options + extra) % 2:
        pdf.ln(6)


def _recipient_person(session: Session, recipient: DispositionRecipient) -> PrintedPerson:
    """Who acted on the entry, or else who holds its position now (none: the position alone)."""
    actor = session.get(User, recipient.acted_by_id) if recipient.acted_by_id else None
    if actor is None:
        holders = org.holders(session, recipient.position_id)
        actor = holders[0] if holders else None
    return printed_person(actor, recipient.position)


def _live(disposition: Disposition | None) -> list[DispositionRecipient]:
    if disposition is None:
        return []
    return sorted((r for r in disposition.recipients if r.status != CANCELLED), key=lambda r: r.id)


def _disposition_block(pdf: _Sheet, session: Session, disposition: Disposition | None, options: list[str]) -> None:
    live = _live(disposition)
    pdf.font(bold=True)
    pdf.cell(0, 6, "Diteruskan kepada:" + (f"  (dari {pdf.clean(disposition.sender_position.name)})" if disposition else ""),
             new_x="LMARGIN", new_y="NEXT")
    pdf.font()
    for recipient in live:
        person = _recipient_person(session, recipient)
        # The jabatan is the line's own heading: name and NIP follow it.
        line = recipient.position.name + (f": {person_text(replace(person, jabatan=''))}" if person.name else "")
        pdf.multi_cell(0, 6, pdf.clean(f"  - {line}"), new_x="LMARGIN", new_y="NEXT")
    if not live:
        for _ in range(3):
            pdf.cell(0, 6, "  - ..........................................", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    _instructions(pdf, options, list(disposition.instructions or []) if disposition else [])
    pdf.ln(1)
    pdf.row("Catatan", disposition.note if disposition else "")
    pdf.row("Batas waktu", tanggal(disposition.deadline) if disposition else "")
    sender = person_text(printed_person(disposition.sender_user, disposition.sender_position)) if disposition else ""
    signed = localtime.format_date(disposition.created_at, localtime.session_zone(session)) if disposition and disposition.created_at else ""
    pdf.row("Paraf", f"{sender}, {signed}" if disposition else "")
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(4)


def _in_tree_order(session: Session, registration: Registration) -> list[Disposition]:
    rows = list(session.execute(select(Disposition).where(Disposition.registration_id == registration.id).order_by(Disposition.id)).scalars())
    by_parent: dict[int | None, list[Disposition]] = {}
    for d in rows:
        by_parent.setdefault(d.parent_recipient_id, []).append(d)
    ordered: list[Disposition] = []

    def walk(parent_id: int | None) -> None:
        for d in by_parent.get(parent_id, []):
            if all(r.status == CANCELLED for r in d.recipients):
                continue
            ordered.append(d)
            for r in d.recipients:
                walk(r.id)

    walk(None)
    return ordered


def render(session: Session, registration: Registration) -> bytes:
    """The lembar disposisi of a registered letter as PDF bytes."""
    pdf = _Sheet()
    pdf.set_title(f"Lembar disposisi {registration.agenda_label}")
    pdf.add_page()
    _header(pdf, session, registration)
    options = instruction_options(session)
    dispositions = _in_tree_order(session, registration)
    for disposition in dispositions or [None]:
        _disposition_block(pdf, session, disposition, options)
    _reports(pdf, session, dispositions)
    _handled(pdf, registration)
    return bytes(pdf.output())


def _handled(pdf: _Sheet, registration: Registration) -> None:
    """The addressee dealt with the letter himself: what he wrote, by whom and when."""
    if registration.handled_at is None:
        return
    person = person_text(printed_person(registration.handled_by, registration.target_position))
    pdf.font(bold=True)
    pdf.cell(0, 6, f"Ditangani tanpa disposisi, {tanggal(registration.handled_at.date())}:", new_x="LMARGIN", new_y="NEXT")
    pdf.font()
    pdf.multi_cell(0, 6, pdf.clean(registration.handled_note), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, pdf.clean(f"Oleh: {person}"), new_x="LMARGIN", new_y="NEXT")


def _reports(pdf: _Sheet, session: Session, dispositions: list[Disposition]) -> None:
    """Laporan tindak lanjut: each completed entry's note, by whom and when."""
    done = [r for d in dispositions for r in _live(d) if r.status == DONE and r.completion_note]
    if not done:
        return
    pdf.font(bold=True)
    pdf.cell(0, 6, "Laporan tindak lanjut:", new_x="LMARGIN", new_y="NEXT")
    for recipient in done:
        person = person_text(replace(_recipient_person(session, recipient), jabatan=""))
        when = localtime.format_date(recipient.completed_at, localtime.session_zone(session)) if recipient.completed_at else "-"
        pdf.font(bold=True)
        pdf.multi_cell(0, 6, pdf.clean(f"{recipient.position.name}, {when}"), new_x="LMARGIN", new_y="NEXT")
        pdf.font()
        pdf.multi_cell(0, 6, pdf.clean(recipient.completion_note), new_x="LMARGIN", new_y="NEXT")
        if person:
            pdf.multi_cell(0, 6, pdf.clean(f"Oleh: {person}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
