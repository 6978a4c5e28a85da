"""Suggestions as you type and similar letters, against the real embedded engine: what a
user may not read never shows up, not even as a suggested word or sender."""
from __future__ import annotations

import pytest

from app.web.search.suggest import completions
from tests.factories import make_document
from tests.web.conftest import index_docs

SECRET_WORD = "zirkonium"
SECRET_SENDER = "Badan Zirkonia Nasional"
SIMILAR_TEXT = "pengadaan komputer laboratorium sekolah dasar negeri anggaran perubahan tahun berjalan"


@pytest.fixture(scope="module")
def letters(web_env):
    app, world = web_env
    runtime = app.extensions["lontar"].runtime
    unit = world.org.seksi_a1.id
    with runtime.session_scope() as s:
        docs = {
            "secret": make_document(s, [f"Laporan {SECRET_WORD} bahan tambang strategis"], nomor="700/77/R/2024",
                                    perihal="Laporan bahan strategis", sender=SECRET_SENDER, sifat="rahasia",
                                    unit_id=unit),
            "open_a": make_document(s, [SIMILAR_TEXT + " tahap satu"], nomor="027/1/SD/2024",
                                    perihal="Pengadaan komputer laboratorium", sender="Sekolah Dasar Negeri 5",
                                    unit_id=unit),
            "open_b": make_document(s, [SIMILAR_TEXT + " tahap dua"], nomor="027/2/SD/2024",
                                    perihal="Pengadaan komputer laboratorium lanjutan", sender="Sekolah Dasar Negeri 7",
                                    unit_id=unit),
            "secret_similar": make_document(s, [SIMILAR_TEXT + " tahap rahasia"], nomor="027/3/R/2024",
                                            perihal="Pengadaan komputer laboratorium khusus", sender="Inspektorat",
                                            sifat="rahasia", unit_id=unit),
        }
        index_docs(runtime, list(docs.values()))
        return {name: d.id for name, d in docs.items()}


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [s["text"] for s in response.json["suggestions"]]


# ---- suggestions ---------------------------------------------------------------------------------
def test_suggestions_complete_words_and_senders(as_user, letters):
    client = as_user("staf")
    data = client.get("/search/suggest?q=rapat+koord").json["suggestions"]
    assert {"text": "koordinasi", "completion": "rapat koordinasi"} in data
    assert "Sekolah Dasar Negeri 5" in _texts(client.get("/search/suggest?q=sekolah+dasar"))


def test_restricted_letter_words_and_senders_are_not_suggested(as_user, letters):
    staf, pejabat = as_user("staf"), as_user("kasi")
    for url in ("/search/suggest?q=zirko", "/api/v1/search/suggest?q=zirko"):
        assert _texts(staf.get(url)) == [], url
        assert SECRET_WORD in _texts(pejabat.get(url)), url
    assert SECRET_SENDER not in _texts(staf.get("/search/suggest?q=badan+zirk"))
    assert SECRET_SENDER in _texts(pejabat.get("/search/suggest?q=badan+zirk"))


def test_suggest_bad_input_is_a_clear_400(as_user, letters):
    client = as_user("staf")
    for url in ("/search/suggest?q=" + "a" * 201, "/search/suggest?q=ab&limit=0", "/search/suggest?q=ab&limit=x",
                "/search/suggest?q=ab&bogus=1", "/api/v1/search/suggest?q=ab&limit=99"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json["error"]["message"], url
    assert client.get("/search/suggest?q=").json == {"suggestions": []}
    assert client.get('/search/suggest?q="%3A*(-)').status_code == 200


def test_suggest_needs_login(app, letters):
    client = app.test_client()
    assert client.get("/search/suggest?q=rapat").status_code == 302
    assert client.get("/api/v1/search/suggest?q=rapat").status_code == 401


def test_completions_keep_what_was_typed_before_the_last_word():
    result = completions('perihal:"rapat koo', ["koordinasi", "Koperasi Sejahtera"])
    assert [c.completion for c in result] == ['perihal:"rapat koordinasi', 'perihal:"rapat Koperasi Sejahtera']
    assert [c.completion for c in completions("dinas kes", ["Dinas Kesehatan", "kesehatan"])] == [
        "Dinas Kesehatan", "dinas kesehatan"]


def test_search_page_wires_the_suggestion_box(as_user):
    page = as_user("staf").get("/search/").get_data(as_text=True)
    assert 'list="q-suggestions"' in page and 'data-suggest-url="/search/suggest"' in page
    assert '<datalist id="q-suggestions">' in page


# ---- similar letters -----------------------------------------------------------------------------
def test_similar_letters_api_lists_readable_ones_only(as_user, letters):
    staf_ids = [h["id"] for h in as_user("staf").get(f"/api/v1/documents/{letters['open_a']}/similar").json["similar"]]
    assert letters["open_b"] in staf_ids
    assert letters["secret_similar"] not in staf_ids and letters["open_a"] not in staf_ids
    pejabat_ids = [h["id"] for h in as_user("kasi").get(f"/api/v1/documents/{letters['open_a']}/similar").json["similar"]]
    assert {letters["open_b"], letters["secret_similar"]} <= set(pejabat_ids)


def test_similar_of_a_restricted_letter_is_404_for_those_who_may_not_read_it(as_user, letters):
    client = as_user("staf")
    for url in (f"/api/v1/documents/{letters['secret_similar']}/similar", "/api/v1/documents/999999/similar"):
        response = client.get(url)
        assert response.status_code == 404 and response.json["error"]["code"], url
    assert client.get(f"/api/v1/documents/{letters['open_a']}/similar?limit=0").status_code == 400
    assert client.get(f"/api/v1/documents/{letters['open_a']}/similar?limit=1").json["similar"].__len__() == 1


def test_document_page_shows_similar_letters_without_restricted_ones(as_user, letters):
    staf_page = as_user("staf").get(f"/documents/{letters['open_a']}").get_data(as_text=True)
    assert "Surat serupa" in staf_page
    assert f'href="/documents/{letters["open_b"]}"' in staf_page
    assert f'href="/documents/{letters["secret_similar"]}"' not in staf_page
    assert "Pengadaan komputer laboratorium khusus" not in staf_page
    pejabat_page = as_user("kasi").get(f"/documents/{letters['open_a']}").get_data(as_text=True)
    assert f'href="/documents/{letters["secret_similar"]}"' in pejabat_page
