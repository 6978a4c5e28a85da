"""Issue 15 item 18: a damaged index says so (and how to rebuild it) instead of blaming the
query, and letter pages still render, without their search panels. The fault is real: a
segment file of the live tantivy index overwritten; a closed Elasticsearch index."""
from __future__ import annotations

from pathlib import Path

from elasticsearch import NotFoundError

from app.services import indexing
from search.elastic import ElasticBackend
from tests.search.apps import letters_app  # noqa: F401 - the fixture
from tests.web.conftest import logged_in_clients

DAMAGED_ID = "Indeks pencarian rusak dan harus dibangun ulang"


def damage_index(runtime) -> None:
    backend = runtime.search
    if isinstance(backend, ElasticBackend):
        backend.client.indices.close(index=backend.current_index())
        return
    live = Path(backend.store.path(backend.store.current_name()))
    for segment_file in live.glob("*.term"):        # the term dictionaries, first half garbage
        size = segment_file.stat().st_size
        with open(segment_file, "r+b") as handle:
            handle.write(b"\xab" * (size // 2))


def test_damaged_index_is_reported_as_such_and_pages_stay_up(letters_app):
    app, runtime, ids = letters_app
    client = logged_in_clients(app)("arsiparis")
    assert client.get("/search/?q=rapat").status_code == 200      # the index is open and read
    damage_index(runtime)

    page = client.get("/search/?q=rapat")
    assert page.status_code == 503 and DAMAGED_ID in page.get_data(as_text=True)
    api = client.get("/api/v1/search?q=rapat")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "index_damaged"
    assert "lontar reindex" in api.get_json()["error"]["message"]
    suggest = client.get("/api/v1/search/suggest?q=rap")
    assert suggest.status_code in (200, 503)                      # some damage spares the word list
    if suggest.status_code == 503:
        assert suggest.get_json()["error"]["code"] == "index_damaged"
    letter = client.get(f"/documents/{ids[0]}")
    html = letter.get_data(as_text=True)
    assert letter.status_code == 200 and DAMAGED_ID in html and "Undangan rapat 0" in html
    similar = client.get(f"/api/v1/documents/{ids[0]}/similar")
    assert similar.status_code == 503 and similar.get_json()["error"]["code"] == "index_damaged"

    indexing.reindex(runtime)                                     # what the message tells the admin to do
    again = client.get("/api/v1/search?q=rapat")
    assert again.status_code == 200 and again.get_json()["total"] == 3


def test_a_missing_elasticsearch_index_is_damage_not_a_new_index(letters_app):
    app, runtime, ids = letters_app
    backend = runtime.search
    if not isinstance(backend, ElasticBackend):
        # The embedded engine's comparable fault: the live index directory is gone.
        import shutil

        shutil.rmtree(backend.store.path(backend.store.current_name()))
    else:
        backend.client.indices.delete(index=backend.current_index())
    client = logged_in_clients(app)("arsiparis")
    api = client.get("/api/v1/search?q=rapat")
    assert api.status_code == 503 and api.get_json()["error"]["code"] in ("index_damaged", "search_unavailable")
    letter = client.get(f"/documents/{ids[1]}")
    assert letter.status_code == 200
    if isinstance(backend, ElasticBackend):
        # A write must not auto-create a plain index under the alias's name.
        with runtime.session_scope() as s:
            indexing.mark_changed(s, ids[1])
        try:
            backend.client.indices.get(index=backend.alias)
            created = True
        except NotFoundError:
            created = False
        assert not created
        with runtime.session_scope() as s:
            from app.models import Document

            assert s.get(Document, ids[1]).index_state == "waiting"
