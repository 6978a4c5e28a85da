"""Word boxes from Tesseract's TSV: stored per page, rebuilt into lines by where words sit.

Tesseract writes the TSV in the same call that writes the text and the PDF, so the boxes cost
only their parsing. Boxes are stored relative to the page (0..1), so the viewer image, the
thumbnail and the full-resolution scan share one set. Lines are rebuilt from the boxes: a label
and its value share a baseline whatever blocks Tesseract made of them (the two-column heading
of many letters comes out of Tesseract as a block of labels and a block of values).
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

GAP_CHARS = 3.0     # a gap wider than this many average characters opens a column
RIGHT_COLUMN = 0.45  # the right-hand column (date, addressee) starts past this share of the width
SPECK_CONFIDENCE = 20.0
SAME_ROW = 0.5      # share of the smaller line's height two lines must overlap to be one row


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    x: float  # left, top, width, height: fractions of the page's width and height
    y: float
    w: float
    h: float
    line: int  # Tesseract's line, numbered through the page

    @property
    def bottom(self) -> float:
        return self.y + self.h


def parse_tsv(tsv: str, width: int, height: int) -> list[Word]:
    """The words of a Tesseract TSV (level 5 rows), in Tesseract's reading order."""
    words, lines = [], {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            left, top, w, h, conf = (float(v) for v in cols[6:11])
        except ValueError:
            continue
        line = lines.setdefault(tuple(cols[2:5]), len(lines))
        words.append(Word(cols[11].strip(), conf, round(left / width, 5), round(top / height, 5),
                          round(w / width, 5), round(h / height, 5), line))
    return _turned_upright(words) if _read_upside_down(words) else words


def _read_upside_down(words: list[Word]) -> bool:
    """Tesseract reads a page that is upside down in the right order but gives boxes in the image
    as it lies: then, within its lines, words run right to left."""
    pairs = [(a, b) for a, b in zip(words, words[1:]) if a.line == b.line]
    return len(pairs) >= 10 and sum(b.x < a.x for a, b in pairs) > 0.8 * len(pairs)


def _turned_upright(words: list[Word]) -> list[Word]:
    return [Word(w.text, w.conf, round(1 - w.x - w.w, 5), round(1 - w.y - w.h, 5), w.w, w.h, w.line) for w in words]



def rebuild_lines(words: list[Word]) -> list[str]:
    """Text lines by position, for reading fields.

    Tesseract lines that share a baseline are one row, read left to right, so a label and its
    value meet again. Where rows also carry a right-hand column (the date, the addressee beside
    the Nomor/Hal block), each run of such rows is given as its left column, then its right
    column, as a reader would take them.
    """
    lines: list[str] = []
    run: list[tuple[str, str]] = []
    for row in _rows([w for w in words if not _speck(w)]):
        left, right = _split_at_right_column(row)
        if right:
            run.append((left, right))
            continue
        lines += _flush(run)
        lines.append(left)
    return lines + _flush(run)


def _speck(word: Word) -> bool:
    """A scribble, stamp or speck read as a word ("Ss", "Pa" at 3-9% confidence): kept in the boxes,
    left out of the rebuilt lines, where it would join a real line that shares its height."""
    return word.conf < SPECK_CONFIDENCE and (len(word.text) <= 3 or word.conf < SPECK_CONFIDENCE / 2)


def _rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for line in sorted(_lines(words), key=lambda ws: min(w.y for w in ws)):
        row = next((r for r in rows if _same_row(r, line)), None)
        if row is None:
            rows.append(list(line))
        else:
            row.extend(line)
    rows.sort(key=lambda r: median(w.y for w in r))
    return [sorted(row, key=lambda w: w.x) for row in rows]


def _split_at_right_column(row: list[Word]) -> tuple[str, str]:
    """The row's text left of a column gap that opens onto the right half of the page, and right of it."""
    char = median(w.w / max(1, len(w.text)) for w in row)
    for i, (before, word) in enumerate(zip(row, row[1:]), 1):
        if word.x >= RIGHT_COLUMN and word.x - (before.x + before.w) > GAP_CHARS * char:
            return _text(row[:i]), _text(row[i:])
    if row[0].x >= RIGHT_COLUMN and len(row) < 8:  # a short line set on the right: the date, "di", a place
        return "", _text(row)
    return _text(row), ""


def _flush(run: list[tuple[str, str]]) -> list[str]:
    lines = [left for left, _ in run if left] + [right for _, right in run]
    run.clear()
    return lines


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _lines(words: list[Word]) -> list[list[Word]]:
    grouped: dict[int, list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    return list(grouped.values())


def _same_row(row: list[Word], line: list[Word]) -> bool:
    top, bottom = median(w.y for w in row), median(w.bottom for w in row)
    l_top, l_bottom = median(w.y for w in line), median(w.bottom for w in line)
    overlap = min(bottom, l_bottom) - max(top, l_top)
    if overlap < SAME_ROW * min(bottom - top, l_bottom - l_top):
        return False
    return all(w.x + w.w <= v.x or v.x + v.w <= w.x for w in line for v in row)  # side by side


def save_words(path: Path, words: list[Word]) -> None:
    """Written whole then renamed: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(w) for w in words], separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def load_words(path: Path) -> list[Word]:
    """The stored boxes of a page; none when the page has none (born-digital, older documents)."""
    try:
        return [Word(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []
