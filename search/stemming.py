"""Stemming in Python, identical for both engines.

Snowball's Indonesian and English stemmers (PyStemmer). A word's stems are both
stemmers' outputs; the engines index them in a separate field next to the original
words, so exact words can rank above stems. Sastrawi stems more accurately (0.96 against
0.83 root accuracy on the gold list in bench/stemmer_choice.py) but is about 135x slower
per new word even with its dictionary as a set, and snippet matching stems the words of
every result page at search time: a cold results page costs ~22 ms of Sastrawi, over the
embedded engine's 10 ms budget. See BENCHMARKS.md, "Stemming: PyStemmer vs Sastrawi".
"""
from __future__ import annotations

from functools import lru_cache

import Stemmer

_INDONESIAN = Stemmer.Stemmer("indonesian")
_ENGLISH = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stems(token: str) -> tuple[str, ...]:
    """Distinct stems of one normalised token (Indonesian first)."""
    if token.isdigit() or len(token) <= 3:
        return (token,)
    indonesian = _INDONESIAN.stemWord(token)
    english = _ENGLISH.stemWord(token)
    return (indonesian,) if indonesian == english else (indonesian, english)


def stem_text(normalised: str) -> str:
    """Stems of every token of already normalised text, space separated."""
    out: list[str] = []
    for token in normalised.split():
        out.extend(stems(token))
    return " ".join(out)
