"""The lembar disposisi PDF: its text, read back with pypdf."""
from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from app.services import disposition as dsp
from app.services import lembar


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_blank_form_before_disposition(session, org, registered):
    text = _text(lembar.render(session, registered))
    assert "LEMBAR DISPOSISI" in text and "DINAS PENDIDIKAN" in text
    assert "Bappeda Kabupaten Penajam" in text and "045/123/DISDIK/VII/2025" in text
    assert f"Nomor agenda: {registered.agenda_label}" in text.replace(" :", ":")
    assert "[X]" not in text and "Untuk diketahui" in text and "Arsipkan" in text


def test_filled_form_lists_recipients_ticks_and_paraf(session, org, registered):
    deadline = date.today() + timedelta(days=3)
    top = dsp.dispose(session, org.users["kadis"], registered, [org.kabid_a.id, org.kabid_b.id],
                      ["Untuk ditindaklanjuti", "Koordinasikan"], note="Hadir mewakili saya", deadline=deadline)
    entry_a = next(r for r in top.recipients if r.position_id == org.kabid_a.id)
    dsp.dispose(session, org.users["kabid_a"], entry_a, [org.kasi_a1.id], ["Siapkan jawaban / konsep"])
    text = _text(lembar.render(session, registered))
    flat = " ".join(text.split())
    for expected in (
        "Surat dari", "Nomor surat", "Tanggal surat", "Diterima tanggal", "Sifat", "Hal",
        "Undangan rapat koordinasi kurikulum", "Segera",
        "Diteruskan kepada: (dari Kepala Dinas)", "- Kepala Bidang Pendidikan Dasar", "- Sekretaris",
        "[X] Untuk ditindaklanjuti", "[X] Koordinasikan", "[ ] Untuk diketahui",
        "Hadir mewakili saya", lembar.tanggal(deadline), "Paraf", "kadis",
        "(dari Kepala Bidang Pendidikan Dasar)", "- Kepala Seksi Kurikulum", "[X] Siapkan jawaban / konsep",
    ):
        assert expected in flat, expected
    assert flat.count("[X]") == 3
    assert lembar.tanggal(registered.received_date) in flat


def test_tanggal_in_indonesian():
    assert lembar.tanggal(date(2024, 1, 22)) == "22 Januari 2024"
    assert lembar.tanggal(None) == "-"
