"""Engine faults at the search package's boundary: updates never break similar letters;
a tantivy panic (a BaseException) or a damaged file comes out as IndexDamaged."""
from __future__ import annotations

from pathlib import Path

import pytest
from tantivy import Query

from search import IndexDamaged, IndexDoc, SearchRequest
from search.embedded import EmbeddedBackend
from search.embedded.faults import engine_errors
from search.model import FACETS_FAILED
from tests.search.corpus import SYSTEM

ALIKE = "Undangan rapat koordinasi anggaran pendidikan dasar nomor {n}"


def _alike(n: int = 3) -> list[IndexDoc]:
    return [IndexDoc(id=i, pages=[ALIKE.format(n=i)], perihal=f"Undangan {i}") for i in range(1, n + 1)]


def test_similar_letters_after_an_update_in_a_shared_segment(fresh):
    fresh.index_documents(_alike())                 # one commit: one segment holds all three
    assert fresh.update_fields(1, {"perihal": "Undangan rapat baru"})   # leaves a deleted copy behind
    for doc_id in (1, 2, 3):
        assert sorted(h.doc_id for h in fresh.similar(doc_id, SYSTEM)) == sorted({1, 2, 3} - {doc_id})


def test_a_real_tantivy_panic_becomes_index_damaged(tmp_path):
    backend = EmbeddedBackend(tmp_path / "index")
    backend.index_documents(_alike())
    backend.update_fields(1, {"perihal": "x"})
    searcher = backend._searcher()
    # Tantivy's own more-like-this still panics here (the upstream bug similar.py avoids).
    mlt = Query.more_like_this_document_fields_query(backend.schema, {"words": [ALIKE.format(n=1)]},
                                                     min_doc_frequency=1, min_term_frequency=1)
    with pytest.raises(BaseException) as raw:
        searcher.search(mlt, 5)
    assert not isinstance(raw.value, Exception)     # why `except Exception` was not enough
    with pytest.raises(IndexDamaged, match="lontar reindex"):
        with engine_errors():
            searcher.search(mlt, 5)


def test_a_damaged_segment_file_is_index_damage_not_a_bad_query(tmp_path):
    backend = EmbeddedBackend(tmp_path / "index")
    backend.index_documents(_alike(30))
    assert backend.search(SearchRequest("rapat"), SYSTEM).total == 30
    live = Path(backend.store.path(backend.store.current_name()))
    for term_file in live.glob("*.term"):
        with open(term_file, "r+b") as handle:
            handle.write(b"\xab" * (term_file.stat().st_size // 2))
    for call in (lambda: backend.search(SearchRequest("rapat"), SYSTEM), lambda: backend.similar(1, SYSTEM),
                 lambda: backend.update_fields(1, {"perihal": "y"})):
        with pytest.raises(IndexDamaged, match="lontar reindex"):
            call()
    reopened = EmbeddedBackend(tmp_path / "index")  # a process started after the damage
    with pytest.raises(IndexDamaged):
        reopened.search(SearchRequest("rapat"), SYSTEM)


def test_damaged_fast_fields_cost_the_facets_not_the_hits(tmp_path):
    backend = EmbeddedBackend(tmp_path / "index")
    backend.index_documents(_alike(30))
    assert backend.search(SearchRequest("rapat"), SYSTEM).facets
    live = Path(backend.store.path(backend.store.current_name()))
    for fast_file in live.glob("*.fast"):            # the columns the facets count on
        with open(fast_file, "r+b") as handle:
            handle.write(b"\xab" * (fast_file.stat().st_size // 2))
    results = backend.search(SearchRequest("rapat"), SYSTEM)
    assert results.total == 30 and len(results.hits) == 10
    assert results.facets == {} and results.notices == [FACETS_FAILED]
