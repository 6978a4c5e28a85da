"""'Similar letters' on tantivy: a more-like-this query built here from term statistics.

Tantivy's own ``more_like_this`` weighs each term with ``doc_freq`` (which still counts
the deleted copy of an updated document until its segment is merged) against the number
of live documents, and panics when the first exceeds the second (bm25.rs ``idf``:
``15 >= 16``). Any letter edit leaves such a copy behind, so that query cannot be used.
Here the same idea (the source's most distinctive words, as an OR of term queries) is
built with the document frequency capped at the index size; term queries score with
tantivy's BM25, whose statistics count deleted documents on both sides.
"""
from __future__ import annotations

import math
from collections import Counter

import tantivy
from tantivy import Occur, Query

MAX_QUERY_TERMS = 25
MIN_WORD_CHARS = 3


def similar_query(schema: tantivy.Schema, searcher: tantivy.Searcher, text: str) -> Query | None:
    """An OR of the source's ``MAX_QUERY_TERMS`` best words (tf x idf), or None when none
    of its words occurs in another letter (then nothing is similar)."""
    counts = Counter(w for w in text.split() if len(w) >= MIN_WORD_CHARS and not w.isdigit())
    total = max(1, searcher.num_docs)
    scored = []
    for word, tf in counts.items():
        df = searcher.doc_freq("words", word)
        if df < 2:                     # only in the source (or its deleted copy): matches nothing else
            continue
        df = min(df, total)
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        scored.append((tf * idf, word))
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:MAX_QUERY_TERMS]
    if not best:
        return None
    return Query.boolean_query([
        (Occur.Should, Query.boost_query(Query.term_query(schema, "words", word), max(weight, 0.01)))
        for weight, word in best
    ])
