"""Issue 15 item 4: while index writes fail, a letter whose change has not reached the
index is withheld from every search answer (hits, snippets, counts, facets, suggestions,
similar letters), so raising it to rahasia takes effect in search at once.

The fault is real on both engines: another writer holds tantivy's index lock; the
Elasticsearch index refuses writes (``index.blocks.write``, as at the disk flood stage).
"""
from __future__ import annotations

import gc

import tantivy

from app.models import Document
from app.services import indexing
from search.elastic import ElasticBackend
from tests.search.apps import ROOMS, letters_app  # noqa: F401 - the fixture
from tests.web.conftest import csrf_token, logged_in_clients


class WriteFault:
    """Index writes fail while reads go on."""

    def __init__(self, runtime):
        self.backend = runtime.search
        self.held = None

    def __enter__(self):
        if isinstance(self.backend, ElasticBackend):
            self.backend.client.indices.put_settings(index=self.backend.current_index(),
                                                     settings={"index.blocks.write": True})
        else:
            live = self.backend.store.path(self.backend.store.current_name())
            self.held = tantivy.Index.open(str(live)).writer(heap_size=15_000_000, num_threads=1)
        return self

    def __exit__(self, *_exc):
        if isinstance(self.backend, ElasticBackend):
            self.backend.client.indices.put_settings(index=self.backend.current_index(),
                                                     settings={"index.blocks.write": False})
        else:
            self.held = None
            gc.collect()                            # tantivy releases its lock when the writer is dropped


def _state(runtime, doc_id) -> str:
    with runtime.session_scope() as s:
        return s.get(Document, doc_id).index_state


def _ids(client, q) -> list[int]:
    body = client.get("/api/v1/search", query_string={"q": q}).get_json()
    return sorted(h["id"] for h in body["hits"])


def test_a_letter_raised_to_rahasia_leaves_search_while_the_index_lags(letters_app):
    app, runtime, ids = letters_app
    clients = logged_in_clients(app)
    clerk, head = clients("arsiparis"), clients("kadis")   # cleared to terbatas / sangat rahasia
    secret, other = ids[0], ids[1]
    assert _ids(clerk, ROOMS[0]) == [secret] and _state(runtime, secret) == "indexed"
    page = clerk.get(f"/documents/{secret}").get_data(as_text=True)
    version = page.split('name="version" value="', 1)[1].split('"', 1)[0]

    with WriteFault(runtime):
        saved = clerk.post(f"/documents/{secret}/fields",
                           data={"version": version, "sifat": "rahasia", "csrf_token": csrf_token(clerk)})
        assert saved.status_code == 302 and _state(runtime, secret) == "waiting"
        assert clerk.get(f"/documents/{secret}").status_code == 404
        for client in (clerk, head):                     # withheld from everyone until the index has it
            assert _ids(client, "rapat") == [ids[1], ids[2]]
            assert _ids(client, ROOMS[0]) == []
            body = client.get("/api/v1/search", query_string={"q": "rapat"}).get_json()
            assert body["total"] == 2 and sum(c["count"] for c in body["facets"]["sifat"]) == 2
            words = client.get("/api/v1/search/suggest", query_string={"q": ROOMS[0][:5]}).get_json()
            assert ROOMS[0] not in [s["text"] for s in words["suggestions"]]
            similar = client.get(f"/api/v1/documents/{other}/similar").get_json()["similar"]
            assert secret not in [h["id"] for h in similar]
        html = clerk.get("/search/", query_string={"q": "rapat"}).get_data(as_text=True)
        assert "Undangan rapat 0" not in html and ROOMS[0] not in html

    assert indexing.index_pending(runtime) >= 1 and _state(runtime, secret) == "indexed"
    assert _ids(head, ROOMS[0]) == [secret]              # back for those cleared for rahasia
    assert _ids(clerk, ROOMS[0]) == []                   # and kept from the others by the access filter
