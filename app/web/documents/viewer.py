"""Query terms highlighted on a page's OCR text, escaped first (a scan may carry markup), and
drawn on the page image from the page's word boxes, with the boxes the letter's fields were read from."""
from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from app.models import Document
from app.web.security import current_settings
from ingest.fields_text import MONTHS
from ingest.storage import words_path
from ingest.words import Box, Word, box_of, find_phrase, load_words
from search import QueryError
from search.highlight import Matcher
from search.query import parse, positive_text_terms
from search.text import token_spans


def _matcher(query: str | None) -> Matcher | None:
    if not query or not query.strip():
        return None
    try:
        matcher = Matcher(positive_text_terms(parse(query)))
    except QueryError:
        return None
    return None if matcher.empty else matcher


def page_boxes(doc: Document, page_no: int, query: str | None, fields: list[str]) -> dict:
    """Boxes to draw on page ``page_no``: ``hits`` (words matching the query) and ``fields``
    (field name -> where its current value is printed on this page). Empty for pages without boxes."""
    words = load_words(words_path(current_settings(), doc.id, page_no))
    if not words:
        return {"hits": [], "fields": {}}
    matcher = _matcher(query)
    hits = [box_of([w]) for w in words if matcher and _matches(matcher, w)]
    sources = {}
    for name in fields:
        if (box := _printed_at(words, getattr(doc, name, None))) is not None:
            sources[name] = box
    return {"hits": hits, "fields": sources}


def _matches(matcher: Matcher, word: Word) -> bool:
    return any(matcher.classify(token) for _start, _end, token in token_spans(word.text))


def _printed_at(words: list[Word], value) -> Box | None:
    if isinstance(value, date):  # as letters print it: "5 Maret 2024", "05 Maret 2024"
        month = MONTHS[value.month - 1]
        return (find_phrase(words, f"{value.day} {month} {value.year}")
                or find_phrase(words, f"{value.day:02d} {month} {value.year}"))
    return find_phrase(words, value) if isinstance(value, str) and value.strip() else None


def highlight(text: str, query: str | None) -> Markup:
    """The whole text, HTML-escaped, with <mark> around words matching ``query``."""
    matcher = _matcher(query)
    if matcher is None:
        return Markup(escape(text))
    parts, cursor = [], 0
    for start, end, token in token_spans(text):
        if matcher.classify(token):
            parts.append(escape(text[cursor:start]))
            parts.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
            cursor = end
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)
