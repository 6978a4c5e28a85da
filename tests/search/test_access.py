"""Nothing a user may not read leaks: hits, totals, facets, suggestions, similar letters."""
from __future__ import annotations

from search import AccessContext, SearchRequest
from tests.search.corpus import ASSIGNEE, STAFF, SYSTEM, readable_by


def test_hits_and_totals_are_filtered_in_the_engine(loaded):
    every = loaded.search(SearchRequest("", per_page=100), STAFF)
    assert {h.doc_id for h in every.hits} == readable_by(STAFF)
    assert every.total == len(readable_by(STAFF))
    jembatan = loaded.search(SearchRequest("jembatan"), STAFF)
    assert {h.doc_id for h in jembatan.hits} == {3, 4} and jembatan.total == 2
    assert loaded.search(SearchRequest("penyelewengan"), STAFF).total == 0
    assert loaded.search(SearchRequest("kepegawaian"), STAFF).total == 0       # another unit's letter


def test_pagination_counts_only_readable(loaded):
    page2 = loaded.search(SearchRequest("", page=2, per_page=10), STAFF)
    assert page2.total == len(readable_by(STAFF)) and len(page2.hits) == page2.total - 10


def test_facets_do_not_count_unreadable_letters(loaded):
    facets = loaded.search(SearchRequest(""), STAFF).facets
    assert "rahasia" not in dict(facets["sifat"])
    assert "Inspektorat Wilayah" not in dict(facets["sender"])
    assert "Badan Kepegawaian Daerah" not in dict(facets["sender"])
    assert "700" not in dict(facets["classification"])


def test_disposition_recipient_reads_a_rahasia_letter(loaded):
    found = loaded.search(SearchRequest("istimewa"), ASSIGNEE)
    assert [h.doc_id for h in found.hits] == [7] and found.total == 1
    assert loaded.search(SearchRequest("istimewa"), STAFF).total == 0
    assert dict(loaded.search(SearchRequest(""), ASSIGNEE).facets["sifat"]).get("rahasia") == 1


def test_suggestions_come_only_from_readable_letters(loaded):
    assert "Inspektorat Wilayah" in loaded.suggest("insp", SYSTEM)
    assert loaded.suggest("insp", STAFF) == []
    assert loaded.suggest("penyel", STAFF) == []
    assert loaded.suggest("kepeg", STAFF) == []
    assert "Inspektorat Wilayah" in loaded.suggest("insp", ASSIGNEE)   # via the disposition of letter 7


def test_similar_never_shows_or_uses_unreadable_letters(loaded):
    assert 5 in [h.doc_id for h in loaded.similar(4, SYSTEM, limit=10)]
    assert 5 not in [h.doc_id for h in loaded.similar(4, STAFF, limit=10)]
    assert loaded.similar(5, STAFF) == []          # the source itself is unreadable


def test_no_clearance_no_unit_sees_nothing(loaded):
    nobody = AccessContext(user_id=9, clearance=0, unit_ids=[], position_ids=[])
    result = loaded.search(SearchRequest(""), nobody)
    assert result.total == 0 and result.hits == [] and all(not v for v in result.facets.values())
    assert loaded.suggest("s", nobody) == []
