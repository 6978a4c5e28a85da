"""One page, start to finish: image -> geometry -> OCR (or its text layer) -> viewer images.

Runs in a thread of the document's page pool; the heavy work is in Tesseract processes,
limited machine-wide by ``ingest.slots``. Only this page's image is in memory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ingest import words
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
    words_file: Path
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
    lines: tuple[str, ...] = ()     # text lines rebuilt from word boxes (OCR'd pages only)


@dataclass
class _Page:
    """The page as it is turned: full image (for Tesseract), reduced copy (geometry, viewer)."""

    image: Image.Image
    small: Image.Image
    geo: geometry.Geometry
    file: Path | None = None
    skew: float = 0.0  # degrees already straightened

    rotated: int = 0

    def turn(self, degrees: int, job: PageJob) -> None:
        self.image = geometry.turn_upright(self.image, degrees)
        self.small = geometry.turn_upright(self.small, degrees)
        # Half a turn keeps the lines' slope: only a quarter turn needs a new look.
        self.geo = geometry.Geometry(self.geo.skew, False) if degrees == 180 else geometry.analyse(self.small)
        self.rotated = (self.rotated + degrees) % 360
        self.file = _write_ocr_input(self.image, job)

    def straighten(self, job: PageJob) -> None:
        """Deskew before OCR: Tesseract reads a page skewed by 2 degrees with a character error rate
        of ~0.4 and the same page upright with ~0.01 (OCRmyPDF's skew.pdf against ccitt.pdf)."""
        if not self.geo.skew:
            return
        self.image = geometry.straighten(self.image, self.geo.skew)
        self.small = geometry.straighten(self.small, self.geo.skew)
        self.skew += self.geo.skew
        self.geo = geometry.Geometry(0.0, False)
        self.file = _write_ocr_input(self.image, job)


def process_page(job: PageJob, handler: FileHandler) -> PageResult:
    if job.text_layer is not None:
        return _born_digital_page(job)
    image = geometry.normalise_mode(handler.page_image(job.source, job.number))
    small = _reduced(image)  # decoded once; everything but OCR works on this copy
    page = _Page(image, small, geometry.analyse(small))
    if page.geo.upside_down:
        page.turn(180, job)
    else:
        page.file = _write_ocr_input(image, job)
    if page.geo.sideways:
        _turn_by_osd(job, page)
    page.straighten(job)
    out = _ocr(job, page.file)
    if out.confidence is None or out.confidence < LOW_CONFIDENCE:
        # Line shapes misled us, or a page the cheap tests cannot judge: ask Tesseract's OSD.
        if _turn_by_osd(job, page):
            page.straighten(job)
            out = _ocr(job, page.file)
    _write_viewer_images(page.small, job)
    boxes = words.parse_tsv(out.tsv, page.image.width, page.image.height)
    words.save_words(job.words_file, boxes)
    return PageResult(job.number, out.text, out.confidence, page.image.width, page.image.height, page.rotated,
                      page.skew, out.pdf, tuple(words.rebuild_lines(boxes)))


def _reduced(image: Image.Image) -> Image.Image:
    """A copy about VIEW_WIDTH wide by whole-pixel box reduction (cheap: no resampling filter);
    300-dpi A4 becomes 1240 px. Bilevel scans become grey so the copy reads well on screen."""
    factor = max(1, round(image.width / VIEW_WIDTH))
    small = image.convert("L") if image.mode == "1" else image
    return small.reduce(factor) if factor > 1 else small.copy()


def _ocr(job: PageJob, image_file: Path) -> tesseract.OcrOutput:
    with ocr_slot(job.slot_dir, job.jobs):
        return tesseract.run_ocr(image_file, job.work_dir / f"p{job.number:04d}", job.languages, job.number)


def _turn_by_osd(job: PageJob, page: _Page) -> int:
    """Ask Tesseract's OSD which way is up; turn the page if it says so."""
    with ocr_slot(job.slot_dir, job.jobs):
        degrees = tesseract.detect_rotation(page.file, job.number)
    if degrees:
        page.turn(degrees, job)
    return degrees


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


def _write_viewer_images(small: Image.Image, job: PageJob) -> None:
    """Viewer image and thumbnail from the reduced copy (already upright and straight)."""
    job.view_image.parent.mkdir(parents=True, exist_ok=True)
    job.thumbnail.parent.mkdir(parents=True, exist_ok=True)
    _save_jpeg(small, job.view_image, 80)
    factor = max(1, small.width // THUMB_WIDTH)
    thumb = small.reduce(factor) if factor > 1 else small
    _save_jpeg(thumb, job.thumbnail, 75)


def _save_jpeg(image: Image.Image, target: Path, quality: int) -> None:
    """Written beside the target, then renamed: a full disk never leaves half an image."""
    part = target.with_name(target.name + ".part")
    try:
        image.save(part, format="JPEG", quality=quality)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _born_digital_page(job: PageJob) -> PageResult:
    from pdf2image import convert_from_path

    image = convert_from_path(str(job.source), size=(VIEW_WIDTH, None), first_page=job.number,
                              last_page=job.number)[0]
    _write_viewer_images(geometry.normalise_mode(image), job)
    return PageResult(job.number, job.text_layer or "", None, image.width, image.height)
