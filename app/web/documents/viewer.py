"""Query terms highlighted on a page's OCR text, escaped first (a scan may carry markup)."""
from __future__ import annotations

from markupsafe import Markup, escape

from search import QueryError
from search.highlight import Matcher
from search.query import parse, positive_text_terms
from search.text import token_spans


def highlight(text: str, query: str | None) -> Markup:
    """The whole text, HTML-escaped, with <mark> around words matching ``query``."""
    if not query or not query.strip():
        return Markup(escape(text))
    try:
        matcher = Matcher(positive_text_terms(parse(query)))
    except QueryError:
        return Markup(escape(text))
    if matcher.empty:
        return Markup(escape(text))
    parts, cursor = [], 0
    for start, end, token in token_spans(text):
        if matcher.classify(token):
            parts.append(escape(text[cursor:start]))
            parts.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
            cursor = end
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)
