"""Text normalisation shared by both engines.

Both engines index text that Python has already normalised (lower case, accents folded,
split on anything that is not a letter or digit), so that the tokens one engine sees are
exactly the tokens the other sees, and an Elasticsearch without the analysis-common
module (no asciifolding) behaves like tantivy.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TOKEN_CHARS = 40  # tantivy's default tokenizer drops longer tokens; do the same everywhere


def fold(text: str) -> str:
    """Lower case without accents: 'Pémbangunan' -> 'pembangunan'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN_RE.findall(fold(text)) if len(t) <= MAX_TOKEN_CHARS]


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, normalised token) over the original text, for highlighting."""
    if text.isascii():                   # offsets survive lower(): one pass, no per-token folding
        for match in TOKEN_RE.finditer(text.lower()):
            yield match.start(), match.end(), match.group()
        return
    for match in TOKEN_RE.finditer(text):
        yield match.start(), match.end(), fold(match.group())


def normalise(text: str | None) -> str:
    """The text as the engines index it: normalised tokens joined by spaces."""
    return " ".join(tokens(text or ""))


def fuzzy_distance(term: str) -> int:
    """Edits tolerated for a correctly typed word: OCR misreads a char or two."""
    if len(term) <= 3 or term.isdigit():
        return 0
    return 1 if len(term) <= 7 else 2


def within_distance(a: str, b: str, limit: int) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance <= limit, banded."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    if len(set(a).symmetric_difference(b)) > 2 * limit:   # each edit changes at most 2 letters
        return False
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit
