"""Small sample files for ingestion tests: every format and every kind of bad input.

Pages are small (150 dpi, a few lines of large text) so that Tesseract reads each in a
fraction of a second.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
DPI = 150
OCRMYPDF_SDIST = "ocrmypdf==17.13.0"
REAL_SCANS = ("skew.pdf", "rotated_skew.pdf", "ccitt.pdf", "jbig2.pdf", "invalid.pdf", "enormous.pdf",
              "linn.txt")  # linn.txt: the text of the page that skew.pdf and ccitt.pdf scan


def text_page(lines: list[str], size=(1240, 820)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)
    y = 60
    for line in lines:
        draw.text((70, y), line, font=font, fill=0)
        y += 60
    return image


PAGE_1 = ["PEMERINTAH KABUPATEN PENAJAM", "Nomor : 600/147/PUPR/I/2024", "Perihal : Undangan Rapat Koordinasi",
          "Dengan hormat, kami mengundang", "Bapak untuk hadir pada rapat."]
PAGE_2 = ["Halaman kedua surat dinas", "Tembusan : Inspektorat Daerah", "Arsip kearsipan daerah"]


def write_png(path: Path, lines=PAGE_1) -> Path:
    text_page(lines).save(path, dpi=(DPI, DPI))
    return path


def write_jpeg(path: Path, lines=PAGE_1) -> Path:
    text_page(lines).save(path, quality=90, dpi=(DPI, DPI))
    return path


def write_tiff(path: Path, pages=(PAGE_1, PAGE_2)) -> Path:
    images = [text_page(lines) for lines in pages]
    images[0].save(path, save_all=True, append_images=images[1:], dpi=(DPI, DPI), compression="tiff_deflate")
    return path


def write_scanned_pdf(path: Path, pages=(PAGE_1, PAGE_2)) -> Path:
    images = [text_page(lines).convert("RGB") for lines in pages]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=DPI)
    return path


def write_born_digital_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    for lines in (PAGE_1, PAGE_2):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_rotated_png(path: Path) -> Path:
    text_page(PAGE_1).transpose(Image.Transpose.ROTATE_180).save(path, dpi=(DPI, DPI))
    return path


def write_encrypted_pdf(path: Path, source: Path) -> Path:
    import pikepdf

    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    return path


def write_many_pages_pdf(path: Path, pages: int) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    pdf.save(path)
    return path


def write_many_pages_tiff(path: Path, pages: int) -> Path:
    frames = [Image.new("1", (16, 16), 1) for _ in range(pages)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    return path


def write_bomb_png(path: Path, side: int = 16000) -> Path:
    """A few kilobytes that decode to side² pixels (256 MP by default)."""
    Image.new("1", (side, side), 1).save(path, optimize=True)
    return path


def write_zip_as_pdf(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("surat.txt", "bukan PDF")
    path.write_bytes(buffer.getvalue())
    return path


def write_exe_as_pdf(path: Path) -> Path:
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode")
    return path


def write_truncated_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def fetch_real_scans(cache: Path) -> dict[str, Path]:
    """OCRmyPDF's own odd test scans (skew, rotation, CCITT, JBIG2, invalid, enormous), cached."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = {name: cache / name for name in REAL_SCANS}
    if all(p.is_file() for p in wanted.values()):
        return wanted
    sdists = list(cache.glob("ocrmypdf-*.tar.gz"))
    if not sdists:
        subprocess.run([_pip(), "download", "--no-binary", ":all:", "--no-deps", OCRMYPDF_SDIST, "-d", str(cache), "-q"],
                       check=True)
        sdists = list(cache.glob("ocrmypdf-*.tar.gz"))
    with tarfile.open(sdists[0]) as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if "/tests/resources/" in member.name and name in wanted:
                wanted[name].write_bytes(tar.extractfile(member).read())
    return wanted


def _pip() -> str:
    import sys

    return str(Path(sys.executable).with_name("pip"))
