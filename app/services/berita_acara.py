"""The berita acara pemusnahan arsip (record of destruction) with its daftar arsip musnah, as PDF.

Pure rendering: the caller passes plain values and stores the bytes. The text is in
Indonesian because the document is an official record of an Indonesian office.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path(__file__).resolve().parent.parent / "data" / "fonts")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


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
    office: str
    proposal_title: str
    committee: list[str]
    consideration: str
    approval_authority: str
    approval_reference: str
    decision_reference: str
    executed_by: str
    witnesses: list[str]
    records: list[ListedRecord] = field(default_factory=list)


def tanggal(value: date | None) -> str:
    """22 Januari 2024."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else "-"


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


def _heading(pdf: _Pdf, ba: BeritaAcara) -> None:
    _paragraph(pdf, ba.office.upper(), 11, bold=True, align="C")
    _paragraph(pdf, "BERITA ACARA PEMUSNAHAN ARSIP", 13, bold=True, align="C")
    _paragraph(pdf, f"Nomor: {ba.number}", 10, align="C")
    pdf.ln(3)


def _body(pdf: _Pdf, ba: BeritaAcara) -> None:
    day = ba.executed_at
    total_pages = sum(r.page_count for r in ba.records)
    _paragraph(pdf, (
        f"Pada hari ini {DAYS[day.weekday()]}, tanggal {tanggal(day.date())}, pukul {day:%H:%M} UTC, "
        f"telah dilaksanakan pemusnahan arsip sebanyak {len(ba.records)} berkas ({total_pages} halaman) "
        f"sebagaimana tercantum dalam Daftar Arsip Musnah terlampir, yang merupakan bagian tidak terpisahkan "
        f"dari berita acara ini."))
    _paragraph(pdf, "Pemusnahan dilaksanakan berdasarkan:", bold=True)
    for label, value in (
        ("Usul musnah", ba.proposal_title),
        ("Persetujuan", f"{ba.approval_authority}, nomor {ba.approval_reference}"),
        ("Penetapan", ba.decision_reference),
    ):
        _paragraph(pdf, f"- {label}: {value}")
    _paragraph(pdf, "Panitia penilai arsip:", bold=True)
    for i, member in enumerate(ba.committee, start=1):
        _paragraph(pdf, f"{i}. {member}")
    _paragraph(pdf, "Pertimbangan panitia penilai:", bold=True)
    _paragraph(pdf, ba.consideration)
    _paragraph(pdf, (
        "Arsip dimusnahkan secara total sehingga tidak dapat dikenali lagi: berkas asli dan salinan "
        "turunannya dihapus dari media penyimpanan dan dari indeks pencarian. Identitas setiap arsip "
        "(nomor, tanggal, perihal, kode klasifikasi, jumlah halaman dan sidik SHA-256) disimpan secara permanen."))


def _signatures(pdf: _Pdf, ba: BeritaAcara) -> None:
    pdf.ln(4)
    _paragraph(pdf, "Pelaksana pemusnahan,", bold=True, align="L")
    _paragraph(pdf, ba.executed_by, align="L")
    if ba.witnesses:
        _paragraph(pdf, "Saksi-saksi:", bold=True, align="L")
        for i, witness in enumerate(ba.witnesses, start=1):
            _paragraph(pdf, f"{i}. {witness}    ( ........................ )", align="L")


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
