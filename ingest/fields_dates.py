"""The letter's own date (tanggal surat) among the other dates a letter prints.

A letter prints many dates: its own ("Penajam, 22 Januari 2024"), a Hijri date beside or above
the Masehi one ("21 Jumadil Ula 1445 H" / "05 Desember 2023 M"), meeting and deadline dates in
the body. The letter's date is found by where it sits, in this order: a "Tanggal" label, a place
followed by a date, "pada tanggal" (decrees), a line that is only a date (the Masehi line under
a Hijri one, a date without its place, a date on the right of the Nomor line). A date from the
body is a guess and is flagged for review.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.fields_text import DATE_TOKENS, WEEKDAYS, digits, parse_date

OCR_DIGIT = "[0-9OoIlSB|]"
MONTH_FIRST = re.compile(rf"\b([A-Za-z]{{3,10}})\.?\s+({OCR_DIGIT}{{1,2}}),?\s+({OCR_DIGIT}{{4}})\b")
# Day-month-year in figures, with "-" or "." (a "/" would be a part of a letter number).
NUMERIC = re.compile(r"\b(\d{1,2})([-.])(\d{1,2})\2((?:19|20)\d\d)\b")
PLACE_BEFORE = re.compile(r"([A-Z][A-Za-z'.-]+(?:[ \t][A-Z][A-Za-z'.-]+){0,2})\s*[,.]\s*$")
ISSUED_BEFORE = re.compile(r"pada\s+tanggal\s*[:.]?\s*$", re.I)
HIJRI = re.compile(r"\b1[34]\d\d\s*H\b\.?|\b(muharr?am|safar|rabi.?ul|jumad[ia]l|rajab|sya.?ban|ramad[h]?an|"
                   r"syawal|dzul|zul)", re.I)
NOT_A_PLACE = WEEKDAYS | {"tanggal", "nomor", "hari"}
DATE_ONLY_REST = re.compile(r"^[\s,.:;|-]*(?:M\.?)?[\s.]*$")  # what may follow a date alone on its line ("M")
HEAD_LINES = 25  # a date alone on its line counts in the head (or the signature block), not in the body
NOMOR_LABEL = re.compile(r"^[\W_]*N[O0o](?:m[O0o]r|\.)", re.I)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    day: date


def find_dates(text: str, year_hint: str | None = None) -> list[FoundDate]:
    """Every date in the text, in reading order: "22 Januari 2024", "12 Jan 2024", "Januari 12, 2024",
    "12-01-2024"."""
    found: list[FoundDate] = []
    for match in DATE_TOKENS.finditer(text):
        if day := parse_date(*match.groups(), year_hint):
            found.append(FoundDate(match.start(), match.end(), day))
    for match in MONTH_FIRST.finditer(text):
        month, day_text, year = match.groups()
        if day := parse_date(day_text, month, year, year_hint):
            found.append(FoundDate(match.start(), match.end(), day))
    for match in NUMERIC.finditer(text):
        day_text, _, month, year = match.groups()
        if 1 <= int(month) <= 12 and (day := _safe_date(int(year), int(month), int(digits(day_text)))):
            found.append(FoundDate(match.start(), match.end(), day))
    return _without_overlaps(sorted(found, key=lambda f: (f.start, -f.end)))


def letter_date(pages: list[list[str]], label_value: str | None, year_hint: str | None) -> tuple[date | None, float]:
    """The letter's date and a confidence (below the review threshold for a guess from the body)."""
    if label_value and (dates := find_dates(label_value, year_hint)):
        return dates[0].day, 0.92
    first, last = pages[0], pages[-1]
    candidates = ((_after_place, first, 0.93), (_after_place, last, 0.93), (_after_issued, first, 0.9),
                  (_after_issued, last, 0.9), (_alone_on_line, first[:HEAD_LINES], 0.85),
                  (_alone_on_line, last[-HEAD_LINES:], 0.85))
    for finder, lines, confidence in candidates:
        if day := finder(lines, year_hint):
            return day, confidence
    body = find_dates("\n".join(pages[0]))
    return (body[0].day, 0.45) if body else (None, 0.0)


def _after_place(lines: list[str], year_hint: str | None) -> date | None:
    text = "\n".join(lines)
    for found in find_dates(text, year_hint):
        place = PLACE_BEFORE.search(text[:found.start])
        if place and place.group(1).split()[-1].lower() not in NOT_A_PLACE:
            return found.day
    for i, line in enumerate(lines):  # "Penajam, 21 Jumadil Ula 1445 H": the Masehi date follows
        if HIJRI.search(line) and PLACE_BEFORE.search(line[:HIJRI.search(line).start()].rstrip(" 0123456789")):
            if day := _alone_on_line(lines[i + 1:i + 3], year_hint):
                return day
    return None


def _after_issued(lines: list[str], year_hint: str | None) -> date | None:
    text = "\n".join(lines)
    for found in find_dates(text, year_hint):
        if ISSUED_BEFORE.search(text[:found.start]):
            return found.day
    return None


def _alone_on_line(lines: list[str], year_hint: str | None) -> date | None:
    """A line that is only a date (maybe with "M" for Masehi), or a date right of the Nomor value."""
    for line in lines:
        dates = find_dates(line, year_hint)
        if len(dates) != 1 or HIJRI.search(line):
            continue
        before, after = line[:dates[0].start], line[dates[0].end:]
        if DATE_ONLY_REST.match(after) and (not before.strip() or _nomor_then_gap(before)):
            return dates[0].day
    return None


def _nomor_then_gap(before: str) -> bool:
    """"Nomor : 005/12/DISDIK/2024      10 Januari 2024": the date stands apart on the right."""
    return bool(NOMOR_LABEL.match(before)) and bool(re.search(r"\S\s{3,}$", before))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_overlaps(found: list[FoundDate]) -> list[FoundDate]:
    kept: list[FoundDate] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept
