"""Search by disposition state: the index's partial updates follow each step (embedded engine)."""
from __future__ import annotations

from datetime import date, timedelta

from app.models import Disposition
from app.services import disposition as dsp
from app.services import indexing
from app.services import registration as reg
from search import AccessContext, SearchRequest
from tests.disposition.conftest import form, load_org
from tests.factories import make_document


def _ids(runtime, query: str) -> set[int]:
    results = runtime.search.search(SearchRequest(query, per_page=50), AccessContext.system())
    return {hit.doc_id for hit in results.hits}


def test_status_filter_follows_the_disposition(runtime):
    with runtime.session_scope() as s:
        org = load_org(s)
        docs = [make_document(s, [f"surat undangan rapat nomor {n}"], nomor=f"{n}/UND/2025", perihal="Undangan rapat",
                              unit_id=org.dinas.id) for n in range(3)]
        for d in docs:
            indexing.mark_changed(s, d.id)  # fully indexed after this commit
        ids = [d.id for d in docs]
    assert _ids(runtime, "undangan") == set(ids)
    assert _ids(runtime, "status:belum_dibaca") == set()

    with runtime.session_scope() as s:
        org = load_org(s)
        entries = []
        for doc_id in ids[:2]:
            registration = reg.register(s, s.get(type(docs[0]), doc_id), org.users["arsiparis"], form(org))
            top = dsp.dispose(s, org.users["kadis"], registration, [org.kabid_a.id], ["Untuk diketahui"])
            s.flush()
            entries.append(top.recipients[0].id)
    assert _ids(runtime, "status:belum_dibaca") == set(ids[:2])
    assert _ids(runtime, "undangan status:belum_dibaca") == set(ids[:2])

    with runtime.session_scope() as s:
        org = load_org(s)
        dsp.complete(s, org.users["kabid_a"], entries[0], "selesai")
    assert _ids(runtime, "status:selesai") == {ids[0]}
    assert _ids(runtime, "status:belum_dibaca") == {ids[1]}

    with runtime.session_scope() as s:  # the second one's deadline has passed (set directly: dispose refuses past dates)
        recipient = dsp.get_recipient(s, entries[1])
        s.get(Disposition, recipient.disposition_id).deadline = date.today() - timedelta(days=1)
        indexing.mark_changed(s, ids[1], {"disposition"})
    assert _ids(runtime, "status:terlambat") == {ids[1]}
    assert _ids(runtime, "-status:selesai undangan") == {ids[1], ids[2]}
