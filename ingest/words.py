"""Word boxes from Tesseract's TSV: stored per page, rebuilt into lines by where words sit.

Tesseract writes the TSV in the same call that writes the text and the PDF, so the boxes cost
only their parsing. Boxes are stored relative to the page (0..1), so the viewer image, the
thumbnail and the full-resolution scan share one set. Lines are rebuilt from the boxes: a label
and its value share a baseline whatever blocks Tesseract made of them (the two-column heading
of many letters comes out of Tesseract as a block of labels and a block of values).
"""
from __future__ import annotations

import json
import re
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

GAP_CHARS = 3.0     # a gap wider than this many average characters opens a column
RIGHT_COLUMN = 0.45  # the right-hand column (date, addressee) starts past this share of the width
SPECK_CONFIDENCE = 20.0
SOLID_CONFIDENCE = 60.0
BLANK_LINES = 1.2   # a vertical gap of more than this many word heights is a blank line
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
    return _upright(words)


def _upright(words: list[Word]) -> list[Word]:
    """Boxes as on the upright page. Tesseract reads a page that lies sideways or upside down in
    the right order, but gives its boxes in the image as it lies: then words run down, up or
    right to left along their lines."""
    pairs = [(a, b) for a, b in zip(words, words[1:]) if a.line == b.line]
    if len(pairs) < 10:
        return words
    tall = sorted(w.h / max(w.w, 1e-6) for w in words if len(w.text) >= 3)
    if tall and tall[len(tall) // 2] > 1.5:  # lines run down or up the image
        down = sum(b.y > a.y for a, b in pairs) > len(pairs) / 2
        return [_turn(w, "down" if down else "up") for w in words]
    if sum(b.x < a.x for a, b in pairs) > 0.8 * len(pairs):
        return [_turn(w, "back") for w in words]
    return words


def _turn(w: Word, reading: str) -> Word:
    if reading == "down":  # the page lies turned clockwise: its top is on the image's right
        x, y, width, height = w.y, 1 - w.x - w.w, w.h, w.w
    elif reading == "up":  # turned counter-clockwise
        x, y, width, height = 1 - w.y - w.h, w.x, w.h, w.w
    else:  # upside down
        x, y, width, height = 1 - w.x - w.w, 1 - w.y - w.h, w.w, w.h
    return Word(w.text, w.conf, round(x, 5), round(y, 5), width, height, w.line)


def rebuild_lines(words: list[Word]) -> list[str]:
    """Text lines by position, for reading fields.

    Tesseract lines that share a baseline are one row, read left to right, so a label and its
    value meet again. Where rows also carry a right-hand column (the date, the addressee beside
    the Nomor/Hal block), each run of such rows is given as its left column, then its right
    column, as a reader would take them.
    """
    lines: list[str] = []
    run: list[tuple[str, str]] = []
    rows = _rows([w for w in words if not _speck(w)])
    for row, blank in zip(rows, _blank_before(rows)):
        left, right = _split_at_right_column(row)
        if blank:  # the extractor reads paragraphs and blocks by their blank lines, as in Tesseract's text
            left, right = ("\n" + left) if left else left, ("\n" + right) if right else right
        if right:
            run.append((left, right))
            continue
        lines += _flush(run)
        lines.append(left)
    lines += _flush(run)
    return "\n".join(lines).lstrip("\n").split("\n") if lines else []


def _blank_before(rows: list[list[Word]]) -> list[bool]:
    """Whether a row stands apart from the one above by more than a line's height."""
    if not rows:
        return []
    height = median(w.h for row in rows for w in row)
    blanks, bottom = [False], max(w.bottom for w in rows[0])
    for row in rows[1:]:
        top = median(w.y for w in row)
        blanks.append(top - bottom > BLANK_LINES * height)
        bottom = max(bottom, median(w.bottom for w in row))
    return blanks


def _speck(word: Word) -> bool:
    """A scribble, stamp or speck read as a word ("Ss", "Pa" at 3-9% confidence): kept in the boxes,
    left out of the rebuilt lines, where it would join a real line that shares its height."""
    return word.conf < SPECK_CONFIDENCE and (len(word.text) <= 3 or word.conf < SPECK_CONFIDENCE / 2)


def _rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for line in sorted(_lines(words), key=lambda ws: median(w.y + w.h / 2 for w in ws)):
        row = next((r for r in rows if _solid(line) and _solid(r) and _same_row(r, line)), None)
        if row is None:
            rows.append(list(line))
        else:
            row.extend(line)
    rows.sort(key=lambda r: median(w.y + w.h / 2 for w in r))  # centres: a tall stamp's top is far above
    return [sorted(row, key=lambda w: w.x) for row in rows]


def _split_at_right_column(row: list[Word]) -> tuple[str, str]:
    """The row's text left of a column gap that opens onto the right half of the page, and right of it."""
    if row[0].x >= RIGHT_COLUMN:  # set on the right: the date, "di", a place, the signature block
        return "", _text(row)
    char = median(w.w / max(1, len(w.text)) for w in row)
    for i, (before, word) in enumerate(zip(row, row[1:]), 1):
        if word.x >= RIGHT_COLUMN and word.x - (before.x + before.w) > GAP_CHARS * char:
            return _text(row[:i]), _text(row[i:])
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


def _solid(words: list[Word]) -> bool:
    """A line with a word read with confidence; scraps of a stamp or signature stay lines of their own."""
    return any(w.conf >= SOLID_CONFIDENCE and len(w.text) >= 3 for w in words)


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


Box = tuple[float, float, float, float]  # x, y, width, height as fractions of the page


def box_of(words: list[Word]) -> Box:
    """The box around some words (one word, a phrase over two lines)."""
    left, top = min(w.x for w in words), min(w.y for w in words)
    right, bottom = max(w.x + w.w for w in words), max(w.bottom for w in words)
    return round(left, 4), round(top, 4), round(right - left, 4), round(bottom - top, 4)


def find_phrase(words: list[Word], phrase: str) -> Box | None:
    """Where a value was printed on the page: the first run of words that reads as ``phrase``
    (letters and digits compared, case and punctuation ignored), or None."""
    target = _tokens(phrase)
    if not target:
        return None
    tokens = [(i, token) for i, word in enumerate(words) for token in _tokens(word.text)]
    for start in range(len(tokens) - len(target) + 1):
        if all(tokens[start + k][1] == t for k, t in enumerate(target)):
            return box_of(words[tokens[start][0]:tokens[start + len(target) - 1][0] + 1])
    return None


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
