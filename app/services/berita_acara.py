"""The berita acara pemusnahan arsip (record of destruction) with its daftar arsip musnah, as PDF.

Pure rendering: the caller passes plain values and stores the bytes. The text is in
Indonesian because the document is an official record of an Indonesian office; times are
in the office's zone (pukul 14:33 WIB), people are named with jabatan and NIP.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from app.services import localtime
from app.services.office_settings import nip_groups

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path(__file__).resolve().parent.parent / "data" / "fonts")
SIFAT_LABELS = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia", "sangat_rahasia": "Sangat Rahasia"}
STEP_LABELS = {"review": "penilaian panitia", "approve": "pencatatan persetujuan", "execute": "pelaksanaan pemusnahan"}


@dataclass(frozen=True)
class ListedRecord:
    """One row of the daftar arsip musnah."""

    classification_code: str
    nomor: str
    tanggal_surat: date | None
    perihal: str
    page_count: int
    checksum: str
    document_id: int


@dataclass(frozen=True)
class BeritaAcara:
    number: str
    executed_at: datetime
    timezone: str
    letterhead: list[str]
    proposal_title: str
    committee: list[Any]          # people: {"name", "jabatan", "nip"} (or plain names of old proposals)
    consideration: str
    approval_authority: str
    approval_reference: str
    decision_reference: str
    approver: dict
    executor: dict
    witnesses: list[Any]
    sifat: str = "biasa"
    audit_anchor: tuple[int, str] | None = None
    same_person: list[tuple[str, str]] = field(default_factory=list)  # steps one person took, allowed by the office
    records: list[ListedRecord] = field(default_factory=list)


def tanggal(value: date | None) -> str:
    """22 Januari 2024."""
    return localtime.format_date(value, "UTC") if value else "-"


class _Pdf(FPDF):
    def __init__(self, number: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.number = number
        self.unicode = _add_fonts(self)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, size=8)
        self.cell(0, 6, self.clean(f"Berita Acara Pemusnahan Arsip {self.number} - halaman {self.page_no()}/{{nb}}"), align="C")

    @property
    def family_name(self) -> str:
        return "DejaVu" if self.unicode else "Helvetica"

    def clean(self, text: str) -> str:
        # The core font only knows Latin-1; the DejaVu font covers what letters carry.
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")


def _add_fonts(pdf: FPDF) -> bool:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return True
    return False


def render(ba: BeritaAcara) -> bytes:
    pdf = _Pdf(ba.number)
    pdf.alias_nb_pages()
    pdf.add_page()
    _heading(pdf, ba)
    _body(pdf, ba)
    _signatures(pdf, ba)
    pdf.add_page(orientation="L")
    _daftar(pdf, ba)
    return bytes(pdf.output())


def _paragraph(pdf: _Pdf, text: str, size: int = 10, bold: bool = False, align: str = "L") -> None:
    pdf.set_font(pdf.family_name, "B" if bold else "", size)
    pdf.multi_cell(0, 5.5, pdf.clean(text), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def person_line(person: Any) -> str:
    """Drs. Ahmad Yani, Kepala Dinas, NIP 19700101 199503 2 001."""
    if not isinstance(person, dict):
        return str(person)
    parts = [person.get("name") or "-", person.get("jabatan") or "-", f"NIP {nip_groups(person.get('nip')) or '-'}"]
    return ", ".join(parts)


def _heading(pdf: _Pdf, ba: BeritaAcara) -> None:
    for i, line in enumerate(ba.letterhead):
        _paragraph(pdf, line.upper() if i < 2 else line, 12 if i < 2 else 9, bold=i < 2, align="C")
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    if ba.sifat != "biasa":
        _paragraph(pdf, f"SIFAT: {SIFAT_LABELS.get(ba.sifat, ba.sifat).upper()}", 10, bold=True, align="R")
    _paragraph(pdf, "BERITA ACARA PEMUSNAHAN ARSIP", 13, bold=True, align="C")
    _paragraph(pdf, f"Nomor: {ba.number}", 10, align="C")
    pdf.ln(3)


def _body(pdf: _Pdf, ba: BeritaAcara) -> None:
    at, tz = ba.executed_at, ba.timezone
    total_pages = sum(r.page_count for r in ba.records)
    _paragraph(pdf, (
        f"Pada hari ini {localtime.format_weekday(at, tz)}, tanggal {localtime.format_date(at, tz)}, "
        f"pukul {localtime.format_time(at, tz)}, telah dilaksanakan pemusnahan arsip sebanyak {len(ba.records)} berkas "
        f"({total_pages} halaman) sebagaimana tercantum dalam Daftar Arsip Musnah terlampir, yang merupakan bagian "
        f"tidak terpisahkan dari berita acara ini."))
    _paragraph(pdf, "Pemusnahan dilaksanakan berdasarkan:", bold=True)
    for label, value in (
        ("Usul musnah", ba.proposal_title),
        ("Persetujuan", f"{ba.approval_authority}, nomor {ba.approval_reference}"),
        ("Penetapan", ba.decision_reference),
        ("Persetujuan dicatat oleh", person_line(ba.approver)),
    ):
        _paragraph(pdf, f"- {label}: {value}")
    _paragraph(pdf, "Panitia penilai arsip:", bold=True)
    for i, member in enumerate(ba.committee, start=1):
        _paragraph(pdf, f"{i}. {person_line(member)}")
    _paragraph(pdf, "Pertimbangan panitia penilai:", bold=True)
    _paragraph(pdf, ba.consideration)
    _paragraph(pdf, (
        "Arsip dimusnahkan secara total sehingga tidak dapat dikenali lagi: berkas asli dan salinan "
        "turunannya dihapus dari media penyimpanan dan dari indeks pencarian. Identitas setiap arsip "
        "(nomor, tanggal, perihal, kode klasifikasi, jumlah halaman dan sidik SHA-256) disimpan secara permanen."))
    for first, second in ba.same_person:
        _paragraph(pdf, (f"Catatan pemisahan tugas: {STEP_LABELS[first]} dan {STEP_LABELS[second]} dicatat oleh orang "
                         "yang sama, sebagaimana diizinkan oleh pengaturan kantor."), 9)
    if ba.audit_anchor:
        count, head = ba.audit_anchor
        _paragraph(pdf, f"Jangkar jejak audit: entri ke-{count}, sidik HMAC-SHA256 {head}.", 8)


def _signatures(pdf: _Pdf, ba: BeritaAcara) -> None:
    pdf.ln(3)
    _paragraph(pdf, localtime.format_date(ba.executed_at, ba.timezone), align="R")
    _paragraph(pdf, "Pelaksana pemusnahan,", bold=True, align="R")
    _paragraph(pdf, ba.executor.get("jabatan") or "", align="R")
    pdf.ln(12)
    _paragraph(pdf, ba.executor.get("name") or "-", bold=True, align="R")
    _paragraph(pdf, f"NIP {nip_groups(ba.executor.get('nip')) or '-'}", align="R")
    _paragraph(pdf, "Saksi-saksi:", bold=True)
    pdf.set_font(pdf.family_name, "", 9)
    with pdf.table(col_widths=(8, 46, 46, 44, 30), headings_style=FontFace(emphasis="BOLD"), line_height=6,
                   text_align="LEFT") as table:
        table.row([pdf.clean(h) for h in ("No", "Nama", "Jabatan", "NIP", "Tanda tangan")])
        for i, witness in enumerate(ba.witnesses, start=1):
            person = witness if isinstance(witness, dict) else {"name": str(witness)}
            table.row([pdf.clean(c) for c in (str(i), person.get("name") or "-", person.get("jabatan") or "-",
                                              nip_groups(person.get("nip")) or "-", "")])


def _daftar(pdf: _Pdf, ba: BeritaAcara) -> None:
    _paragraph(pdf, f"DAFTAR ARSIP MUSNAH - lampiran Berita Acara Nomor {ba.number}", 11, bold=True, align="C")
    pdf.set_font(pdf.family_name, "", 8)
    widths = (10, 24, 52, 24, 95, 14, 42)
    headings = ("No", "Kode", "Nomor surat", "Tanggal", "Perihal", "Hal.", "SHA-256 (awal)")
    with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=4.5,
                   text_align="LEFT") as table:
        table.row([pdf.clean(h) for h in headings])
        for i, rec in enumerate(ba.records, start=1):
            cells = (str(i), rec.classification_code or "-", rec.nomor or "-", tanggal(rec.tanggal_surat),
                     rec.perihal or "-", str(rec.page_count), rec.checksum[:16])
            table.row([pdf.clean(c) for c in cells])
