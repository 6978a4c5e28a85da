"""The image of a PDF page at the resolution it was scanned at.

A scanned PDF is usually one embedded image per page. Re-rendering it at a fixed 300 dpi
resamples a 200-dpi scan and Tesseract then reads garbage where the scan itself reads well;
it is also slower. So a page that is one image covering the page is OCR'd from that image as
stored (pikepdf extracts it without re-encoding); any other page is rendered at the resolution
of its largest image, or at 300 dpi when it has none (vector text).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image

log = logging.getLogger(__name__)

VECTOR_DPI = 300
MIN_DPI, MAX_DPI = 100, 600  # a rendering outside this range is either unreadable or wasted
COVERS_PAGE = 0.9  # share of the page's area the one image must cover to be "the page"
PLACEMENT_OPS = {"q", "Q", "cm", "Do", "gs"}  # operators that only place an image


@dataclass(frozen=True)
class PageSource:
    """How to get a page's pixels: its one image as stored, or a rendering at ``dpi``."""

    image: Image.Image | None
    dpi: int


def page_source(path: Path, number: int) -> PageSource:
    with pikepdf.open(path) as pdf:
        page = pdf.pages[number - 1]
        width_pt, height_pt = _page_size(page)
        images = dict(page.get_images(recursive=False))  # a form XObject is not "the page is one image"
        drawn, only_images = _drawn_images(page)
        if len(images) == 1 and only_images and len(drawn) == 1:
            native = _native_image(page, images, drawn, width_pt * height_pt)
            if native is not None:
                return PageSource(native, int(round(native.info["dpi"][0])))
        return PageSource(None, _render_dpi(images, drawn, width_pt))


def image_dimensions(page: pikepdf.Page) -> list[tuple[int, int]]:
    """Pixel sizes of a page's images, read from their dictionaries (nothing decoded)."""
    return [(int(x.get("/Width", 0)), int(x.get("/Height", 0))) for x in page.get_images().values()]


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    box = page.mediabox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def _render_dpi(images: dict, drawn: dict, width_pt: float) -> int:
    """The resolution of the page's sharpest image where it is drawn (else across the page)."""
    if not images or width_pt <= 0:
        return VECTOR_DPI
    best = 0.0
    for name, xobject in images.items():
        shown_width = drawn.get(name, (width_pt, 0))[0] or width_pt
        best = max(best, int(xobject.get("/Width", 0)) / (shown_width / 72))
    return max(MIN_DPI, min(MAX_DPI, round(best)))


def _native_image(page: pikepdf.Page, images: dict, drawn: dict, page_area: float) -> Image.Image | None:
    name, xobject = next(iter(images.items()))
    shown = drawn.get(name)
    if shown is None or shown[0] * shown[1] < COVERS_PAGE * page_area:
        return None
    if any(key in xobject for key in ("/SMask", "/Mask", "/ImageMask", "/Decode")):
        return None  # the stored pixels are not what the page shows
    try:
        image = pikepdf.PdfImage(xobject).as_pil_image()
        image.load()
    except Exception as exc:  # noqa: BLE001 - any codec pikepdf cannot unpack: render the page instead
        log.info("page image not extractable (%s): rendering it", exc)
        return None
    dpi = (image.width / (shown[0] / 72), image.height / (shown[1] / 72))
    if not all(MIN_DPI <= d <= MAX_DPI * 2 for d in dpi):
        return None
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    if rotate:
        image = image.rotate(-rotate, expand=True)  # /Rotate turns the page clockwise for display
        dpi = dpi if rotate == 180 else (dpi[1], dpi[0])
    image.info["dpi"] = dpi
    return image


def _drawn_images(page: pikepdf.Page) -> tuple[dict[str, tuple[float, float]], bool]:
    """Width and height in points of each image drawn upright, and whether the page does nothing else."""
    ctm, stack, drawn, only_images = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], {}, True
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        only_images &= op in PLACEMENT_OPS
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "Do" and operands:
            a, b, c, d, _, _ = ctm
            if abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0:  # rotated or mirrored: the renderer's job
                drawn[str(operands[0])] = (a, d)
            else:
                only_images = False
    return drawn, only_images


def _multiply(m: tuple, n: tuple) -> tuple:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)
