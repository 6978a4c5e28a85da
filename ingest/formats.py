"""File handlers: detect the type from the content and open pages of each kind.

One narrow protocol (``FileHandler``) and a registry, as in paperless-ngx's parsers: each
handler says which leading bytes it recognises, inspects a file (page count, limits, text
layer) and renders one page at a time, so that a 500-page scan never sits in memory whole.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import pikepdf
from PIL import Image

from config import Settings
from ingest.errors import (
    CorruptImage,
    CorruptPdf,
    EncryptedPdf,
    ImageTooLarge,
    NoPages,
    NotADocument,
    TooManyPages,
    UnsupportedType,
)
from ingest.pdf_pages import image_dimensions, page_source

RENDER_DPI = 300
MIN_TEXT_CHARS = 20  # a page with fewer letters/digits in its text layer is treated as a scan

# Signatures of things people drop into an inbox by mistake: named, so the message says what it is.
NOT_DOCUMENTS = (
    (b"PK\x03\x04", "a ZIP archive (or an Office file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"#!", "a script"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF text file"),
    (b"\xd0\xcf\x11\xe0", "an old Office file"),
)


@dataclass
class Triage:
    """What processing needs to know before it starts."""

    mime_type: str
    page_count: int
    text_pages: dict[int, str] = field(default_factory=dict)  # 1-based page -> text layer

    @property
    def needs_ocr(self) -> bool:
        return len(self.text_pages) < self.page_count


@runtime_checkable
class FileHandler(Protocol):
    mime_type: str

    def matches(self, head: bytes) -> bool: ...

    def triage(self, path: Path, settings: Settings, with_text: bool = True) -> Triage: ...

    def page_image(self, path: Path, number: int) -> Image.Image: ...


def _megapixels(width: float, height: float) -> float:
    return width * height / 1_000_000


def _bomb_megapixels(exc: Exception, limit: int) -> str:
    """The image's real size from Pillow's refusal ("Image size (1600000000 pixels) exceeds ..."):
    the clerk must read how large the page is, not a repetition of the limit."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return str(round(int(found.group(1)) / 1_000_000)) if found else f">{limit}"


def _check_pixels(width: float, height: float, settings: Settings) -> None:
    mp = _megapixels(width, height)
    if mp > settings.max_image_megapixels:
        raise ImageTooLarge(megapixels=round(mp), limit=settings.max_image_megapixels)


class PdfHandler:
    mime_type = "application/pdf"

    def matches(self, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def triage(self, path: Path, settings: Settings, with_text: bool = True) -> Triage:
        try:
            with pikepdf.open(path) as pdf:
                count = len(pdf.pages)
                if count > settings.max_pages:
                    raise TooManyPages(pages=count, limit=settings.max_pages)
                for page in pdf.pages:
                    box = page.mediabox
                    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
                    _check_pixels(width * RENDER_DPI / 72, height * RENDER_DPI / 72, settings)
                    for image_width, image_height in image_dimensions(page):  # decoded at their own size
                        _check_pixels(image_width, image_height, settings)
        except pikepdf.PasswordError:
            raise EncryptedPdf() from None
        except (pikepdf.PdfError, ValueError, KeyError, TypeError) as exc:
            raise CorruptPdf() from exc
        if count == 0:
            raise NoPages()
        return Triage(self.mime_type, count, _text_layer(path, count) if with_text else {})

    def page_image(self, path: Path, number: int) -> Image.Image:
        from pdf2image import convert_from_path
        from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

        try:
            source = page_source(path, number)
        except (pikepdf.PdfError, ValueError, KeyError, TypeError) as exc:
            raise CorruptPdf() from exc
        if source.image is not None:
            return source.image
        try:
            images = convert_from_path(str(path), dpi=source.dpi, first_page=number, last_page=number)
        except (PDFPageCountError, PDFSyntaxError) as exc:
            raise CorruptPdf() from exc
        if not images:
            raise CorruptPdf()
        images[0].info["dpi"] = (source.dpi, source.dpi)
        return images[0]


def _text_layer(path: Path, count: int) -> dict[int, str]:
    """Pages of a PDF that already carry text (born-digital or OCR'd before)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    if result.returncode != 0:
        # Poppler cannot read it: a damaged file that qpdf's recovery made look whole.
        raise CorruptPdf()
    chunks = result.stdout.decode("utf-8", "replace").split("\f")
    pages = {}
    for number, text in enumerate(chunks[:count], start=1):
        if sum(ch.isalnum() for ch in text) >= MIN_TEXT_CHARS:
            pages[number] = text.strip()
    return pages


class ImageHandler:
    """PNG, JPEG and (multi-page) TIFF."""

    def __init__(self, mime_type: str, *signatures: bytes):
        self.mime_type = mime_type
        self.signatures = signatures

    def matches(self, head: bytes) -> bool:
        return head.startswith(self.signatures)

    def triage(self, path: Path, settings: Settings, with_text: bool = True) -> Triage:
        Image.MAX_IMAGE_PIXELS = settings.max_image_megapixels * 1_000_000
        try:
            with Image.open(path) as img:
                count = getattr(img, "n_frames", 1)
                if count > settings.max_pages:
                    raise TooManyPages(pages=count, limit=settings.max_pages)
                for index in range(count):
                    img.seek(index)
                    _check_pixels(*img.size, settings)
        except Image.DecompressionBombError as exc:
            raise ImageTooLarge(megapixels=_bomb_megapixels(exc, settings.max_image_megapixels),
                                limit=settings.max_image_megapixels) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise CorruptImage() from exc
        if count == 0:
            raise NoPages()
        return Triage(self.mime_type, count)

    def page_image(self, path: Path, number: int) -> Image.Image:
        try:
            img = Image.open(path)
            if getattr(img, "n_frames", 1) == 1:
                img.load()  # Pillow closes a single-frame file once loaded: no copy needed
                return img
            with img:
                img.seek(number - 1)
                img.load()
                return img.copy()
        except Image.DecompressionBombError as exc:
            limit = round(Image.MAX_IMAGE_PIXELS / 1_000_000) if Image.MAX_IMAGE_PIXELS else 0
            raise ImageTooLarge(megapixels=_bomb_megapixels(exc, limit), limit=limit) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise CorruptImage() from exc


HANDLERS: list[FileHandler] = [
    PdfHandler(),
    ImageHandler("image/png", b"\x89PNG\r\n\x1a\n"),
    ImageHandler("image/jpeg", b"\xff\xd8\xff"),
    ImageHandler("image/tiff", b"II*\x00", b"MM\x00*"),
]


def handler_for(head: bytes) -> FileHandler:
    """The handler for these leading bytes, or an error saying what the file is instead."""
    for handler in HANDLERS:
        if handler.matches(head):
            return handler
    for signature, kind in NOT_DOCUMENTS:
        if head.startswith(signature):
            raise NotADocument(kind=kind)
    raise UnsupportedType()


def handler_for_mime(mime_type: str) -> FileHandler:
    for handler in HANDLERS:
        if handler.mime_type == mime_type:
            return handler
    raise UnsupportedType()
