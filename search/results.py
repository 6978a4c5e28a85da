"""Turning engine rows into Hits: shared by both backends so hits look the same."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from search.highlight import Matcher, best_page, snippet
from search.model import Hit, IndexDoc, int_date
from search.query import positive_text_terms

# The facets both engines count, in the terms-aggregation form both understand
# (tantivy takes the same JSON as Elasticsearch).
FACET_AGGS = {
    "year": {"terms": {"field": "year", "size": 10, "order": {"_key": "desc"}}},
    "classification": {"terms": {"field": "class_top", "size": 10}},
    "sender": {"terms": {"field": "sender", "size": 10}},
    "sifat": {"terms": {"field": "sifat", "size": 10}},
    "status": {"terms": {"field": "statuses", "size": 10}},
}


def doc_to_json(doc: IndexDoc) -> dict[str, Any]:
    """The stored copy of a document (enough to rebuild it for a partial update)."""
    out = dict(doc.__dict__)
    for key in ("tanggal", "created_at"):
        value = out.get(key)
        out[key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return out


def doc_from_json(data: dict[str, Any]) -> IndexDoc:
    values = dict(data)
    if values.get("tanggal"):
        values["tanggal"] = date.fromisoformat(values["tanggal"])
    if values.get("created_at"):
        values["created_at"] = datetime.fromisoformat(values["created_at"])
    known = IndexDoc.__dataclass_fields__
    return IndexDoc(**{k: v for k, v in values.items() if k in known})


def merge_fields(stored: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Stored JSON with changed fields applied (dates accepted as objects or strings)."""
    merged = dict(stored)
    for key, value in fields.items():
        if key in ("pages", "id"):
            continue                       # partial updates never carry text
        merged[key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return merged


def json_bytes(doc: IndexDoc) -> bytes:
    return json.dumps(doc_to_json(doc), ensure_ascii=False, separators=(",", ":")).encode()


def matcher_for(tree, fuzzy: bool, stemming: bool) -> Matcher:
    return Matcher(positive_text_terms(tree), fuzzy=fuzzy, stemming=stemming)


def make_hit(score: float, stored: dict[str, Any], matcher: Matcher | None) -> Hit:
    pages = stored.get("pages") or []
    if matcher is None:
        page, text = 1, ""
    else:
        page, marks = best_page(pages, matcher)
        text = snippet(pages[page - 1], marks) if pages else ""
    tanggal = stored.get("tanggal")
    return Hit(
        doc_id=int(stored["id"]),
        score=float(score or 0.0),
        nomor=stored.get("nomor"),
        perihal=stored.get("perihal"),
        tanggal=date.fromisoformat(tanggal) if isinstance(tanggal, str) else int_date(tanggal),
        sender=stored.get("sender"),
        page=page,
        snippet=text,
    )
