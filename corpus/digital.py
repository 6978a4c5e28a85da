"""Born-digital PDFs (a real text layer, no scan) with fpdf2, for the ingest tests."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

from corpus.layout import units
from corpus.model import Letter, Line
from corpus.render import BODY_PT, EMBLEM_MM, FONT_DIR, FONTS, MARGINS_MM, PAGE_MM, SIZES_PT

FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)
BOLD_STYLES = {"kop_gov", "kop_agency", "title", "name", "bold"}


def _pdf(family: str) -> FPDF:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_creation_date(FIXED_DATE)  # same letter, same bytes
    pdf.add_font("body", "", str(FONT_DIR / FONTS[(family, False)]))
    pdf.add_font("body", "B", str(FONT_DIR / FONTS[(family, True)]))
    return pdf


def _text(pdf: FPDF, x: float, y: float, text: str, size: float, bold: bool, max_width: float) -> float:
    pdf.set_font("body", "B" if bold else "", size)
    while pdf.get_string_width(text) > max_width and size > 6:
        size -= 0.5
        pdf.set_font("body", "B" if bold else "", size)
    pdf.text(x, y, text)
    return pdf.get_string_width(text)


def _line(pdf: FPDF, line: Line, y: float, emblem: bool) -> None:
    left, right = MARGINS_MM["left"], PAGE_MM[0] - MARGINS_MM["right"]
    size = SIZES_PT.get(line.style, BODY_PT)
    bold = line.style in BOLD_STYLES
    baseline = y + size * 0.3528 * 0.85
    x = left + line.column * (right - left) + line.indent
    if line.label is not None:
        _text(pdf, x, baseline, line.label, size, bold, line.label_width)
        _text(pdf, x + line.label_width, baseline, ":", size, bold, 5)
        x += line.label_width + 3
    if line.right:
        pdf.set_font("body", "", size)
        _text(pdf, right - pdf.get_string_width(line.right), baseline, line.right, size, False, (right - x) / 2)
    if not line.text:
        return
    pdf.set_font("body", "B" if bold else "", size)
    width = pdf.get_string_width(line.text)
    if line.align == "center":
        shift = EMBLEM_MM / 2 if emblem and line.style in ("kop_gov", "kop_agency") else 0
        x = left + shift + (right - left - width) / 2
    elif line.align == "right":
        x = right - width
    width = _text(pdf, max(x, left), baseline, line.text, size, bold, right - max(x, left))
    if line.underline:
        pdf.line(x, baseline + 0.8, x + width, baseline + 0.8)


def render_digital(letter: Letter, out_dir: str | Path, name: str | None = None) -> Path:
    """Write ``<name>.pdf`` with a text layer and ``<name>.json`` with the truth."""
    pdf = _pdf(letter.font)
    pitch_max = BODY_PT * 1.3 * 25.4 / 72
    usable = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
    for lines in letter.pages:
        pdf.add_page()
        emblem = bool(lines) and lines[0].style == "kop_gov"
        pitch = min(pitch_max, usable / max(sum(units(line) for line in lines), 1.0))
        y = MARGINS_MM["top"]
        for line in lines:
            height = units(line) * pitch
            if line.rule:
                pdf.set_line_width(0.6)
                pdf.line(MARGINS_MM["left"], y + height / 2, PAGE_MM[0] - MARGINS_MM["right"], y + height / 2)
                pdf.set_line_width(0.2)
            else:
                _line(pdf, line, y, emblem)
            y += height
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or letter.id
    path = out_dir / f"{name}.pdf"
    pdf.output(str(path))
    truth = letter.truth()
    truth["render"] = {"format": "pdf", "born_digital": True, "file": path.name}
    (out_dir / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
