"""A scanned PDF page is OCR'd from its own image at the resolution it was scanned at."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.formats import PdfHandler
from ingest.pdf_pages import VECTOR_DPI, page_source
from tests.ingest.samples import FONT, write_born_digital_pdf

LINES = ["PEMERINTAH KABUPATEN PENAJAM PASER UTARA", "Nomor : 500.11.1/1642-DISHUB/2021",
         "Hal : Laporan Kinerja Evaluasi Kegiatan", "Dengan hormat, bersama ini kami sampaikan laporan",
         "hasil evaluasi pelaksanaan kegiatan tahun anggaran 2021."]


def scan_200dpi() -> Image.Image:
    """An A5-ish page at 200 dpi with 11-point text: small enough that resampling hurts."""
    image = Image.new("L", (1169, 800), 255)
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(FONT, 30)
    for i, line in enumerate(LINES):
        draw.text((60, 60 + i * 50), line, font=font, fill=0)
    return image


def ocr(image: Image.Image, tmp: Path, name: str) -> str:
    path = tmp / f"{name}.png"
    image.save(path, dpi=image.info.get("dpi", (200, 200)))
    return subprocess.run(["tesseract", str(path), "-", "-l", "ind+eng"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.ocr
@pytest.mark.parametrize("mode", ["L", "RGB", "1"])
def test_a_200_dpi_scanned_pdf_reads_as_well_as_the_same_image(tmp_path, mode):
    scan = scan_200dpi().convert(mode)
    pdf = tmp_path / "scan.pdf"
    scan.save(pdf, "PDF", resolution=200)
    page = PdfHandler().page_image(pdf, 1)
    assert page.size == scan.size and round(page.info["dpi"][0]) == 200
    from_pdf, from_png = ocr(page, tmp_path, "pdf"), ocr(scan, tmp_path, "png")
    assert " ".join(from_pdf.split()) == " ".join(from_png.split())
    assert "1642-DISHUB" in from_pdf


def _page_with_image(path: Path, pixels: int, shown_pt: float, page_pt: float = 288) -> Path:
    """A page of ``page_pt`` points with one grey image of ``pixels`` square drawn ``shown_pt`` wide."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(page_pt, page_pt))
    image = pikepdf.Stream(pdf, bytes([200]) * pixels * pixels, Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=pixels, Height=pixels,
                           ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(f"q {shown_pt} 0 0 {shown_pt} 0 0 cm /Im0 Do Q".encode())
    pdf.save(path)
    return path


def test_a_page_that_is_not_one_image_is_rendered_at_its_largest_images_resolution(tmp_path):
    whole = page_source(_page_with_image(tmp_path / "whole.pdf", 800, 288), 1)
    assert whole.image is not None and whole.image.size == (800, 800) and whole.dpi == 200
    # A 600-px stamp drawn 2 inches wide on a 4-inch page: rendered at the stamp's 300 dpi.
    stamp = page_source(_page_with_image(tmp_path / "stamp.pdf", 600, 144), 1)
    assert stamp.image is None and stamp.dpi == 300
    born_digital = write_born_digital_pdf(tmp_path / "text.pdf")
    assert page_source(born_digital, 1).image is None and page_source(born_digital, 1).dpi == VECTOR_DPI
