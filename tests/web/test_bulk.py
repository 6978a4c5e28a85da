"""Bulk actions on the document list: every letter checked on the server (read access and
the service's own rules), audited per letter, reported as "N done, M refused: reasons"."""
from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.models import AuditEntry, DisposalItem, DisposalProposal, Document, DocumentStatus, User
from app.services import bulk, retention
from app.services.access import context_for
from tests.factories import make_document
from tests.web.conftest import csrf_token, index_docs

_SERIAL = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def schedule(web_env):
    app, _world = web_env
    with app.extensions["lontar"].runtime.session_scope() as s:
        retention.load_demo_schedule(s)


def _runtime(app):
    return app.extensions["lontar"].runtime


def _user(s, name):
    return s.scalar(select(User).where(User.username == name))


def _letters(app, world, n=2, **fields):
    with _runtime(app).session_scope() as s:
        fields.setdefault("unit_id", world.org.seksi_a1.id)
        docs = [make_document(s, [f"Surat massal nomor {next(_SERIAL)}"], nomor=f"005/{next(_SERIAL)}/MASSAL/2024",
                              perihal="Surat massal", **fields) for _ in range(n)]
        index_docs(_runtime(app), docs)
        return [d.id for d in docs]


def _post(client, action, ids, **fields):
    data = {"action": action, "ids": [str(i) for i in ids], "csrf_token": csrf_token(client), **fields}
    return client.post("/documents/bulk", data=data, follow_redirects=True)


def _flashes(response) -> list[str]:
    return [re.sub(r"\s+", " ", m) for m in re.findall(r'<div class="flash [a-z]+" role="status">(.*?)</div>',
                                                     response.get_data(as_text=True), re.S)]


def _actions(app, doc_id, action):
    with _runtime(app).session_scope() as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.document_id == doc_id, AuditEntry.action == action)).all()


def test_bulk_classify_refuses_per_letter_what_the_user_may_not_change(app, world, as_user):
    a, b = _letters(app, world)
    secret = world.docs["rahasia_a"]  # above the archivist's clearance
    with _runtime(app).session_scope() as s:
        # A record already proposed for disposal: its classification can no longer change.
        old = make_document(s, ["Laporan bulanan lama"], nomor="000.9.2/3/MASSAL/2015", perihal="Laporan bulanan",
                            tanggal_surat=date(2015, 4, 1), unit_id=world.org.seksi_a1.id)
        retention.classify(s, _user(s, "records"), old.id, "000.9.2")
        from app.services import disposal
        disposal.create_proposal(s, _user(s, "records"), "Usul uji", [old.id])
        old_id = old.id
    response = _post(as_user("arsiparis"), "classify", [a, secret, b, old_id, 999_999], code="800")
    flashes = _flashes(response)
    assert flashes[0] == "Tetapkan kode klasifikasi: 2 berhasil, 3 ditolak."
    assert f"dokumen {secret}: surat ini tidak ada atau Anda tidak berhak membacanya" in flashes
    assert "dokumen 999999: surat ini tidak ada atau Anda tidak berhak membacanya" in flashes
    assert any(f.startswith(f"dokumen {old_id} (000.9.2/3/MASSAL/2015): ") for f in flashes)
    with _runtime(app).session_scope() as s:
        assert [s.get(Document, i).classification_code for i in (a, b)] == ["800", "800"]
        assert s.get(Document, secret).classification_code is None
    assert [e.details["new"] for e in _actions(app, a, "classified")] == ["800"]  # audited per letter
    assert _actions(app, secret, "classified") == []


def test_staf_posting_a_classify_is_refused_for_each_letter(app, world, as_user):
    a, b = _letters(app, world)
    flashes = _flashes(_post(as_user("staf"), "classify", [a, b], code="800"))
    assert flashes[0].endswith("0 berhasil, 2 ditolak.")
    assert len([f for f in flashes[1:] if f.startswith("dokumen ")]) == 2
    assert _actions(app, a, "classified") == []


def test_bulk_set_unit_changes_who_may_read(app, world, as_user):
    a, b = _letters(app, world)
    staf = as_user("staf")
    assert staf.get(f"/documents/{a}").status_code == 200
    flashes = _flashes(_post(as_user("arsiparis"), "unit", [a, b], unit_id=str(world.org.bidang_b.id)))
    assert flashes[0] == "Tetapkan unit: 2 berhasil, 0 ditolak."
    assert staf.get(f"/documents/{a}").status_code == 404
    assert [(e.details["old"], e.details["new"]) for e in _actions(app, b, "unit_changed")] == [("DISDIK-A1", "DISDIK-B")]
    missing = _flashes(_post(as_user("arsiparis"), "unit", [a], unit_id="424242"))
    assert missing == ["Tidak dilakukan: Pilih unit yang ada."]


def test_bulk_propose_reports_ineligible_letters(app, world, as_user):
    with _runtime(app).session_scope() as s:
        records = _user(s, "records")
        olds = [make_document(s, [f"Laporan bulanan {next(_SERIAL)}"], nomor=f"000.9.2/{next(_SERIAL)}/MASSAL/2015",
                              perihal="Laporan bulanan", tanggal_surat=date(2015, 4, 1), unit_id=world.org.seksi_a1.id)
                for _ in range(3)]
        for doc in olds:
            retention.classify(s, records, doc.id, "000.9.2")
        fresh = make_document(s, ["Laporan bulanan baru"], nomor="000.9.2/9/MASSAL/2024", perihal="Laporan baru",
                              tanggal_surat=date.today(), unit_id=world.org.seksi_a1.id)
        retention.classify(s, records, fresh.id, "000.9.2")
        ids = [d.id for d in olds] + [fresh.id]
    client = as_user("records")
    flashes = _flashes(_post(client, "propose", [ids[0], ids[3], ids[1]], proposal="new", title="Usul massal"))
    assert flashes[0].startswith("Masukkan ke usul musnah: 2 berhasil, 1 ditolak.")
    assert flashes[1].startswith(f"dokumen {ids[3]} (000.9.2/9/MASSAL/2024): masa retensinya belum berakhir")
    with _runtime(app).session_scope() as s:
        proposal = s.scalar(select(DisposalProposal).where(DisposalProposal.title == "Usul massal"))
        items = s.scalars(select(DisposalItem.document_id).where(DisposalItem.proposal_id == proposal.id)).all()
        assert sorted(items) == sorted([ids[0], ids[1]])
        proposal_id = proposal.id
    # Into the same draft proposal: the new one goes in, one already there is refused.
    flashes = _flashes(_post(client, "propose", [ids[2], ids[0]], proposal=str(proposal_id)))
    assert flashes[0].startswith("Masukkan ke usul musnah: 1 berhasil, 1 ditolak.")
    assert f"dokumen {ids[0]} (" in flashes[1] and f"usul musnah {proposal_id}" in flashes[1]
    assert [e.object_id for e in _actions(app, ids[2], "proposed")] == [proposal_id]


def test_bulk_discard_failed_uploads_only_own_or_as_archivist(app, world, as_user):
    with _runtime(app).session_scope() as s:
        staf, kasi = _user(s, "staf"), _user(s, "kasi")
        def failed(uploader):
            doc = make_document(s, [f"bukan surat {next(_SERIAL)}"], unit_id=world.org.seksi_a1.id, uploaded_by_id=uploader.id)
            doc.status, doc.error_code = DocumentStatus.FAILED.value, "not_a_document"
            return doc.id
        own, others = failed(staf), failed(kasi)
        processed = make_document(s, ["surat yang berhasil"], unit_id=world.org.seksi_a1.id, uploaded_by_id=staf.id).id
    client = as_user("staf")
    assert _flashes(_post(client, "discard", [own], reason=""))[0].startswith("Tidak dilakukan: Isi alasan")
    flashes = _flashes(_post(client, "discard", [own, others, processed], reason="bukan surat"))
    assert flashes[0] == "Buang unggahan yang gagal: 1 berhasil, 2 ditolak."
    assert any(f.endswith("Hanya pengunggahnya atau arsiparis yang dapat membuang unggahan.") for f in flashes)
    assert any("hanya unggahan yang gagal diproses" in f for f in flashes)
    with _runtime(app).session_scope() as s:
        assert s.get(Document, own).status == DocumentStatus.DISCARDED.value
        assert s.get(Document, others).status == DocumentStatus.FAILED.value
    assert [e.details["reason"] for e in _actions(app, own, "discarded")] == ["bukan surat"]
    # The archivist may discard someone else's failed upload.
    assert _flashes(_post(as_user("arsiparis"), "discard", [others], reason="salah unggah"))[0].endswith("1 berhasil, 0 ditolak.")


def test_list_shows_only_the_actions_of_the_role(app, world, as_user):
    page = as_user("arsiparis").get("/documents/").get_data(as_text=True)
    assert 'id="select-all"' in page and 'name="ids"' in page
    assert 'value="classify"' in page and 'value="unit"' in page and 'value="discard"' in page
    assert 'value="propose"' not in page  # disposal is the records manager's
    staf = as_user("staf").get("/documents/").get_data(as_text=True)
    assert 'value="discard"' in staf and 'value="classify"' not in staf
    assert 'id="bulk-form"' not in as_user("kadis").get("/documents/").get_data(as_text=True)


def test_bad_requests_are_refused_whole(app, world, as_user):
    client = as_user("arsiparis")
    assert _flashes(_post(client, "classify", [], code="800")) == ["Tidak dilakukan: Pilih paling sedikit satu surat."]
    many = _flashes(_post(client, "classify", list(range(1, 102)), code="800"))
    assert many == ["Tidak dilakukan: Pilih paling banyak 100 surat sekaligus."]
    assert _flashes(_post(client, "explode", [1]))[0] == "Pilih salah satu tindakan yang tersedia di daftar."
    assert _flashes(_post(client, "classify", ["abc"], code="800"))[0].startswith("Tidak dilakukan: Pilihan surat tidak sah")
    assert _flashes(_post(client, "classify", [1], code="8x")) == [
        "Tidak dilakukan: &#39;8x&#39; bukan kode klasifikasi (contoh: 000, 000.5 atau 800.1.2)"]
    no_csrf = client.post("/documents/bulk", data={"action": "classify", "ids": ["1"], "code": "800"})
    assert no_csrf.status_code == 400
    back = client.post("/documents/bulk", data={"action": "classify", "ids": ["1"], "code": "800",
                                                "next": "//evil.example/x", "csrf_token": csrf_token(client)})
    assert back.headers["Location"].endswith("/documents/")


def test_service_reports_the_same_per_letter(app, world):
    a, = _letters(app, world, n=1)
    with _runtime(app).session_scope() as s:
        arsiparis = _user(s, "arsiparis")
        result = bulk.classify(s, context_for(s, arsiparis), arsiparis, [a, a, world.docs["rahasia_a"]], "900")
        assert result.done == [a] and [r.document_id for r in result.refused] == [world.docs["rahasia_a"]]
        with pytest.raises(bulk.BulkError):
            bulk.classify(s, context_for(s, arsiparis), arsiparis, [a], "bukan-kode")
