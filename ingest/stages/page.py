"""One page, start to finish: image -> geometry -> OCR (or its text layer) -> viewer images.

Runs in a thread of the document's page pool; the heavy work is in Tesseract processes,
limited machine-wide by ``ingest.slots``. Only this page's image is in memory.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ingest.formats import FileHandler
from ingest.slots import ocr_slot
from ingest.stages import geometry, tesseract

VIEW_WIDTH = 1400
THUMB_WIDTH = 200
LOW_CONFIDENCE = 55.0   # below this mean word confidence the page may be upside down
JPEG_QUALITY = 85


@dataclass(frozen=True)
class PageJob:
    """Everything one page needs; plain values so it could cross a process boundary."""

    number: int
    source: Path
    work_dir: Path
    view_image: Path
    thumbnail: Path
    languages: str
    slot_dir: Path
    jobs: int
    text_layer: str | None = None   # born-digital page: its own text, no OCR


@dataclass(frozen=True)
class PageResult:
    number: int
    text: str
    confidence: float | None
    width: int
    height: int
    rotated: int = 0
    skew: float = 0.0
    pdf: Path | None = None         # None: the original PDF page is already searchable


def process_page(job: PageJob, handler: FileHandler) -> PageResult:
    if job.text_layer is not None:
        return _born_digital_page(job)
    image = geometry.normalise_mode(handler.page_image(job.source, job.number))
    geo = geometry.analyse(image)
    rotated = 0
    if geo.upside_down:
        image, rotated = geometry.turn_upright(image, 180), 180
        geo = geometry.Geometry(geo.skew, False)
    image_file = _write_ocr_input(image, job)
    if geo.sideways:
        image, image_file, geo, rotated = _turn(job, image, image_file, geo)
    out = _ocr(job, image_file)
    if out.confidence is None or out.confidence < LOW_CONFIDENCE:
        # Line shapes misled us, or a page the cheap tests cannot judge: ask Tesseract's OSD.
        turned = _turn(job, image, image_file, geo)
        if turned[3]:
            image, image_file, geo = turned[:3]
            rotated = (rotated + turned[3]) % 360
            out = _ocr(job, image_file)
    if geo.skew:
        _deskew_pdf_page(out.pdf, geo.skew)
    _write_viewer_images(image, geo.skew, job)
    return PageResult(job.number, out.text, out.confidence, image.width, image.height, rotated, geo.skew, out.pdf)


def _ocr(job: PageJob, image_file: Path) -> tesseract.OcrOutput:
    with ocr_slot(job.slot_dir, job.jobs):
        return tesseract.run_ocr(image_file, job.work_dir / f"p{job.number:04d}", job.languages, job.number)


def _turn(job, image, image_file, geo):
    """Ask Tesseract's OSD which way is up; turn the page if it says so."""
    with ocr_slot(job.slot_dir, job.jobs):
        degrees = tesseract.detect_rotation(image_file, job.number)
    if not degrees:
        return image, image_file, geo, 0
    image = geometry.turn_upright(image, degrees)
    return image, _write_ocr_input(image, job), geometry.analyse(image), degrees


def _write_ocr_input(image: Image.Image, job: PageJob) -> Path:
    # JPEG goes into Tesseract's PDF unchanged (no re-encoding); bilevel scans stay lossless.
    if image.mode == "1":
        path = job.work_dir / f"in{job.number:04d}.png"
        image.save(path, dpi=_dpi(image))
    else:
        path = job.work_dir / f"in{job.number:04d}.jpg"
        image.save(path, quality=JPEG_QUALITY, dpi=_dpi(image))
    return path


def _dpi(image: Image.Image) -> tuple[int, int]:
    dpi = image.info.get("dpi") or (300, 300)
    x = int(round(float(dpi[0]))) or 300
    y = int(round(float(dpi[1]))) or x
    # Scanners that claim 72 dpi for a 2500-px page would make a poster-sized PDF page.
    return (x, y) if 100 <= x <= 1200 else (300, 300)


def _deskew_pdf_page(pdf: Path, skew: float) -> None:
    """Rotate the page content (image and text layer together) about the page centre."""
    import pikepdf

    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        page = doc.pages[0]
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        c, s = math.cos(math.radians(skew)), math.sin(math.radians(skew))
        e, f = cx - c * cx + s * cy, cy - s * cx - c * cy
        page.contents_add(f"q {c:.6f} {s:.6f} {-s:.6f} {c:.6f} {e:.3f} {f:.3f} cm\n".encode(), prepend=True)
        page.contents_add(b"\nQ\n")
        doc.save(pdf)


def _write_viewer_images(image: Image.Image, skew: float, job: PageJob) -> None:
    small = image.convert("L") if image.mode == "1" else image
    if small.width > VIEW_WIDTH:
        size = (VIEW_WIDTH, max(1, round(small.height * VIEW_WIDTH / small.width)))
        small = small.resize(size, Image.BILINEAR, reducing_gap=2.0)
    small = geometry.straighten(small, skew)
    job.view_image.parent.mkdir(parents=True, exist_ok=True)
    job.thumbnail.parent.mkdir(parents=True, exist_ok=True)
    small.save(job.view_image, quality=80)
    thumb = small.resize((THUMB_WIDTH, max(1, round(small.height * THUMB_WIDTH / small.width))), Image.BILINEAR)
    thumb.save(job.thumbnail, quality=75)


def _born_digital_page(job: PageJob) -> PageResult:
    from pdf2image import convert_from_path

    image = convert_from_path(str(job.source), size=(VIEW_WIDTH, None), first_page=job.number,
                              last_page=job.number)[0]
    _write_viewer_images(image, 0.0, job)
    return PageResult(job.number, job.text_layer or "", None, image.width, image.height)
