"""Perihal over two lines, and letters without a Hal."""
from __future__ import annotations

import pytest

from ingest.fields import extract_fields
from tests.fields.test_letter_date import HEAD


@pytest.mark.parametrize("second", ["per Kecamatan Tahun 2024", "per kecamatan tahun 2024"])
def test_a_perihal_over_two_lines_keeps_both(second):
    text = (HEAD + "Nomor : 005/3/DISDIK/I/2024\nSifat : Biasa\nLampiran : -\n"
            f"Hal : Permohonan data jumlah penduduk\n{second}\n\nYth. Kepala BPS\ndi\nTempat\n")
    assert extract_fields([text])["perihal"].value == f"Permohonan data jumlah penduduk {second}"


def test_a_letter_without_hal_has_no_perihal():
    text = (HEAD + "SURAT TUGAS\nNomor : 800/12/DISDIK/2024\n\nYang bertanda tangan di bawah ini\n"
            "menugaskan pegawai berikut untuk mengikuti pelatihan.\n")
    assert extract_fields([text])["perihal"].value is None


def test_the_place_and_date_under_the_hal_block_is_not_part_of_the_subject():
    text = (HEAD + "Nomor : 6807/UN10.4.D/TU.00.01/2023\nSifat : Terbatas\nLampiran : -\n"
            "Hal : Undangan Seminar Hasil Penelitian Dosen\n\nPenajam, 11 Februari 2023\n\nKepada\nYth. Dekan\n")
    assert extract_fields([text])["perihal"].value == "Undangan Seminar Hasil Penelitian Dosen"
    text = text.replace("\n\nPenajam", "\nPenajam")
    assert extract_fields([text])["perihal"].value == "Undangan Seminar Hasil Penelitian Dosen"
