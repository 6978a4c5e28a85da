"""Input the search box must answer with a clear message (issue 15 item 12, issue 11 minor):
deep nesting, nothing left to search for, ignored words and signs, reversed ranges."""
from __future__ import annotations

import pytest

from search import QueryError, SearchRequest
from search.query import MAX_DEPTH
from tests.search.corpus import SYSTEM

LONG = "pemberitahuanpelaksanaankegiatanpembangunanjalan"   # 48 characters


@pytest.mark.parametrize("text", ["(" * 300 + "rapat", "(-" * 400 + "rapat", "NOT (" * 150 + "rapat",
                                  "(" * (MAX_DEPTH + 1) + "rapat" + ")" * (MAX_DEPTH + 1)])
def test_deep_nesting_is_refused_with_a_message(loaded, text):
    with pytest.raises(QueryError, match=f"too deeply; use at most {MAX_DEPTH} levels"):
        loaded.search(SearchRequest(text), SYSTEM)


def test_nesting_within_the_limit_still_searches(loaded):
    text = "(" * MAX_DEPTH + "rapat" + ")" * MAX_DEPTH
    assert {h.doc_id for h in loaded.search(SearchRequest(text), SYSTEM).hits} == {1, 6}


@pytest.mark.parametrize("text, shown", [("(((", "( ( ("), ("AND", "AND"), ("*", "*"), (LONG, LONG[:20])])
def test_a_query_with_nothing_to_search_for_does_not_list_everything(loaded, text, shown):
    with pytest.raises(QueryError, match="Nothing is left to search for") as exc:
        loaded.search(SearchRequest(text), SYSTEM)
    assert shown in str(exc.value)


def test_ignored_words_and_signs_are_named(loaded):
    results = loaded.search(SearchRequest(f"rapat {LONG} ((("), SYSTEM)
    assert {h.doc_id for h in results.hits} == {1, 6}
    assert any(LONG[:20] in n and "longer than 40 characters" in n for n in results.notices)
    assert any("'( ( ('" in n for n in results.notices)
    assert loaded.search(SearchRequest("rapat"), SYSTEM).notices == []


@pytest.mark.parametrize("text, fixed", [("tahun:2030..2020", "tahun:2020..2030"),
                                         ("tanggal:2024-03..2024-01", "tanggal:2024-01..2024-03")])
def test_a_reversed_range_says_so(loaded, text, fixed):
    with pytest.raises(QueryError, match="runs backwards") as exc:
        loaded.search(SearchRequest(text), SYSTEM)
    assert fixed in str(exc.value)
