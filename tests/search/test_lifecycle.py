"""Writes: partial updates, deletes, rebuild with an atomic switch while searches go on."""
from __future__ import annotations

import multiprocessing
import threading
from datetime import date

from search import IndexDoc, SearchRequest
from search.elastic import ElasticBackend
from search.embedded import EmbeddedBackend
from tests.search.corpus import SYSTEM, letters


def total(backend, text, ctx=SYSTEM) -> int:
    return backend.search(SearchRequest(text, facets=False), ctx).total


def test_partial_update_changes_fields_not_text(fresh):
    fresh.index_documents([IndexDoc(id=1, pages=["Berita acara serah terima barang."], perihal="Serah Terima",
                                    sender="Dinas Sosial", tanggal=date(2024, 5, 5))])
    assert fresh.update_fields(1, {"perihal": "Serah Terima Aset", "disposition_statuses": ["selesai"],
                                   "tanggal": date(2020, 1, 2)})
    assert total(fresh, "perihal:aset") == 1
    assert total(fresh, "status:selesai") == 1 and total(fresh, "tahun:2020") == 1  # year follows tanggal
    assert total(fresh, "tanggal:2020-01") == 1
    assert total(fresh, "berita acara") == 1          # text kept without being sent again
    hit = fresh.search(SearchRequest("barang"), SYSTEM).hits[0]
    assert hit.perihal == "Serah Terima Aset" and hit.tanggal == date(2020, 1, 2) and "<mark>barang</mark>" in hit.snippet
    assert fresh.update_fields(999, {"perihal": "x"}) is False


def test_access_fields_update_in_place(fresh):
    fresh.index_documents([IndexDoc(id=5, pages=["Nota dinas khusus."], unit_id=10)])
    from search import AccessContext

    staff = AccessContext(user_id=1, clearance=1, unit_ids=[10], position_ids=[7])
    assert total(fresh, "nota", staff) == 1
    fresh.update_fields(5, {"sifat": "rahasia", "sifat_level": 2})
    assert total(fresh, "nota", staff) == 0
    fresh.update_fields(5, {"assignee_position_ids": [7]})
    assert total(fresh, "nota", staff) == 1


def test_delete_and_reindex_same_id(fresh):
    fresh.index_documents([IndexDoc(id=3, pages=["Surat pertama."])])
    fresh.index_documents([IndexDoc(id=3, pages=["Surat kedua."])])
    assert total(fresh, "pertama") == 0 and total(fresh, "kedua") == 1 and total(fresh, "") == 1
    fresh.delete(3)
    fresh.delete(3)                                    # deleting an absent document is fine
    assert total(fresh, "") == 0


def _live_name(backend):
    return backend.current_index() if isinstance(backend, ElasticBackend) else backend.store.current_name()


def test_rebuild_switches_atomically_while_search_answers(fresh):
    fresh.index_documents(letters())
    before = _live_name(fresh)
    answers, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(total(fresh, "edaran"))
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(exc)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        extra = [IndexDoc(id=500 + i, pages=[f"Surat edaran tambahan {i}."]) for i in range(300)]
        fresh.rebuild(iter(letters() + extra))
    finally:
        stop.set()
        thread.join()
    assert not errors and answers
    assert set(answers) <= {12, 312}                   # old index or new one, never empty
    assert _live_name(fresh) != before
    assert total(fresh, "edaran") == 312


def test_rebuild_resumes_an_interrupted_build(fresh):
    docs = [IndexDoc(id=i, pages=[f"Arsip nomor {i} perihal pengadaan."]) for i in range(1, 41)]
    checkpoints = []

    class Interrupted(Exception):
        pass

    def failing_stream():
        for doc in docs[:25]:
            yield doc
        raise Interrupted

    import search.elastic.backend as es_mod
    import search.embedded.backend as emb_mod

    old = (es_mod.BULK_CHUNK, emb_mod.REBUILD_COMMIT_EVERY)
    es_mod.BULK_CHUNK = emb_mod.REBUILD_COMMIT_EVERY = 10
    try:
        try:
            fresh.rebuild(failing_stream(), progress=lambda name, last: checkpoints.append((name, last)))
        except Interrupted:
            pass
        assert total(fresh, "") == 0                   # nothing switched yet
        target, last_id = checkpoints[-1]
        assert last_id == 20
        fresh.rebuild((d for d in docs if d.id > last_id), resume=target)
    finally:
        es_mod.BULK_CHUNK, emb_mod.REBUILD_COMMIT_EVERY = old
    assert _live_name(fresh) == target
    assert total(fresh, "pengadaan") == 40


def _write_many(index_dir: str, start: int) -> None:
    backend = EmbeddedBackend(index_dir)
    for i in range(start, start + 5):
        backend.index_documents([IndexDoc(id=i, pages=[f"Surat masuk {i} dari proses lain."])])
        backend.update_fields(i, {"perihal": f"Perihal {i}"})
    backend.close()


def test_embedded_writers_in_several_processes_are_serialised(tmp_path):
    backend = EmbeddedBackend(tmp_path / "index")
    backend.ensure_index()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(tmp_path / "index"), s)) for s in (1, 101, 201)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert total(backend, "proses") == 15           # a reader sees other processes' commits
    assert total(backend, "perihal:perihal") == 15
