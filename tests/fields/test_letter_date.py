"""The letter's own date wins over the other dates a letter prints; other ways of writing dates."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.fields import extract_fields

HEAD = "PEMERINTAH KABUPATEN PENAJAM PASER UTARA\nDINAS PENDIDIKAN\nJalan Provinsi Km 9\n\n"
BODY = ("\nYth. Kepala Sekolah\ndi\nTempat\n\nDengan hormat, dalam rangka rapat koordinasi yang akan\n"
        "dilaksanakan pada hari Senin, 15 Januari 2024 pukul 09.00 WITA, bersama ini kami\n"
        "mengundang Bapak/Ibu. Batas konfirmasi 12 Januari 2024.\n")


def tanggal(text: str):
    result = extract_fields([text])["tanggal_surat"]
    return result.value, result.review


def test_a_hijri_date_above_the_masehi_one():
    text = (HEAD + "Nomor : 451/12/KESRA/XII/2023\nHal : Peringatan Hari Besar\n\n"
            "                         Penajam, 21 Jumadil Ula 1445 H\n"
            "                                   05 Desember 2023 M\n" + BODY)
    assert tanggal(text) == (date(2023, 12, 5), False)


def test_a_hijri_date_beside_the_masehi_one():
    text = HEAD + "Penajam, 05 Desember 2023 M / 21 Jumadil Ula 1445 H\nNomor : 451/12/KESRA/2023\n" + BODY
    assert tanggal(text) == (date(2023, 12, 5), False)


def test_a_date_line_without_its_place_beats_meeting_dates_in_the_body():
    text = HEAD + "                                              10 Januari 2024\nNomor : 005/3/DISDIK/I/2024\n" + BODY
    assert tanggal(text) == (date(2024, 1, 10), False)


def test_a_date_on_the_right_of_the_nomor_line():
    text = HEAD + "Nomor : 005/3/DISDIK/I/2024          10 Januari 2024\nSifat : Biasa\nHal : Undangan\n" + BODY
    assert tanggal(text) == (date(2024, 1, 10), False)


@pytest.mark.parametrize("written", ["12 Jan 2024", "12-01-2024", "12.01.2024", "Januari 12, 2024",
                                     "12 Januari 2024", "12 JANUARI 2024"])
def test_other_ways_of_writing_the_date(written):
    text = HEAD + f"Penajam, {written}\nNomor : 005/3/DISDIK/I/2024\nHal : Undangan\n" + BODY
    assert tanggal(text) == (date(2024, 1, 12), False)


def test_only_body_dates_is_a_guess_flagged_for_review():
    text = HEAD + "Nomor : 005/3/DISDIK/I/2024\nHal : Undangan\n" + BODY
    assert tanggal(text) == (date(2024, 1, 15), True)


def test_a_letter_number_is_never_read_as_a_date():
    text = HEAD + "Nomor : 12/01/2024\nHal : Undangan\n\nDengan hormat, kami sampaikan.\n"
    assert tanggal(text) == (None, True)

