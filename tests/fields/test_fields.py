"""Field extraction from OCR text, clean and with the usual OCR slips."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.fields import KEYS, FieldValue, extract_fields, parse_nomor

LETTER = """PEMERINTAH KABUPATEN PENAJAM PASER UTARA
DINAS PEKERJAAN UMUM DAN PENATAAN
RUANG

Jalan Provinsi Km. 9, Penajam, Telepon (0542) 7211
Laman: https://pupr.penajamkab.go.id, Pos-el: pupr@penajamkab.go.id

Penajam, 22 Januari 2024

Nomor : 600/147/PUPR/I/2024

Sifat : Segera

Lampiran : 1 (satu) berkas

Hal : Undangan Rapat Koordinasi Pemeliharaan
Jalan Kabupaten Tahun 2024

Yth. Kepala Dinas Pendidikan
di
Tempat

Menindaklanjuti surat Gubernur Nomor 000.8/12/OR/2023 tanggal 3 Januari 2024
perihal Penataan Arsip Inaktif, dengan hormat kami sampaikan hal berikut.

Hari/Tanggal : Senin, 29 Januari 2024
Pukul : 09.00 WITA s.d. selesai

Demikian disampaikan, atas perhatiannya diucapkan terima kasih.

KEPALA DINAS PEKERJAAN UMUM DAN
PENATAAN RUANG,

Ir. H. AHMAD SUBAGIO, M.T.
Pembina Utama Muda (IV/c)
NIP. 19700101 199503 2 001

Tembusan :
1. Yth. Bupati Penajam Paser Utara (sebagai laporan);
2. Yth. Inspektur Daerah;
3. Arsip.
"""


def values(pages: list[str]) -> dict:
    return {key: value.value for key, value in extract_fields(pages).items()}


def test_clean_letter_gives_every_field():
    got = values([LETTER])
    assert got["nomor"] == "600/147/PUPR/I/2024"
    assert got["nomor_parts"] == {"classification_code": "600", "number": "147", "unit": "PUPR",
                                  "month_roman": "I", "year": "2024"}
    assert got["classification_code"] == "600"
    assert got["tanggal_surat"] == date(2024, 1, 22)
    assert got["perihal"] == "Undangan Rapat Koordinasi Pemeliharaan Jalan Kabupaten Tahun 2024"
    assert got["sifat"] == "biasa"
    assert got["urgensi"] == "segera"  # printed under the "Sifat" label
    assert got["lampiran"] == "1 (satu) berkas"
    assert got["sender"] == "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Penajam Paser Utara"
    assert got["addressee"] == "Kepala Dinas Pendidikan"
    assert got["signer_position"] == "Kepala Dinas Pekerjaan Umum dan Penataan Ruang"
    assert got["signer_name"] == "Ir. H. AHMAD SUBAGIO, M.T."
    assert got["signer_nip"] == "197001011995032001"
    assert got["tembusan"] == ["Bupati Penajam Paser Utara (sebagai laporan)", "Inspektur Daerah", "Arsip"]


def test_result_has_exactly_the_document_keys_with_confidence():
    result = extract_fields([LETTER])
    assert set(result) == set(KEYS)
    for key, item in result.items():
        assert isinstance(item, FieldValue), key
        assert 0.0 <= item.confidence <= 1.0
        assert isinstance(item.review, bool)
    assert result["nomor"].review is False and result["nomor"].confidence >= 0.9


@pytest.mark.parametrize("line", [
    "Nomor : 600/147/PUPR/I/2024", "Nomor: 600/147/PUPR/I/2024", "No. 600/147/PUPR/I/2024",
    "Nomer : 600/147/PUPR/I/2024", "Nornor : 600/147/PUPR/I/2024", "Nomor 6OO/l47/PUPR/l/2O24",
    "Nomor : 600 / 147 / PUPR / I / 2024", "Nomor : 600/1 47/PUPR/1/2024 Penajam, 22 Januari 2024",
])
def test_nomor_survives_ocr_slips(line):
    assert values([f"DINAS X\n\n{line}\nSifat : Biasa\n"])["nomor"] == "600/147/PUPR/I/2024"


def test_sifat_and_urgensi_apart_even_under_one_label():
    assert values(["Sifat : Rahasia\nKecepatan : Sangat Segera\n"])["urgensi"] == "sangat_segera"
    got = values(["Nomor : 1/2/X\nSifat : Sangat Segera/Rahasia\nHal : Uji\n"])
    assert (got["sifat"], got["urgensi"]) == ("rahasia", "sangat_segera")
    got = values(["Nomor : 1/2/X\nSifat : Sangat Rahas1a\nHal : Uji\n"])
    assert got["sifat"] == "sangat_rahasia"


def test_unreadable_sifat_in_a_field_block_is_flagged():
    result = extract_fields(["Nomor : 800/1/BKD/2024\nSifat : ####\nHal : Uji Coba\n"])
    assert result["sifat"].value == "biasa" and result["sifat"].review is True


@pytest.mark.parametrize("text,expected", [
    ("Penajam, 22 Januari 2024", date(2024, 1, 22)),
    ("Tanjung Redeb, 1 Pebruari 2022", date(2022, 2, 1)),
    ("Sleman, 3O Agustus 2O19", date(2019, 8, 30)),
    ("Penajam, 22 Janurai 2024", date(2024, 1, 22)),
    ("Ditetapkan di Sleman\npada tanggal 26 Juli 2020", date(2020, 7, 26)),
    ("Tanggal : 17 Mei 2024", date(2024, 5, 17)),
])
def test_dates_in_indonesian_with_ocr_slips(text, expected):
    assert values([f"Hari/Tanggal : Senin, 29 Januari 2024\n{text}\n"])["tanggal_surat"] == expected


def test_body_dates_and_numbers_are_not_the_letter_date_or_number():
    got = values(["Menindaklanjuti surat Nomor 000.8/12/OR/2023\ntanggal 3 Januari 2024 perihal X\n"
                  "Hari/Tanggal : Senin, 29 Januari 2024\n\nPenajam, 22 Januari 2024\n"])
    assert got["tanggal_surat"] == date(2024, 1, 22)


def test_decree_reads_number_and_subject_from_the_title():
    text = ("PEMERINTAH KOTA BALIKPAPAN\nBADAN PERENCANAAN PEMBANGUNAN DAERAH\nJalan A No. 1\n\n"
            "KEPUTUSAN KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH\n\n. NOMOR 000.8.3.3/15/OR\n"
            "TENTANG : :\nPEMBENTUKAN TIM PELAKSANA PENERAPAN SPBE TAHUN\n2024\n\n"
            "DENGAN RAHMAT TUHAN YANG MAHA ESA\n")
    end = ("Ditetapkan di Balikpapan\npada tanggal 5 Maret 2024\n\nKEPALA BADAN PERENCANAAN\n"
           "PEMBANGUNAN DAERAH,\n\nDr. SITI RAHMAWATI, S.E., M.Si.\nPembina (IV/a)\nNIP. 197001011995032001\n")
    got = values([text, end])
    assert got["nomor"] == "000.8.3.3/15/OR"
    assert got["classification_code"] == "000.8.3.3"
    assert got["perihal"] == "Pembentukan Tim Pelaksana Penerapan SPBE Tahun 2024"
    assert got["tanggal_surat"] == date(2024, 3, 5)
    assert got["sender"] == "Badan Perencanaan Pembangunan Daerah Kota Balikpapan"
    assert got["signer_position"] == "Kepala Badan Perencanaan Pembangunan Daerah"
    assert got["signer_name"] == "Dr. SITI RAHMAWATI, S.E., M.Si."
    assert got["lampiran"] is None and got["addressee"] is None


def test_nip_with_ocr_confusions_is_normalised_to_18_digits():
    got = values(["KEPALA DINAS SOSIAL,\n\nBUDI SANTOSO, S.E.\nNIP. l97OO1O1 I995O3 2 OO1\n"])
    assert got["signer_nip"] == "197001011995032001"


def test_empty_and_garbage_pages_give_empty_fields_not_errors():
    for pages in ([], [""], ["\x0c"], ["@@@ ### \n\n ..."]):
        result = extract_fields(pages)
        assert result["nomor"].value is None and result["tembusan"].value == []


@pytest.mark.parametrize("raw,parts", [
    ("600/147/PUPR/I/2024", ("600", "147", "PUPR", "I", "2024")),
    ("000.8.3.3/15/OR", ("000.8.3.3", "15", "OR", None, None)),
    ("045/123/DISDIK/VII/2025", ("045", "123", "DISDIK", "VII", "2025")),
    ("800/BKPSDM-MUT/215/2024", ("800", "215", "BKPSDM-MUT", None, "2024")),
    ("B-12/Bag.Org/2024", (None, "B-12", "Bag.Org", None, "2024")),
])
def test_parse_nomor(raw, parts):
    got = parse_nomor(raw)
    assert (got["classification_code"], got["number"], got["unit"], got["month_roman"], got["year"]) == parts


def test_document_values_and_meta_for_the_pipeline():
    from ingest.fields import document_values

    values, meta = document_values(extract_fields([LETTER]))
    assert values["tanggal_surat"] == date(2024, 1, 22) and values["sifat"] == "biasa"
    assert meta["tanggal_surat"]["extracted"] == "2024-01-22"
    assert set(meta["nomor"]) == {"confidence", "review", "extracted"}


def test_date_year_misread_by_one_digit_follows_the_number_year():
    got = extract_fields(["Nomor : 600/147/PUPR/I/2024\nPenajam, 22 Januari 2021\n"])
    assert got["tanggal_surat"].value == date(2024, 1, 22) and got["tanggal_surat"].review


def test_signature_block_debris_is_cleaned():
    text = ("KEPALA DINAS PEKERJAAN UMUM DAN\n\nPENATAAN RUANG,\n\n~ Me\n"
            "—H-AHMAD SUBAGIO s. E, M.Si.\nPembina (IV/a)\nNIP. 19700101 199503 2 001\n")
    got = values([text])
    assert got["signer_name"] == "H. AHMAD SUBAGIO, S.E., M.Si."
    assert got["signer_position"] == "Kepala Dinas Pekerjaan Umum dan Penataan Ruang"
    got = values(["Pit. KEPALA DINAS SOSIAL,\n\nDr- BUDI SANTOSO\nNIP. 197001011995032001\n"])
    assert (got["signer_position"], got["signer_name"]) == ("Plt. Kepala Dinas Sosial", "Dr. BUDI SANTOSO")


def test_truncated_year_is_completed_from_the_number():
    got = values(["Sidoarjo, 1 Agustus 202\nNomor : 200/PUPR/2248/2024\n"])
    assert got["tanggal_surat"] == date(2024, 8, 1)


def test_nota_dinas_block_and_debris():
    text = ("NOTA DINAS\nYeh, : Para Lurah dan Kepala Desa\nDari : Kepala Dinas Perhubungan\n"
            "Tanggal — : 30 Desember 2023\nNomor : 400/2452/DISHUB\n' Sifat : Terbatas\n"
            ".Kecepatan : Penting\nLampiran : -\nHal : Monitoring dan Evaluasi Penanganan Banjir di\n"
            "Kecamatan : 5\n\nBerdasarkan Peraturan Pemerintah Nomor 12 Tahun 2019 tentang\n")
    got = values([text])
    assert got["addressee"] == "Para Lurah dan Kepala Desa"
    assert got["tanggal_surat"] == date(2023, 12, 30)
    assert (got["sifat"], got["urgensi"], got["lampiran"]) == ("terbatas", "penting", None)
    assert got["perihal"] == "Monitoring dan Evaluasi Penanganan Banjir di Kecamatan"
