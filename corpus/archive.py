"""Text-only archives: many letters as JSON lines, no images, for search benchmarks.

Some records carry OCR-like character errors (o/0, l/1, rn/m, ...) in ``pages``, injected
deterministically; their clean text stays in ``clean_pages`` so fuzzy search can be measured.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Iterator

from corpus.letters import generate_letter

NOISY_SHARE = 0.2
ERROR_RATE = 0.06  # share of confusable spots that get an error in a noisy letter
CONFUSIONS = {"o": "0", "O": "0", "0": "O", "l": "1", "1": "l", "I": "l", "rn": "m", "m": "rn",
              "e": "c", "S": "5", "5": "S", "i": "l", "B": "8", "h": "b"}
CONFUSABLE = re.compile("rn|[oO0l1Imie5SBh]")


def ocr_noise(text: str, rng: random.Random, rate: float = ERROR_RATE) -> str:
    """Replace some confusable characters the way a weak OCR pass would."""
    def swap(match: re.Match) -> str:
        found = match.group(0)
        return CONFUSIONS[found] if rng.random() < rate else found

    return CONFUSABLE.sub(swap, text)


def archive_records(count: int, seed: int, start: int = 0) -> Iterator[dict]:
    for index in range(start, start + count):
        letter = generate_letter(seed, index)
        pages = letter.page_texts
        record = {"id": letter.id, "index": index, "kind": letter.kind, "fields": letter.fields,
                  "pages": pages, "noisy": False}
        rng = random.Random(f"lontar-noise:{seed}:{index}")
        if rng.random() < NOISY_SHARE:
            record["clean_pages"] = pages
            record["pages"] = [ocr_noise(text, rng) for text in pages]
            record["noisy"] = True
        yield record


def write_text_archive(path: str | Path, count: int, seed: int, start: int = 0) -> Path:
    """Stream ``count`` letters to a JSON-lines file; returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in archive_records(count, seed, start):
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
    return path


def read_text_archive(path: str | Path) -> Iterator[dict]:
    with Path(path).open(encoding="utf-8") as source:
        for line in source:
            if line.strip():
                yield json.loads(line)
