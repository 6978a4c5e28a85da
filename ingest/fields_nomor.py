"""The letter number (nomor): OCR repair part by part, then its parts.

``600/147/PUPR/I/2024``, ``000.8.3.3/15/OR``, ``045/123/DISDIK/VII/2025``: the order of parts
varies by regency, so parts are recognised by their shape, not their position.
"""
from __future__ import annotations

import re

from ingest.fields_text import TO_LETTER, digits, looks_numeric

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
CODE = re.compile(r"\d{1,3}(?:\.\d{1,3})*")
YEAR = re.compile(r"(19|20)\d\d")
SEGMENT = re.compile(r"([.-])")  # keeps the separators
LETTER_SHAPED_DIGITS = set("0158")


def repair_nomor(raw: str) -> tuple[str, bool]:
    """The printed number from an OCR'd value (one token, slashes closed up, characters repaired) and
    whether any character was changed (not only spacing): a repair is flagged for review."""
    text = re.sub(r"\s*/\s*", "/", raw.strip()).replace("_", "-")
    text = re.sub(r"(?<=\d\.)\s+(?=\d)", "", text)  # "500.4. 1/230"
    # "800.1.11 13/5": a dot lost in the code; "000/1 308/INSP": a number split by a space.
    text = re.sub(r"^([0-9OoIlSB]{3}(?:\.[0-9OoIlSB]{1,3})+)\s([0-9OoIlSB]{1,3}/)", r"\1.\2", text)
    text = re.sub(r"(?<=[A-Za-z0-9])\s(?=[A-Za-z0-9.-]+/)", "", text)  # "DIN SOS/III": one part
    tokens = [t for t in text.split() if "/" in t] or text.split()
    token = re.sub(r"^[^\w]+", "", tokens[0]) if tokens else ""
    token = token.rstrip(".,;:")
    parts = token.split("/")
    fixed = "/".join(_fix_part(part, i, parts) for i, part in enumerate(parts))
    return fixed, fixed != token


def _fix_part(part: str, position: int, parts: list[str]) -> str:
    """Repair only where the part's shape demands it; a reading that fits no rule is kept as read.

    Parts mixing letters and digits are common and correct (``W21-A15``, ``HK2.6``, ``UN14``,
    ``1642-DISHUB``), so they are repaired segment by segment (between dots and dashes), and a
    segment changes only when it is clearly a number with a letter slip or a word with a digit slip.
    """
    if position == 0 and re.fullmatch(r"[0-9OoIlSB|.,]+", part) and any(c.isdigit() for c in part):
        return digits(part.replace(",", "."))  # classification code: dots read as commas
    if _roman_like(part) and 0 < position and _is_month_slot(position, parts):
        return re.sub("[l1|T!]", "I", part)
    return "".join(_fix_segment(segment) for segment in SEGMENT.split(part))


def _fix_segment(segment: str) -> str:
    if _number_with_slips(segment):
        return digits(segment)
    if _word_with_slip(segment):
        return segment.translate(TO_LETTER)
    return segment


def _number_with_slips(segment: str) -> bool:
    """``l47``, ``2O24``, ``I642``: digit look-alikes only, and most of them real digits."""
    real = sum(c.isdigit() for c in segment)
    return looks_numeric(segment) and real < len(segment) and real * 2 > len(segment)


def _word_with_slip(segment: str) -> bool:
    """``D1SDIK``, ``DI5HUB``: a word of four or more letters with one letter-shaped digit inside it."""
    inner = [c for c in segment[1:-1] if c.isdigit()]
    letters = sum(c.isalpha() for c in segment)
    return (letters >= 4 and len(inner) == 1 and sum(c.isdigit() for c in segment) == 1
            and inner[0] in LETTER_SHAPED_DIGITS)


def _roman_like(part: str) -> bool:
    return bool(part) and all(c in "IVXl1|T!" for c in part) and len(part) <= 4


def _is_month_slot(position: int, parts: list[str]) -> bool:
    """The Roman month sits right before the year, after a unit or a number."""
    nxt = parts[position + 1] if position + 1 < len(parts) else ""
    if not YEAR.fullmatch(digits(nxt)):
        return False
    candidate = re.sub("[l1|T!]", "I", parts[position])
    if candidate not in ROMAN_MONTHS:
        return False
    # A bare "1" right after the classification code is a running number, not January.
    return not (parts[position].isdigit() and position == 1)


def parse_nomor(raw: str | None) -> dict:
    """Parts of a letter number: classification_code, number, unit, month_roman, year."""
    parts = {"classification_code": None, "number": None, "unit": None, "month_roman": None, "year": None}
    if not raw:
        return parts
    pieces = [p for p in raw.strip().split("/") if p]
    if pieces and CODE.fullmatch(pieces[0]) and ("." in pieces[0] or len(pieces[0]) == 3):
        parts["classification_code"] = pieces[0]
        pieces = pieces[1:]
    for i, piece in enumerate(pieces):
        if parts["year"] is None and YEAR.fullmatch(piece) and i == len(pieces) - 1:
            parts["year"] = piece
        elif (parts["month_roman"] is None and piece in ROMAN_MONTHS and i >= len(pieces) - 2
              and (parts["number"] or parts["unit"])):
            parts["month_roman"] = piece
        elif parts["number"] is None and re.fullmatch(r"(?:[A-Z]{1,2}-)?\d+[A-Za-z]?", piece):
            parts["number"] = piece
        elif parts["unit"] is None and any(c.isalpha() for c in piece):
            parts["unit"] = piece
    return parts


def nomor_confidence(value: str) -> float:
    parts = parse_nomor(value)
    score = 0.5 + 0.15 * bool(parts["classification_code"]) + 0.15 * bool(parts["number"])
    score += 0.1 * bool(parts["unit"]) + 0.05 * bool(parts["year"]) + 0.05 * bool(parts["month_roman"])
    return min(score, 0.98)
