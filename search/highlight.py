"""Which page of a hit matched best, and its snippet (HTML-escaped, matches in <mark>).

Done in Python for both engines so that a hit names the same page and shows the same
snippet whichever engine found it, including for fuzzy and stem matches (which the
engines' own highlighters treat differently).
"""
from __future__ import annotations

import html

from search.stemming import stems
from search.text import TOKEN_RE, fuzzy_distance, token_spans, within_distance

SNIPPET_TOKENS = 30
EXACT, STEM, FUZZY = 3.0, 2.0, 1.0


class Matcher:
    """Classifies page tokens against the query's words, caching per distinct token."""

    def __init__(self, terms: dict, fuzzy: bool = True, stemming: bool = True):
        self.exact = set(terms["exact"]) | set(terms["terms"])
        for phrase in terms["phrases"]:
            self.exact.update(phrase)
        self.prefixes = tuple(terms["prefixes"])
        self.loose = sorted(terms["terms"])
        self.stem_of = {s: t for t in self.loose for s in stems(t)} if stemming else {}
        self.fuzzy = fuzzy
        self.cache: dict[str, tuple[str, float] | None] = {}

    @property
    def empty(self) -> bool:
        return not (self.exact or self.prefixes)

    def classify(self, token: str) -> tuple[str, float] | None:
        """(query word matched, weight) or None."""
        if token in self.cache:
            return self.cache[token]
        result = None
        if token in self.exact:
            result = (token, EXACT)
        elif self.prefixes and (p := next((p for p in self.prefixes if token.startswith(p)), None)):
            result = (p + "*", EXACT)
        elif self.stem_of and (s := next((s for s in stems(token) if s in self.stem_of), None)):
            result = (self.stem_of[s], STEM)
        elif self.fuzzy:
            for term in self.loose:
                distance = fuzzy_distance(term)
                if distance and within_distance(token, term, distance):
                    result = (term, FUZZY)
                    break
        self.cache[token] = result
        return result


def _marks(text: str, matcher: Matcher) -> list[tuple[int, int, str, float]]:
    found = []
    for start, end, token in token_spans(text):
        hit = matcher.classify(token)
        if hit:
            found.append((start, end, hit[0], hit[1]))
    return found


def _page_score(text: str, matcher: Matcher) -> float:
    """Distinct query words matched on the page (best weight each): C-speed token scan."""
    best: dict[str, float] = {}
    lowered = text.lower() if text.isascii() else None
    found = TOKEN_RE.findall(lowered) if lowered is not None else [t for _, _, t in token_spans(text)]
    for token in set(found):
        hit = matcher.classify(token)
        if hit:
            best[hit[0]] = max(best.get(hit[0], 0.0), hit[1])
    return sum(best.values())


def best_page(pages: list[str], matcher: Matcher) -> tuple[int, list]:
    """(1-based page number, marks on it); the first page wins ties."""
    if matcher.empty or not pages:
        return 1, []
    scores = [_page_score(p, matcher) for p in pages]
    index = scores.index(max(scores))
    return index + 1, _marks(pages[index], matcher)


def snippet(text: str, marks: list[tuple[int, int, str, float]], width: int = 240) -> str:
    """HTML-escaped window of ``text`` around the densest matches, with <mark>."""
    if not marks:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    # Choose the window starting at the mark that has most marks within ``width`` chars.
    best_start, best_count = 0, -1
    for i, (start, *_rest) in enumerate(marks):
        count = sum(1 for m in marks[i:] if m[1] <= start + width)
        if count > best_count:
            best_start, best_count = i, count
    anchor = marks[best_start][0]
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
