"""Legal disposal: blocks, steps in order, and the whole workflow down to the files."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.models import AuditEntry, DisposalProposal, Document, DocumentRetention, Page, Tombstone
from app.services import audit, disposal, indexing, retention
from app.services.classification import Blocked, InvalidInput, OutOfOrder
from ingest import storage
from search import AccessContext, SearchRequest
from tests.factories import make_document
from tests.retention.conftest import COMMITTEE, WITNESSES, add_people

OLD = date(2015, 4, 1)  # monthly report 1/1 musnah: retention ended in 2017


def monthly_report(session, manager, text="Laporan bulanan April", tanggal=OLD, code="000.9.2", **fields):
    doc = make_document(session, [text, "halaman dua"], nomor=f"{code}/{abs(hash(text)) % 999}/DISDIK/IV/{tanggal.year}",
                        perihal=text, tanggal_surat=tanggal, **fields)
    retention.classify(session, manager, doc.id, code)
    return doc


def stored_files(settings, doc):
    """Give a test document a real original and derived files."""
    stored = storage.store_original(settings, io.BytesIO(f"%PDF-1.4 original of {doc.id} {doc.perihal}".encode()))
    doc.checksum = stored.checksum
    derived = storage.derived_dir(settings, doc.id)
    (derived / "pages").mkdir(parents=True)
    (derived / "searchable.pdf").write_bytes(b"%PDF-1.4 searchable")
    (derived / "pages" / "0001.jpg").write_bytes(b"jpg")
    return stored.path, derived


def test_each_block_has_a_clear_reason(session, org, manager):
    vital = monthly_report(session, manager, "vital")
    retention.set_vital(session, manager, vital.id, True)
    held = monthly_report(session, manager, "held")
    retention.set_hold(session, manager, held.id, "Perkara 7/2024")
    young = monthly_report(session, manager, "young", tanggal=date.today())
    permanent = monthly_report(session, manager, "annual", code="000.9.1")
    reappraise = monthly_report(session, manager, "pks", code="000.8.3")
    retention.set_event_end(session, manager, reappraise.id, date(2016, 1, 1))
    unclassified = make_document(session, ["x"], tanggal_surat=OLD)
    expected = {
        vital.id: "vital record", held.id: "legal hold: Perkara 7/2024", young.id: "retention has not ended",
        permanent.id: "permanen", reappraise.id: "dinilai kembali", unclassified.id: "no confirmed classification",
    }
    for doc_id, reason in expected.items():
        with pytest.raises(Blocked, match=reason):
            disposal.create_proposal(session, manager, "usul", [doc_id])
    assert session.query(DisposalProposal).count() == 0
    with pytest.raises(InvalidInput, match="no record is due"):
        disposal.create_proposal(session, manager, "usul")  # everything due is blocked


def test_record_in_an_open_proposal_cannot_enter_another(session, org, manager):
    doc = monthly_report(session, manager)
    disposal.create_proposal(session, manager, "first", [doc.id])
    with pytest.raises(Blocked, match="already in disposal proposal"):
        disposal.create_proposal(session, manager, "second", [doc.id])
    assert retention.state_for_document(session, doc.id)["phase"] == "usul_musnah"


def test_steps_out_of_order_are_refused(session, settings, org, manager, people):
    doc = monthly_report(session, manager)
    proposal = disposal.create_proposal(session, manager, "usul", [doc.id])
    with pytest.raises(OutOfOrder, match="approval needs a reviewed proposal"):
        disposal.approve(session, settings, people["approve"], proposal.id, "Bupati", "045/1", "SK 1")
    with pytest.raises(OutOfOrder, match="execution needs a approved proposal"):
        disposal.execute(session, settings, people["execute"], proposal.id, WITNESSES)
    with pytest.raises(InvalidInput, match="committee"):
        disposal.review(session, settings, manager, proposal.id, [], "ok")
    disposal.review(session, settings, manager, proposal.id, COMMITTEE, "tidak bernilai guna")
    with pytest.raises(OutOfOrder):
        disposal.review(session, settings, manager, proposal.id, COMMITTEE, "again")
    with pytest.raises(InvalidInput, match="approval reference"):
        disposal.approve(session, settings, people["approve"], proposal.id, "Bupati", "", "SK 1")
    with pytest.raises(OutOfOrder, match="no berita acara yet"):
        disposal.berita_acara_bytes(session, settings, proposal.id)


def test_hold_after_approval_blocks_execution(session, settings, org, manager, people):
    doc = monthly_report(session, manager)
    proposal = disposal.create_proposal(session, manager, "usul", [doc.id])
    disposal.review(session, settings, manager, proposal.id, COMMITTEE, "ok")
    disposal.approve(session, settings, people["approve"], proposal.id, "Bupati", "045/1", "SK 1")
    retention.set_hold(session, manager, doc.id, "Pemeriksaan BPK")
    with pytest.raises(Blocked, match="Pemeriksaan BPK.*Send the proposal back"):
        disposal.execute(session, settings, people["execute"], proposal.id, WITNESSES)
    assert session.get(Document, doc.id).status == "done"


def test_whole_disposal_workflow(runtime, settings):
    from tests.factories import make_org

    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        steps = {step: user.id for step, user in add_people(s, org).items()}
        manager = org.users["records"]
        keep = monthly_report(s, manager, "Laporan bulanan Mei")
        kill = monthly_report(s, manager, "Laporan bulanan April")
        kill.pages[1].text = "rekapitulasi zebrakuda"  # a word only this record holds
        indexing.mark_changed(s, kill.id)
        original, derived = stored_files(settings, kill)
        keep_original, _ = stored_files(settings, keep)
        young = monthly_report(s, manager, "Laporan bulanan ini", tanggal=date.today())
        due = disposal.due_for_disposal(s)
        assert kill.id in due and keep.id in due and young.id not in due
        proposal = disposal.create_proposal(s, manager, "Usul musnah 2026")  # built from what is due
        assert {i.document_id for i in proposal.items} == {keep.id, kill.id}
        ids = {"kill": kill.id, "keep": keep.id, "proposal": proposal.id, "manager": manager.id, **steps}
        checksum = kill.checksum
    assert [h.doc_id for h in runtime.search.search(SearchRequest("zebrakuda"), AccessContext.system()).hits] == [ids["kill"]]

    with runtime.session_scope() as s:
        user = lambda step: s.get(type(org.users["records"]), ids[step])  # noqa: E731
        disposal.review(s, settings, user("review"), ids["proposal"], [*COMMITTEE, "Anggota Dua; Arsiparis Terampil"],
                        "Arsip tidak memiliki nilai guna lagi.", removals={ids["keep"]: "masih dirujuk bidang A"})
        disposal.approve(s, settings, user("approve"), ids["proposal"], "Bupati Penajam Paser Utara",
                         "045/321/ARSIP/2026", "Keputusan Kepala Dinas 800/12/2026")
        proposal = disposal.execute(s, settings, user("execute"), ids["proposal"], WITNESSES)
        assert ids["kill"] in s.info["lontar_index_removals"]

    assert not original.exists() and not derived.exists()
    assert runtime.search.search(SearchRequest("zebrakuda"), AccessContext.system()).total == 0
    assert keep_original.exists()
    with runtime.session_scope() as s:
        doc = s.get(Document, ids["kill"])
        assert doc.status == "destroyed" and s.query(Page).filter_by(document_id=doc.id).count() == 0
        tomb = s.query(Tombstone).filter_by(document_id=doc.id).one()
        assert (tomb.nomor, tomb.tanggal_surat, tomb.perihal, tomb.classification_code, tomb.page_count, tomb.checksum) == (
            doc.nomor, OLD, "Laporan bulanan April", "000.9.2", 2, checksum)
        assert tomb.approval_reference == "045/321/ARSIP/2026" and "Bupati" in tomb.approved_by
        assert retention.state_for_document(s, doc.id)["phase"] == "dimusnahkan"
        assert s.get(DocumentRetention, ids["keep"]).phase == "inaktif"
        name, pdf = disposal.berita_acara_bytes(s, settings, ids["proposal"])
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        for expected in ("BERITA ACARA PEMUSNAHAN ARSIP", "DAFTAR ARSIP MUSNAH", doc.nomor, "Laporan bulanan April",
                         "Drs. Ketua Panitia", "045/321/ARSIP/2026", "Keputusan Kepala Dinas 800/12/2026",
                         "Budi Santoso", "DINAS PENDIDIKAN"):
            assert expected in text, expected
        assert "Laporan bulanan Mei" not in text
        record = s.get(Document, proposal.berita_acara_document_id)
        assert record.classification_code == "000.5.6.2" and record.status == "done"
        assert retention.state_for_document(s, record.id)["final_disposition"] == "permanen"
        actions = [e.action for e in audit.timeline(s, doc.id)]
        assert actions[-4:] == ["classified", "proposed", "approved", "destroyed"]
        assert audit.verify_session(s).ok
        with pytest.raises(Blocked, match="already destroyed"):
            disposal.create_proposal(s, s.get(type(org.users["records"]), ids["manager"]), "again", [doc.id])
        with pytest.raises(OutOfOrder):
            disposal.execute(s, settings, user("execute"), ids["proposal"], WITNESSES)
