"""The tantivy schema and how an IndexDoc becomes a tantivy document."""
from __future__ import annotations

import tantivy

from search.access import NO_READER
from search.model import IndexDoc, flat_fields
from search.results import json_bytes
from search.stemming import stem_text
from search.text import fold, normalise

# Text fields hold Python-normalised tokens; tantivy's default tokenizer splits them on
# the same boundaries (non-alphanumeric) and lower-cases, i.e. changes nothing.
# ``words``/``stems`` hold the pages AND the letter fields (perihal, sender, addressee,
# signer, nomor) as one more value: a word is then one term query, not one per field, which
# halves the posting lists a query walks (Elasticsearch keeps separate ``meta`` fields; the
# same letters match, only the scores differ).
TEXT_FIELDS = ("words", "stems", "perihal_tokens", "perihal_stems", "sender_tokens", "addressee_tokens",
               "nomor_tokens")
KEYWORD_FIELDS = ("sifat", "statuses", "classification", "class_top", "sender", "sender_suggest", "access")
INT_FIELDS = ("sifat_level", "unit_id", "assignees", "overdue", "tanggal", "year", "created")
SUGGEST_SEP = "\x1f"


def access_keys(flat: dict) -> list[str]:
    """Who may read the letter (the three branches of search.access), as terms: the access
    filter is then one union of postings.

    ``l<level>`` for users of every unit, ``u<unit>:l<level>`` for unit-bound users (level:
    the access level), ``r<user>`` for the provisional reader and ``p<position>`` for the
    positions holding a disposition of it. Range and term-set filters on the columns cost a
    scan of the whole index per query; these do not.
    """
    level, unit = int(flat["access_level"]), int(flat["unit_id"])
    reader = [f"r{flat['reader_id']}"] if flat["reader_id"] != NO_READER else []
    return [f"l{level}", f"u{unit}:l{level}"] + reader + [f"p{p}" for p in flat["assignees"]]


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, index_option="freq" if name.endswith("stems") else "position")
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    for name in INT_FIELDS:
        builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


def to_tantivy(doc: IndexDoc) -> tantivy.Document:
    flat = flat_fields(doc)
    pages = [normalise(p) for p in doc.pages] or [""]
    values = {
        "id": doc.id,
        "words": pages + [flat["meta"]],
        "stems": [stem_text(p) for p in pages] + [flat["meta_stems"]],
        "stored": json_bytes(doc),
    }
    for name in TEXT_FIELDS[2:]:
        values[name] = flat[name]
    for name in ("sifat", "classification", "class_top", "sender"):
        if flat[name]:
            values[name] = flat[name]
    if flat["statuses"]:
        values["statuses"] = flat["statuses"]
    if flat["sender"]:
        values["sender_suggest"] = fold(flat["sender"]) + SUGGEST_SEP + flat["sender"]
    for name in ("sifat_level", "unit_id", "tanggal", "year", "created"):
        values[name] = int(flat[name])
    values["overdue"] = int(flat["overdue"])
    if flat["assignees"]:
        values["assignees"] = flat["assignees"]
    values["access"] = access_keys(flat)
    return tantivy.Document(**values)
