"""Drawing a letter's pages on A4 images with Pillow, and writing them as scan files."""
from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from corpus.artefacts import Marks, scan
from corpus.layout import units
from corpus.model import Letter, Line

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("serif", False): "DejaVuSerif.ttf", ("serif", True): "DejaVuSerif-Bold.ttf",
    ("sans", False): "DejaVuSans.ttf", ("sans", True): "DejaVuSans-Bold.ttf",
    ("mono", False): "DejaVuSansMono.ttf", ("mono", True): "DejaVuSansMono-Bold.ttf",  # typewriter letters
}
SIZES_PT = {"kop_gov": 13.0, "kop_agency": 15.0, "kop_address": 8.5, "title": 12.0}
BOLD_STYLES = {"kop_gov", "kop_agency", "title", "name", "bold"}
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"left": 25.0, "right": 20.0, "top": 12.0, "bottom": 15.0}
BODY_PT = 11.0
EMBLEM_MM = 22.0  # room left of the letterhead for the regency's emblem
FORMATS = ("pdf", "tiff", "png", "jpeg")


@lru_cache(maxsize=64)
def font(family: str, bold: bool, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONTS[(family, bold)]), px)


@dataclass
class Page:
    """Geometry of one page being drawn, in pixels."""

    dpi: int
    family: str
    emblem: bool = False
    image: Image.Image = field(init=False)
    marks: Marks = field(default_factory=Marks)

    def __post_init__(self):
        self.image = Image.new("L", (self.px(PAGE_MM[0]), self.px(PAGE_MM[1])), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.left = self.px(MARGINS_MM["left"])
        self.right = self.image.width - self.px(MARGINS_MM["right"])

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)

    def pt(self, points: float) -> int:
        return round(points / 72 * self.dpi)


def draw_page(lines: list[Line], dpi: int, family: str, ink: int = 20) -> Page:
    emblem = bool(lines) and lines[0].style == "kop_gov"
    page = Page(dpi, family, emblem)
    total = sum(units(line) for line in lines)
    usable = page.image.height - page.px(MARGINS_MM["top"] + MARGINS_MM["bottom"])
    pitch = min(page.pt(BODY_PT * 1.3), usable / max(total, 1.0))
    y = float(page.px(MARGINS_MM["top"]))
    for line in lines:
        height = units(line) * pitch
        if line.rule:
            _draw_rule(page, y + height / 2)
        elif line.style == "name":
            page.marks.name_y = y
            _draw_line(page, line, y, ink)
        else:
            if line.text.rstrip().endswith(",") and line.column and page.marks.position_y is None:
                page.marks.position_y = y + height
                page.marks.column_x = page.left + line.column * (page.right - page.left)
            _draw_line(page, line, y, ink)
        y += height
    if emblem:
        page.marks.kop_height = page.px(24)
    return page


def _draw_rule(page: Page, y: float) -> None:
    w = max(2, page.px(0.6))
    page.draw.line([(page.left, y), (page.right, y)], fill=0, width=w)
    page.draw.line([(page.left, y + w * 2), (page.right, y + w * 2)], fill=0, width=max(1, w // 3))


def _font_for(page: Page, line: Line, text: str, width: float) -> ImageFont.FreeTypeFont:
    size = page.pt(SIZES_PT.get(line.style, BODY_PT))
    bold = line.style in BOLD_STYLES
    face = font(page.family, bold, size)
    while face.getlength(text) > width and size > 8:
        size -= 1
        face = font(page.family, bold, size)
    return face


def _draw_line(page: Page, line: Line, y: float, ink: int) -> None:
    x0 = page.left + line.column * (page.right - page.left) + page.px(line.indent)
    avail = page.right - x0
    if line.label is not None:
        face = _font_for(page, line, line.label, page.px(line.label_width))
        page.draw.text((x0, y), line.label, font=face, fill=ink)
        page.draw.text((x0 + page.px(line.label_width), y), ":", font=face, fill=ink)
        x0 += page.px(line.label_width + 3.0)
        avail = page.right - x0
    if line.right:
        face = _font_for(page, line, line.right, avail / 2)
        page.draw.text((page.right - face.getlength(line.right), y), line.right, font=face, fill=ink)
        avail = avail / 2 - page.px(4)
    if not line.text:
        return
    face = _font_for(page, line, line.text, avail if line.align == "left" else page.right - page.left)
    width = face.getlength(line.text)
    if line.align == "center":
        shift = page.px(EMBLEM_MM) / 2 if line.style in ("kop_gov", "kop_agency") and page.emblem else 0
        x0 = page.left + shift + (page.right - page.left - width) / 2
    elif line.align == "right":
        x0 = page.right - width
    page.draw.text((x0, y), line.text, font=face, fill=ink)
    if line.underline:
        base = y + face.size * 1.18
        page.draw.line([(x0, base), (x0 + width, base)], fill=ink, width=max(1, page.px(0.3)))


def page_images(letter: Letter, dpi: int | None = None, artefacts: bool = True) -> list[Image.Image]:
    """The letter's pages as grayscale images, scanned (artefacts) or clean."""
    look = letter.look
    dpi = dpi or look.get("dpi", 300)
    rng = random.Random(look.get("seed", 0))
    images = []
    for number, lines in enumerate(letter.pages):
        page = draw_page(lines, dpi, letter.font)
        image = page.image
        if artefacts:
            image = scan(image, page.marks, look, number, rng, letter.fields.get("sender") or "")
        images.append(image)
    return images


def render_letter(letter: Letter, out_dir: str | Path, fmt: str = "pdf", dpi: int | None = None,
                  artefacts: bool = True, name: str | None = None) -> Path:
    """Write the letter as a scan file plus ``<name>.json`` with its truth; return the file's path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt in ("png", "jpeg") and len(letter.pages) > 1:
        raise ValueError(f"letter {letter.id} has {len(letter.pages)} pages: use pdf or tiff for it")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    dpi = dpi or letter.look.get("dpi", 300)
    images = page_images(letter, dpi, artefacts)
    name = name or letter.id
    suffix = {"pdf": ".pdf", "tiff": ".tif", "png": ".png", "jpeg": ".jpg"}[fmt]
    path = out_dir / f"{name}{suffix}"
    path.write_bytes(encode(images, fmt, dpi))
    truth = letter.truth()
    truth["render"] = {"format": fmt, "dpi": dpi, "artefacts": artefacts, "file": path.name,
                       "rotations": letter.look.get("rotations") if artefacts else None}
    (out_dir / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def encode(images: list[Image.Image], fmt: str, dpi: int) -> bytes:
    buffer = io.BytesIO()
    first, rest = images[0], images[1:]
    if fmt == "pdf":
        first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=float(dpi), quality=80)
    elif fmt == "tiff":
        first.save(buffer, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi), compression="tiff_deflate")
    elif fmt == "png":
        first.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=3)
    else:
        first.save(buffer, "JPEG", dpi=(dpi, dpi), quality=80)
    return buffer.getvalue()
