"""Stemming in Python, identical for both engines.

Snowball's Indonesian and English stemmers (PyStemmer). A word's stems are both
stemmers' outputs; the engines index them in a separate field next to the original
words, so exact words can rank above stems. Sastrawi was not chosen: it is not packaged
for this environment, it is ~100x slower (dictionary lookups in pure Python), and the
Snowball stemmer already conflates the derivations officials type (pembangunan,
membangun, dibangun -> bangun; pelaporan, melaporkan -> lapor).
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
