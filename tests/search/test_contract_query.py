"""The same query contract on both engines: words, phrases, booleans, fields, ranking."""
from __future__ import annotations

import pytest

from search import QueryError, SearchRequest
from tests.search.corpus import SYSTEM


def ids(backend, text, ctx=SYSTEM, **kw) -> list[int]:
    return [h.doc_id for h in backend.search(SearchRequest(text, per_page=50, **kw), ctx).hits]


@pytest.mark.parametrize("text, expected", [
    ("rapat", {1, 6}),
    ("rapat koordinasi", {1}),
    ('"koordinasi pembangunan"', {1}),
    ('"pembangunan koordinasi"', {1}),      # no exact phrase anywhere: read loosely (both words)
    ('"koordinasi sekolah"', set()),         # loosely read, both words of a 2-word phrase still needed
    ("kepegawaian OR sekolah", {2, 6}),
    ("rapat AND evaluasi", {6}),
    ("rapat -evaluasi", {1}),
    ("rapat NOT evaluasi", {1}),
    ("(kepegawaian OR sekolah) -triwulan", {2}),
    ("pembangu*", {1}),
    ("nomor:600/147", {1}),
    ('nomor:"800/12/DISDIK/V/2023"', {2}),
    ("perihal:laporan", {2}),
    ("dari:pendidikan", {2}),
    ('dari:"badan kepegawaian"', {6}),
    ("kepada:camat", {1}),
    ("klasifikasi:800", {2, 6}),
    ("klasifikasi:600.1", {1}),
    ("sifat:rahasia", {5, 7}),
    ("status:diproses", {2}),
    ("status:terlambat", {2}),
    ("tahun:2023", {2}),
    ("tahun:2022..2023", {2, 3, 4}),
    ("tanggal:2024-01..2024-03", {1, 5, 6}),
    ("tanggal:2024-02-02", {5}),
    ("jembatan tahun:2022", {3, 4}),
])
def test_query_language(loaded, text, expected):
    assert set(ids(loaded, text)) == expected


def test_words_match_letter_fields_too(loaded):
    assert set(ids(loaded, "sekretariat")) == set(range(100, 112))


def test_fuzzy_finds_ocr_misread_and_ranks_exact_first(loaded):
    found = ids(loaded, "jembatan")
    assert set(found) == {3, 4, 5}          # 3 reads "jembalan" (OCR error)
    assert found.index(3) > found.index(4) and found.index(3) > found.index(5)
    assert 3 not in ids(loaded, "jembatan", fuzzy=False)
    assert 3 not in ids(loaded, '"jembatan"')  # a quoted word is exact


def test_misread_forms_are_left_out_when_the_typed_word_finds_enough(loaded, monkeypatch):
    import search.reading

    monkeypatch.setattr(search.reading, "FUZZY_BELOW", 2)    # 4 and 5 hold "jembatan" as typed
    assert set(ids(loaded, "jembatan")) == {4, 5}
    monkeypatch.setattr(search.reading, "FUZZY_BELOW", 3)
    assert set(ids(loaded, "jembatan")) == {3, 4, 5}


def test_rare_phrase_finds_the_letter_whose_ocr_damaged_a_word(loaded):
    # Letter 3 reads "perbaikan jembalan desa": the exact phrase is nowhere, the loose reading finds it.
    assert 3 in ids(loaded, '"perbaikan jembatan desa"')
    assert 3 not in ids(loaded, '"perbaikan jembatan desa"', fuzzy=False)   # tolerance off: exact phrases


def test_loose_phrase_ranks_the_exact_phrase_first(loaded):
    found = ids(loaded, '"jembatan desa sotek"')     # exactly in 5 only; 3 and 4 hold the words
    assert found[0] == 5 and set(found) == {3, 4, 5}


def test_phrase_held_by_many_letters_is_exact(loaded):
    assert set(ids(loaded, '"libur nasional"')) == set(range(100, 112))
    assert ids(loaded, '"nasional libur"', fuzzy=False) == []            # word order counts
    assert set(ids(loaded, '"nasional libur"')) == set(range(100, 112))   # ... until read loosely


def test_stemming_matches_word_forms_exact_first(loaded):
    found = ids(loaded, "membangun", fuzzy=False)
    assert found[0] == 2 and 1 in found      # 1 says "pembangunan"
    assert ids(loaded, "membangun", fuzzy=False, stemming=False) == [2]


def test_sort_by_date_and_pagination(loaded):
    newest = ids(loaded, "edaran", sort="date")
    assert newest == list(range(111, 99, -1))
    assert ids(loaded, "edaran", sort="date_asc") == list(range(100, 112))
    pages = [loaded.search(SearchRequest("edaran", sort="date", page=p, per_page=5), SYSTEM) for p in (1, 2, 3)]
    assert [r.total for r in pages] == [12, 12, 12]
    seen = [h.doc_id for r in pages for h in r.hits]
    assert seen == newest and len(pages[2].hits) == 2


def test_snippet_names_the_page_and_is_escaped(loaded):
    hit = loaded.search(SearchRequest("anggaran perubahan"), SYSTEM).hits[0]
    assert hit.doc_id == 1 and hit.page == 2
    assert "<mark>anggaran</mark>" in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    first = loaded.search(SearchRequest("koordinasi"), SYSTEM).hits[0]
    assert first.page == 1 and "<mark>koordinasi</mark>" in first.snippet


def test_fuzzy_match_is_highlighted(loaded):
    hit = next(h for h in loaded.search(SearchRequest("jembatan"), SYSTEM).hits if h.doc_id == 3)
    assert "<mark>jembalan</mark>" in hit.snippet


def test_facets_count_documents(loaded):
    facets = loaded.search(SearchRequest("", per_page=1), SYSTEM).facets
    assert ("2021", 12) in facets["year"]
    assert ("000", 12) in facets["classification"]
    assert ("Sekretariat Daerah", 12) in facets["sender"]
    assert dict(facets["sifat"]) == {"biasa": 17, "rahasia": 2}
    assert dict(facets["status"]) == {"selesai": 1, "diproses": 1, "belum_dibaca": 1}


def test_empty_query_lists_everything(loaded):
    assert loaded.search(SearchRequest(""), SYSTEM).total == 19


def test_similar_letters(loaded):
    similar = [h.doc_id for h in loaded.similar(4, SYSTEM, limit=5)]
    assert similar and 3 in similar and 4 not in similar


def test_suggestions_words_and_senders(loaded):
    assert "Inspektorat Wilayah" in loaded.suggest("insp", SYSTEM)
    assert "penyelewengan" in loaded.suggest("penyel", SYSTEM)
    assert loaded.suggest("", SYSTEM) == []


BAD_QUERIES = [
    '"unclosed phrase', "rapat AND", "OR", "AND OR NOT", "-", "((rapat", "rapat))", "a:b:c", '\\', "/regex.*/",
    "rapat~2", "rapat^10", "{[}]", "title:(x", "*", "?", "&& ||", "\x00", "💥 rapat", "' OR 1=1 --",
    "tanggal:2024-13", "tahun:duaribu", "sifat:gaib", "klasifikasi:abc", "foo:bar", "x" * 10_000,
    " ".join(["rapat"] * 300), "a*", "nomor:*",
]


@pytest.mark.parametrize("text", BAD_QUERIES)
def test_bad_input_never_raises_engine_errors(loaded, text):
    try:
        result = loaded.search(SearchRequest(text), SYSTEM)
    except QueryError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert result.total >= 0


def test_unknown_field_message_is_clear(loaded):
    with pytest.raises(QueryError, match="Unknown search field 'foo:'"):
        loaded.search(SearchRequest("foo:bar"), SYSTEM)


def test_bad_paging_is_a_query_error(loaded):
    for req in (SearchRequest("rapat", page=0), SearchRequest("rapat", per_page=1000),
                SearchRequest("rapat", page=5000, per_page=10), SearchRequest("rapat", sort="nonsense")):
        with pytest.raises(QueryError):
            loaded.search(req, SYSTEM)
