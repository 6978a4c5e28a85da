"""Word boxes from Tesseract's TSV, and lines rebuilt from them, with real Tesseract."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.fields import extract_fields
from ingest.words import find_phrase, load_words, parse_tsv, rebuild_lines, save_words
from tests.ingest.samples import FONT

pytestmark = pytest.mark.ocr

ROWS = [("Nomor", "500.11.1/1642-DISHUB/2021", "Penajam, 12 Maret 2021"), ("Sifat", "Penting", ""),
        ("Lampiran", "1 (satu) berkas", "Kepada"), ("Hal", "Laporan Evaluasi Kinerja", "Yth. Kepala Bappeda"),
        ("", "Angkutan Umum Tahun 2020", "di"), ("", "", "   Penajam")]
BODY = ["Dengan hormat, bersama ini kami sampaikan laporan evaluasi kinerja",
        "angkutan umum tahun 2020 untuk bahan penyusunan rencana kerja."]


def two_column_heading() -> Image.Image:
    """The common heading: Nomor/Sifat/Lampiran/Hal left, the date and the addressee right."""
    image = Image.new("L", (2480, 1500), 255)
    draw, font, big = ImageDraw.Draw(image), ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT, 48)
    draw.text((600, 80), "PEMERINTAH KABUPATEN PENAJAM PASER UTARA", font=big, fill=0)
    draw.text((800, 150), "DINAS PERHUBUNGAN", font=big, fill=0)
    y = 320
    for label, value, right in ROWS:
        if label:
            draw.text((150, y), label, font=font, fill=0)
            draw.text((420, y), ":", font=font, fill=0)
        draw.text((460, y), value, font=font, fill=0)
        draw.text((1500, y), right, font=font, fill=0)
        y += 62
    for line in BODY:
        y += 62
        draw.text((150, y), line, font=font, fill=0)
    return image


@pytest.fixture(scope="module")
def read_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("words")
    image = two_column_heading()
    image.save(tmp / "page.png", dpi=(300, 300))
    subprocess.run(["tesseract", str(tmp / "page.png"), str(tmp / "page"), "-l", "ind+eng", "txt", "tsv"],
                   check=True, capture_output=True)
    return image, (tmp / "page.txt").read_text(), (tmp / "page.tsv").read_text()


def test_boxes_are_relative_to_the_page_and_survive_storage(read_page, tmp_path):
    image, _, tsv = read_page
    words = parse_tsv(tsv, image.width, image.height)
    nomor = next(w for w in words if w.text.startswith("500.11.1"))
    assert 0.15 < nomor.x < 0.2 and 0.2 < nomor.y < 0.25 and nomor.conf > 50
    assert all(0 <= w.x <= 1 and 0 <= w.y <= 1 and 0 < w.w <= 1 for w in words)
    save_words(tmp_path / "p.json", words)
    assert load_words(tmp_path / "p.json") == words
    assert load_words(tmp_path / "missing.json") == []


def test_lines_give_the_left_column_then_the_right(read_page):
    image, _, tsv = read_page
    lines = rebuild_lines(parse_tsv(tsv, image.width, image.height))
    assert lines.index("Hal : Laporan Evaluasi Kinerja") + 1 == lines.index("Angkutan Umum Tahun 2020")
    assert lines.index("Yth. Kepala Bappeda") > lines.index("Angkutan Umum Tahun 2020")


def test_fields_from_rebuilt_lines_where_tesseracts_text_mixes_the_columns(read_page):
    image, text, tsv = read_page
    got = extract_fields(["\n".join(rebuild_lines(parse_tsv(tsv, image.width, image.height)))])
    assert got["perihal"].value == "Laporan Evaluasi Kinerja Angkutan Umum Tahun 2020"
    assert got["lampiran"].value == "1 (satu) berkas" and got["addressee"].value == "Kepala Bappeda"
    assert got["nomor"].value == "500.11.1/1642-DISHUB/2021" and got["urgensi"].value == "penting"
    assert str(got["tanggal_surat"].value) == "2021-03-12"


def test_a_value_is_found_where_it_was_printed(read_page):
    image, _, tsv = read_page
    words = parse_tsv(tsv, image.width, image.height)
    x, y, w, h = find_phrase(words, "500.11.1/1642-DISHUB/2021")
    assert 0.15 < x < 0.2 and 0.2 < y < 0.25 and 0 < w < 0.5 and 0 < h < 0.05
    two_lines = find_phrase(words, "Laporan Evaluasi Kinerja Angkutan Umum Tahun 2020")
    assert two_lines is not None and two_lines[3] > 2 * h  # the box spans both lines
    assert find_phrase(words, "Tidak Tercetak Di Halaman") is None and find_phrase(words, "") is None
