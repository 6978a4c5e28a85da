"""The indexing service: changes reach the engine after commit; outages wait; full rebuilds."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select

from app.models import Document, Page
from app.runtime import Runtime
from app.services import indexing
from search import AccessContext, SearchRequest
from search.errors import IndexBehind
from tests.search.apps import engine_runtime
from tests.factories import make_document

SYSTEM = AccessContext.system()


@pytest.fixture(params=["embedded", "elastic"])
def rt(request, tmp_path, es_url):
    runtime = engine_runtime(request.param, tmp_path / "data", es_url)
    yield runtime
    if request.param == "elastic":
        runtime.search.delete_all()
    runtime.close()


def hits(runtime, text) -> list[int]:
    return [h.doc_id for h in runtime.search.search(SearchRequest(text), SYSTEM).hits]


def new_letter(runtime, text="Undangan rapat anggaran desa.", **fields) -> int:
    with runtime.session_scope() as s:
        doc = make_document(s, [text, "Halaman kedua."], perihal="Undangan", sender="Dinas Sosial",
                            tanggal_surat=date(2024, 2, 1), **fields)
        indexing.mark_changed(s, doc.id)
        return doc.id


def state(runtime, doc_id) -> str:
    with runtime.session_scope() as s:
        return s.get(Document, doc_id).index_state


def test_changes_reach_the_index_after_commit(rt):
    doc_id = new_letter(rt)
    assert hits(rt, "anggaran") == [doc_id] and state(rt, doc_id) == "indexed"


def test_rolled_back_changes_are_not_indexed(rt):
    with pytest.raises(RuntimeError):
        with rt.session_scope() as s:
            doc = make_document(s, ["Surat yang batal disimpan."])
            indexing.mark_changed(s, doc.id)
            raise RuntimeError("rollback")
    assert hits(rt, "batal") == []


def test_partial_update_does_not_resend_text(rt):
    doc_id = new_letter(rt)
    with rt.session_scope() as s:
        # Take the text away in the database: a partial update must not need it.
        s.execute(delete(Page).where(Page.document_id == doc_id))
        doc = s.get(Document, doc_id)
        doc.perihal = "Undangan Musyawarah"
        indexing.mark_changed(s, doc_id, {"perihal"})
    assert hits(rt, "perihal:musyawarah") == [doc_id]
    assert hits(rt, "anggaran") == [doc_id]          # the indexed text is untouched


def test_removed_and_unfinished_documents_leave_or_stay_out(rt):
    doc_id = new_letter(rt)
    with rt.session_scope() as s:
        s.get(Document, doc_id).status = "destroyed"
        indexing.mark_removed(s, doc_id)
    assert hits(rt, "anggaran") == []
    with rt.session_scope() as s:
        doc = make_document(s, ["Masih diproses OCR."])
        doc.status = "processing"
        indexing.mark_changed(s, doc.id)
    assert hits(rt, "diproses") == []


def test_unreachable_engine_marks_waiting_then_index_pending_catches_up(tmp_path, runtime):
    down = Runtime(runtime.settings.with_overrides(search_url="http://127.0.0.1:9", search_index_prefix="down"))
    with down.session_scope() as s:
        doc = make_document(s, ["Surat saat mesin pencari mati."])
        indexing.mark_changed(s, doc.id)
        doc_id = doc.id
    assert state(runtime, doc_id) == "waiting"       # the commit itself succeeded
    down.close()
    assert indexing.index_pending(runtime) == 1
    assert hits(runtime, "pencari") == [doc_id] and state(runtime, doc_id) == "indexed"


def test_reindex_rebuilds_from_the_database(rt):
    with rt.session_scope() as s:
        ids = [make_document(s, [f"Arsip nomor {i} tentang pengadaan barang."], nomor=f"027/{i}/2024").id
               for i in range(23)]
        gone_doc = make_document(s, ["Sudah dimusnahkan pengadaan."])
        gone_doc.status = "destroyed"
        gone = gone_doc.id
    assert hits(rt, "pengadaan") == []                # no hook calls: nothing indexed yet
    assert indexing.reindex(rt, batch_size=10) == 23
    found = rt.search.search(SearchRequest("pengadaan", per_page=50), SYSTEM)
    assert found.total == 23 and gone not in [h.doc_id for h in found.hits]
    assert not (rt.settings.index_dir / f"reindex-{rt.search.name}.json").exists()
    with rt.session_scope() as s:
        assert set(s.scalars(select(Document.index_state).where(Document.id.in_(ids)))) == {"indexed"}


def test_reindex_resumes_from_its_checkpoint(rt, monkeypatch):
    with rt.session_scope() as s:
        for i in range(12):
            make_document(s, [f"Surat keputusan {i} tentang mutasi."])
    real_stream = indexing.stream_documents

    def interrupted(runtime, after_id=0, batch_size=500):   # fault injection: the run dies midway
        for n, doc in enumerate(real_stream(runtime, after_id, batch_size)):
            if n == 7:
                raise KeyboardInterrupt
            yield doc

    import search.elastic.backend as es_mod
    import search.embedded.backend as emb_mod

    monkeypatch.setattr(es_mod, "BULK_CHUNK", 5)
    monkeypatch.setattr(emb_mod, "REBUILD_COMMIT_EVERY", 5)
    monkeypatch.setattr(indexing, "stream_documents", interrupted)
    with pytest.raises(KeyboardInterrupt):
        indexing.reindex(rt, batch_size=5)
    assert (rt.settings.index_dir / f"reindex-{rt.search.name}.json").exists()
    monkeypatch.setattr(indexing, "stream_documents", real_stream)
    assert indexing.reindex(rt, batch_size=5) == 7       # resumes after the 5 committed ones
    assert rt.search.search(SearchRequest("mutasi"), SYSTEM).total == 12


def test_letters_behind_the_index_are_withheld_from_search(rt, monkeypatch):
    kept, changed = new_letter(rt), new_letter(rt, "Undangan rapat anggaran kecamatan.")
    seen = {}
    real_apply = indexing.apply_changes

    def observing(factory, backend, changes, removals):   # the state the commit left, before the engine write
        with rt.session_scope() as s:
            seen.update({i: s.get(Document, i).index_state for i in changes})
        return real_apply(factory, backend, changes, removals)

    monkeypatch.setattr(indexing, "apply_changes", observing)
    with rt.session_scope() as s:
        s.get(Document, changed).sifat = "rahasia"
        indexing.mark_changed(s, changed, {"sifat"})
    assert seen == {changed: "pending"}                  # behind from the commit itself
    with rt.session_scope() as s:
        s.get(Document, changed).index_state = "waiting"    # as a failed engine write leaves it
        ctx = indexing.withholding(s, SYSTEM)
    assert ctx.withheld_ids == (changed,)
    assert [h.doc_id for h in rt.search.search(SearchRequest("anggaran"), ctx).hits] == [kept]
    assert rt.search.suggest("kecam", ctx) == [] and rt.search.suggest("kecam", SYSTEM) == ["kecamatan"]
    monkeypatch.setattr(indexing, "MAX_WITHHELD", 0)
    with rt.session_scope() as s, pytest.raises(IndexBehind):
        indexing.withholding(s, SYSTEM)


def test_an_older_write_landing_after_a_newer_one_is_written_again(rt, monkeypatch):
    """Two changes of one letter in quick succession: the first one's engine write (read
    before the second commit) arrives after the second's. The index must end with the
    second (here: raised to rahasia), not with the stale copy marked 'indexed'."""
    doc_id = new_letter(rt)
    real_update = type(rt.search).update_fields
    raised = []

    def slow_first_write(backend, target, fields):
        if not raised:                                 # the second change overtakes this write
            raised.append(True)
            with rt.session_scope() as s:
                s.get(Document, target).sifat = "rahasia"
                indexing.mark_changed(s, target, {"sifat"})
        return real_update(backend, target, fields)

    monkeypatch.setattr(type(rt.search), "update_fields", slow_first_write)
    with rt.session_scope() as s:
        s.get(Document, doc_id).perihal = "Undangan Musyawarah"
        indexing.mark_changed(s, doc_id, {"perihal"})
    clerk = AccessContext(user_id=1, clearance=1, unit_ids=None)
    assert hits(rt, "perihal:musyawarah") == [doc_id] and state(rt, doc_id) == "indexed"
    assert rt.search.search(SearchRequest("sifat:rahasia"), SYSTEM).total == 1
    assert rt.search.search(SearchRequest("anggaran"), clerk).total == 0
