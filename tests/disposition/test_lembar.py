"""The lembar disposisi PDF: its text, read back with pypdf."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app.services import disposition as dsp
from app.services import lembar, office_settings
from app.services import registration as reg


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
        "Hadir mewakili saya", lembar.tanggal(deadline), "Paraf",
        "(dari Kepala Bidang Pendidikan Dasar)", "- Kepala Seksi Kurikulum", "[X] Siapkan jawaban / konsep",
    ):
        assert expected in flat, expected
    assert flat.count("[X]") == 3
    assert lembar.tanggal(registered.received_date) in flat


def test_tanggal_in_indonesian():
    assert lembar.tanggal(date(2024, 1, 22)) == "22 Januari 2024"
    assert lembar.tanggal(None) == "-"


def _name_people(org) -> None:
    people = {"kadis": ("Drs. Hendra Wijaya, M.Pd.", "196805121994031007"),
              "kabid_a": ("Sri Wahyuni, S.Pd.", "197503022000122003"),
              "kasi": ("Andi Saputra, S.Kom.", "198201152006041002")}
    for username, (name, nip) in people.items():
        org.users[username].full_name, org.users[username].nip = name, nip


def test_people_by_name_jabatan_and_nip_under_the_letterhead_with_reports(session, org, registered):
    _name_people(org)
    office_settings.set_letterhead(session, org.users["admin"], "Pemerintah Kabupaten Penajam Paser Utara",
                                   "Dinas Pendidikan dan Kebudayaan", "Jl. Provinsi Km 9, Penajam 76141")
    top = dsp.dispose(session, org.users["kadis"], registered, [org.kabid_a.id, org.kabid_b.id], ["Untuk diketahui"])
    entry_a = next(r for r in top.recipients if r.position_id == org.kabid_a.id)
    further = dsp.dispose(session, org.users["kabid_a"], entry_a, [org.kasi_a1.id], ["Siapkan jawaban / konsep"])
    dsp.complete(session, org.users["kasi"], further.recipients[0], "Konsep jawaban sudah diserahkan ke Kabid")
    dsp.complete(session, org.users["kabid_a"], entry_a, "Rapat dihadiri, notulen terlampir")
    flat = " ".join(_text(lembar.render(session, registered)).split())
    kop = flat.index("PEMERINTAH KABUPATEN PENAJAM PASER UTARA")
    assert kop < flat.index("DINAS PENDIDIKAN DAN KEBUDAYAAN") < flat.index("Jl. Provinsi Km 9, Penajam 76141") < flat.index("LEMBAR DISPOSISI")
    for expected in (
        "Paraf : Drs. Hendra Wijaya, M.Pd. (Kepala Dinas), NIP 19680512 199403 1 007",
        "- Kepala Bidang Pendidikan Dasar: Sri Wahyuni, S.Pd., NIP 19750302 200012 2 003",
        "Laporan tindak lanjut:",
        "Konsep jawaban sudah diserahkan ke Kabid",
        "Kepala Seksi Kurikulum, ", "Oleh: Andi Saputra, S.Kom., NIP 19820115 200604 1 002",
        "Rapat dihadiri, notulen terlampir",
    ):
        assert expected in flat, expected
    for username in ("kadis", "kabid_a", "kasi"):
        assert f" {username} " not in f" {flat} "  # user names are never printed


def test_letterhead_defaults_to_the_top_unit_and_only_admin_sets_it(session, org):
    assert office_settings.letterhead(session).lines() == ["Dinas Pendidikan"]
    with pytest.raises(office_settings.SettingsRefused):
        office_settings.set_letterhead(session, org.users["kadis"], "x", "y", "z")
    with pytest.raises(office_settings.SettingsRefused):
        office_settings.set_letterhead(session, org.users["admin"], "x" * 301, "", "")


def test_nip_is_stored_as_digits_and_checked(session, org):
    from app.services import users

    user = users.create_user(session, "pegawai", "kata-sandi-panjang", "staf", full_name="Rina", nip="19700101 199503 2 001")
    assert user.nip == "197001011995032001"
    assert office_settings.printed_person(user).nip == "19700101 199503 2 001"
    with pytest.raises(users.UserError):
        users.update_user(session, user, nip="1970-01-01")
    assert users.update_user(session, user, nip="") == ["nip"] and user.nip is None


def test_a_letter_handled_without_disposition_says_so(session, org, registered):
    _name_people(org)
    reg.mark_handled(session, registered, org.users["kadis"], "Dijawab langsung melalui telepon")
    flat = " ".join(_text(lembar.render(session, registered)).split())
    assert "Ditangani tanpa disposisi" in flat and "Dijawab langsung melalui telepon" in flat
    assert "Oleh: Drs. Hendra Wijaya, M.Pd. (Kepala Dinas), NIP 19680512 199403 1 007" in flat
