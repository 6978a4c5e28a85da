"""Which page of a hit matched best, and its snippet (HTML-escaped, matches in <mark>).

Done in Python for both engines so that a hit names the same page and shows the same
snippet whichever engine found it, including for fuzzy and stem matches (which the
engines' own highlighters treat differently).

Kept cheap because it runs for every hit shown: a page's distinct tokens come from one
byte-table pass; exact words are found by set intersection; stems and OCR variants are
checked only on pages missing some query word, and then only for tokens this query has
not met yet (letters share most of their words); the marks on the chosen page come from
``str.find`` of the few matching words, not from a Python loop over every token.
"""
from __future__ import annotations

import html

from search.stemming import stems
from search.text import fuzzy_distance, token_spans, within_distance

EXACT, STEM, FUZZY = 3.0, 2.0, 1.0
Mark = tuple[int, int, str, float]


class Matcher:
    """Classifies page tokens against the query's words, remembering every verdict."""

    def __init__(self, terms: dict, fuzzy: bool = True, stemming: bool = True):
        self.exact = set(terms["exact"]) | set(terms["terms"])
        for phrase in terms["phrases"]:
            self.exact.update(phrase)
        self.prefixes = tuple(terms["prefixes"])
        self.loose = sorted(terms["terms"])
        self.stem_of = {s: t for t in self.loose for s in stems(t)} if stemming else {}
        self.fuzzy = fuzzy
        # Length window per fuzzy term: a cheap first test before the edit distance.
        self.fuzzy_terms = [(t, d, len(t)) for t in self.loose if (d := fuzzy_distance(t))] if fuzzy else []
        self.matched: dict[str, tuple[str, float]] = {}
        self.unmatched: set[str] = set()

    @property
    def empty(self) -> bool:
        return not (self.exact or self.prefixes)

    def classify(self, token: str) -> tuple[str, float] | None:
        """(query word matched, weight) or None."""
        found = self.matched.get(token)
        if found is not None or token in self.unmatched:
            return found
        found = self._classify(token)
        if found is None:
            self.unmatched.add(token)
        else:
            self.matched[token] = found
        return found

    def _classify(self, token: str) -> tuple[str, float] | None:
        if token in self.exact:
            return token, EXACT
        for prefix in self.prefixes:
            if token.startswith(prefix):
                return prefix + "*", EXACT
        if self.stem_of:
            for stem in stems(token):
                if stem in self.stem_of:
                    return self.stem_of[stem], STEM
        size = len(token)
        for term, distance, length in self.fuzzy_terms:
            if abs(size - length) <= distance and within_distance(token, term, distance):
                return term, FUZZY
        return None

    def matches_among(self, distinct: set[str]) -> dict[str, tuple[str, float]]:
        """{token: (query word, weight)} for the tokens of ``distinct`` that match.

        Word forms and OCR variants are looked for only when some query word is missing
        from the page in its exact form: a page showing the word itself needs no variants
        to rank or to be highlighted, and the per-token checks are the costly part.
        """
        found = {t: (t, EXACT) for t in distinct & self.exact}
        if self.prefixes:
            for token in distinct:
                prefix = next((p for p in self.prefixes if token.startswith(p)), None)
                if prefix and token not in found:
                    found[token] = (prefix + "*", EXACT)
        if (self.stem_of or self.fuzzy_terms) and any(w not in found for w in self.loose):
            new = distinct - self.unmatched - self.matched.keys() - self.exact
            if new:
                self._classify_variants(new)
            for token in distinct & self.matched.keys():
                found.setdefault(token, self.matched[token])
        return found

    def _classify_variants(self, new: set[str]) -> None:
        """Stem and OCR-variant verdicts for tokens never seen by this query, in one pass."""
        matched, stem_of, rest = self.matched, self.stem_of, []
        if stem_of:
            for token in new:
                for stem in stems(token):
                    if stem in stem_of:
                        matched[token] = (stem_of[stem], STEM)
                        break
                else:
                    rest.append(token)
        else:
            rest = list(new)
        for term, distance, length in self.fuzzy_terms:
            low, high = length - distance, length + distance
            for token in [t for t in rest if low <= len(t) <= high and t not in matched]:
                if within_distance(token, term, distance):
                    matched[token] = (term, FUZZY)
        self.unmatched.update(t for t in rest if t not in matched)


_ASCII_TOKENS = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))


def _distinct_tokens(text: str) -> set[str]:
    """The page's distinct normalised tokens (a byte-table pass for ASCII text)."""
    if text.isascii():
        return set(text.encode().translate(_ASCII_TOKENS).decode().split())
    return {t for _, _, t in token_spans(text)}


def _score(found: dict[str, tuple[str, float]]) -> float:
    """Distinct query words matched on the page, each at its best weight."""
    best: dict[str, float] = {}
    for word, weight in found.values():
        if weight > best.get(word, 0.0):
            best[word] = weight
    return sum(best.values())


def _marks(text: str, found: dict[str, tuple[str, float]]) -> list[Mark]:
    if not found:
        return []
    if not text.isascii():                 # folding may move offsets: walk the tokens
        return [(s, e, *found[t]) for s, e, t in token_spans(text) if t in found]
    lowered, size, marks = text.lower(), len(text), []
    for token, (word, weight) in found.items():
        start = lowered.find(token)
        while start >= 0:
            end = start + len(token)
            if (start == 0 or not lowered[start - 1].isalnum()) and (end == size or not lowered[end].isalnum()):
                marks.append((start, end, word, weight))
            start = lowered.find(token, end)
    marks.sort()
    return marks


def best_page(pages: list[str], matcher: Matcher) -> tuple[int, list[Mark]]:
    """(1-based page number, marks on it); the first page wins ties."""
    if matcher.empty or not pages:
        return 1, []
    best_index, best_score, best_found = 0, -1.0, {}
    for index, text in enumerate(pages):
        found = matcher.matches_among(_distinct_tokens(text))
        score = _score(found)
        if score > best_score:
            best_index, best_score, best_found = index, score, found
    return best_index + 1, _marks(pages[best_index], best_found)


def snippet(text: str, marks: list[Mark], width: int = 240) -> str:
    """HTML-escaped window of ``text`` around the densest matches, with <mark>."""
    if not marks:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    anchor = marks[_densest(marks, width)][0]
    lo = max(0, anchor - width // 4)
    while lo > 0 and not text[lo - 1].isspace() and anchor - lo < width // 2:
        lo -= 1
    hi = min(len(text), lo + width)
    parts, cursor = ["…" if lo > 0 else ""], lo
    for start, end, _, _ in marks:
        if start < lo or end > hi:
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    parts.append(html.escape(text[cursor:hi]))
    parts.append("…" if hi < len(text) else "")
    return "".join(parts).strip()


def _densest(marks: list[Mark], width: int) -> int:
    """Index of the mark that starts the window holding most marks (two pointers)."""
    best, best_count, j = 0, -1, 0
    for i, (start, *_rest) in enumerate(marks):
        j = max(j, i)
        while j < len(marks) and marks[j][1] <= start + width:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    return best
