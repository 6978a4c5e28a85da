"""Explicit Elasticsearch mappings; only core analysis (the standard analyzer) is used.

Text arrives already normalised and stemmed by Python, so the standard tokenizer and
lowercase filter change nothing: tokens match tantivy's one for one.
"""
from __future__ import annotations

from search.model import IndexDoc, flat_fields
from search.results import doc_to_json
from search.stemming import stem_text
from search.text import fold, normalise

TEXT = {"type": "text", "analyzer": "standard"}
STEMS = {"type": "text", "analyzer": "standard", "index_options": "freqs", "norms": True}
KEYWORD = {"type": "keyword"}
INTEGER = {"type": "integer"}

PROPERTIES = {
    "id": {"type": "long"},
    "words": TEXT, "stems": STEMS, "meta": TEXT, "meta_stems": STEMS,
    "perihal_tokens": TEXT, "perihal_stems": STEMS, "sender_tokens": TEXT,
    "addressee_tokens": TEXT, "nomor_tokens": TEXT,
    "sifat": KEYWORD, "statuses": KEYWORD, "classification": KEYWORD, "class_top": KEYWORD,
    "sender": KEYWORD, "sender_suggest": KEYWORD, "vocab": {"type": "keyword", "doc_values": True},
    "sifat_level": INTEGER, "access_level": INTEGER, "reader_id": INTEGER, "unit_id": INTEGER, "assignees": INTEGER, "overdue": INTEGER,
    "tanggal": INTEGER, "year": INTEGER, "created": {"type": "long"},
    # The letter as given (pages with their original text): returned, never indexed.
    "doc": {"type": "object", "enabled": False},
}

SUGGEST_SEP = "\x1f"


def index_body(shards: int, replicas: int, building: bool = False) -> dict:
    settings = {"number_of_shards": shards, "number_of_replicas": 0 if building else replicas}
    if building:
        settings["refresh_interval"] = "-1"
    return {"settings": {"index": settings}, "mappings": {"dynamic": "strict", "properties": PROPERTIES}}


def field_values(flat: dict) -> dict:
    """The indexed values derived from the letter fields (everything except page text)."""
    out = {k: flat[k] for k in (
        "meta", "meta_stems", "perihal_tokens", "perihal_stems", "sender_tokens", "addressee_tokens",
        "nomor_tokens", "sifat", "statuses", "classification", "class_top", "sender", "sifat_level",
        "access_level", "reader_id", "unit_id", "assignees", "tanggal", "year", "created")}
    out["overdue"] = int(flat["overdue"])
    out["sender_suggest"] = fold(flat["sender"]) + SUGGEST_SEP + flat["sender"] if flat["sender"] else None
    return out


def to_source(doc: IndexDoc) -> dict:
    pages = [normalise(p) for p in doc.pages] or [""]
    source = {"id": doc.id, "words": pages, "stems": [stem_text(p) for p in pages],
              "vocab": sorted({t for p in pages for t in p.split()}), "doc": doc_to_json(doc)}
    source.update(field_values(flat_fields(doc)))
    return source
