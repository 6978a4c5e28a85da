"""Legal disposal guards (issue 11 major 3, issue 15 item 2): empty lists, a fixed list once
approved, witnesses, segregation of duties and clearance; each refusal says why."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.models import AuditEntry, DisposalItem, Document
from app.services import disposal, documents, retention
from app.services.classification import Blocked, InvalidInput, NotAllowed, OutOfOrder
from config import SettingsError, load_settings
from tests.retention.conftest import COMMITTEE, WITNESSES
from tests.retention.test_disposal import monthly_report

APPROVAL = ("Bupati Penajam Paser Utara", "045/321/ARSIP/2026", "SK Kepala Dinas 800/12/2026")


def reviewed(session, settings, manager, people, *docs):
    proposal = disposal.create_proposal(session, manager, "usul", [d.id for d in docs])
    disposal.review(session, settings, people["review"], proposal.id, COMMITTEE, "tidak bernilai guna")
    return proposal


def approved(session, settings, manager, people, *docs):
    proposal = reviewed(session, settings, manager, people, *docs)
    disposal.approve(session, settings, people["approve"], proposal.id, *APPROVAL)
    return proposal


def last_details(session, action):
    return session.query(AuditEntry).filter_by(action=action).order_by(AuditEntry.seq.desc()).first().details


def test_an_empty_proposal_is_neither_approved_nor_executed(session, settings, org, manager, people):
    doc = monthly_report(session, manager)
    proposal = disposal.create_proposal(session, manager, "usul", [doc.id])
    disposal.review(session, settings, people["review"], proposal.id, COMMITTEE, "semua masih diperlukan",
                    removals={doc.id: "masih dirujuk"})
    with pytest.raises(InvalidInput, match="no records left: approval of an empty list is refused"):
        disposal.approve(session, settings, people["approve"], proposal.id, *APPROVAL)
    # A proposal emptied behind the application's back (the state of the reported bug) is not executed.
    other = approved(session, settings, manager, people, monthly_report(session, manager, "Laporan Mei"))
    session.query(DisposalItem).filter_by(proposal_id=other.id).update({"removed": True})
    session.expire_all()
    with pytest.raises(InvalidInput, match="execution of an empty list is refused"):
        disposal.execute(session, settings, people["execute"], other.id, WITNESSES)


def test_the_list_is_fixed_once_approved(session, settings, org, manager, people):
    doc = monthly_report(session, manager)
    proposal = approved(session, settings, manager, people, doc)
    with pytest.raises(OutOfOrder, match="approved: its list can no longer change"):
        disposal.remove_item(session, manager, proposal.id, doc.id, "ada perkara")
    # Before approval a removal is the committee's consideration, recorded with the stage.
    keep = monthly_report(session, manager, "Laporan Juni")
    second = reviewed(session, settings, manager, people, keep, monthly_report(session, manager, "Laporan Juli"))
    with pytest.raises(InvalidInput, match="committee's consideration"):
        disposal.remove_item(session, manager, second.id, keep.id, " ")
    disposal.remove_item(session, manager, second.id, keep.id, "masih dipakai bidang A")
    assert last_details(session, "proposal_item_removed") == {"reason": "masih dipakai bidang A", "stage": "reviewed"}


def test_sending_back_withdraws_the_approval_so_a_held_record_can_leave(session, settings, org, manager, people):
    held, other = monthly_report(session, manager), monthly_report(session, manager, "Laporan Mei")
    proposal = approved(session, settings, manager, people, held, other)
    retention.set_hold(session, manager, held.id, "Pemeriksaan BPK")
    with pytest.raises(InvalidInput, match="needs a reason"):
        disposal.send_back(session, settings, people["approve"], proposal.id, "")
    disposal.send_back(session, settings, people["approve"], proposal.id, "arsip ditahan untuk pemeriksaan")
    assert proposal.status == "reviewed" and proposal.approval_reference is None
    disposal.remove_item(session, manager, proposal.id, held.id, "ditahan untuk pemeriksaan BPK")
    disposal.approve(session, settings, people["approve"], proposal.id, *APPROVAL)
    disposal.execute(session, settings, people["execute"], proposal.id, WITNESSES)
    assert session.get(Document, held.id).status == "done" and session.get(Document, other.id).status == "destroyed"


@pytest.mark.parametrize("witnesses,reason", [
    ([], "at least 2 witnesses"),
    (WITNESSES[:1], "at least 2 witnesses"),
    (["Siti Aminah", WITNESSES[1]], "line 1: write"),
    (["Siti; Kasubbag; 1234", WITNESSES[1]], "1234 is not a NIP"),
    (["admin", WITNESSES[1]], "cannot also be its witness"),
])
def test_witnesses_are_required_and_named(session, settings, org, manager, people, witnesses, reason):
    doc = monthly_report(session, manager)
    proposal = approved(session, settings, manager, people, doc)
    with pytest.raises(InvalidInput, match=reason):
        disposal.execute(session, settings, people["execute"], proposal.id, witnesses)
    assert session.get(Document, doc.id).status == "done"


def test_one_account_cannot_take_two_steps(session, settings, org, manager, people):
    doc = monthly_report(session, manager)
    proposal = reviewed(session, settings, manager, people, doc)
    with pytest.raises(NotAllowed, match="you recorded the committee review of proposal .*, so the approval must"):
        disposal.approve(session, settings, people["review"], proposal.id, *APPROVAL)
    disposal.approve(session, settings, people["approve"], proposal.id, *APPROVAL)
    for step in ("review", "approve"):
        with pytest.raises(NotAllowed, match="so the execution must be recorded by another person"):
            disposal.execute(session, settings, people[step], proposal.id, WITNESSES)
    # The administrator is no exception: as reviewer it cannot approve.
    admin_proposal = disposal.create_proposal(session, manager, "usul 2", [monthly_report(session, manager, "Mei").id])
    disposal.review(session, settings, people["execute"], admin_proposal.id, COMMITTEE, "ok")
    with pytest.raises(NotAllowed, match="segregation of duties"):
        disposal.approve(session, settings, people["execute"], admin_proposal.id, *APPROVAL)
    assert session.get(Document, doc.id).status == "done"


def test_a_relaxed_setting_is_recorded_and_printed(session, settings, org, manager, people):
    relaxed = settings.with_overrides(disposal_distinct_steps=("review", "approve"))
    doc = monthly_report(session, manager)
    proposal = approved(session, relaxed, manager, people, doc)
    disposal.execute(session, relaxed, people["approve"], proposal.id, WITNESSES)  # approver executes: allowed
    details = last_details(session, "destroyed")
    assert details["same_person_as"] == ["approve"] and details["distinct_steps"] == ["review", "approve"]
    _, pdf = disposal.berita_acara_bytes(session, relaxed, proposal.id)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "pencatatan persetujuan dan pelaksanaan pemusnahan dicatat oleh orang yang sama" in " ".join(text.split())


@pytest.mark.parametrize("value", ["review", "review,sign", "approve,approve"])
def test_the_segregation_setting_is_validated(tmp_path, value):
    with pytest.raises(SettingsError) as info:
        load_settings({"LONTAR_DATA_DIR": str(tmp_path), "LONTAR_DISPOSAL_DISTINCT_STEPS": value})
    assert info.value.variable == "LONTAR_DISPOSAL_DISTINCT_STEPS"
    assert load_settings({"LONTAR_DATA_DIR": str(tmp_path)}).disposal_distinct_steps == ("review", "approve", "execute")
    assert load_settings({"LONTAR_DATA_DIR": str(tmp_path), "LONTAR_DISPOSAL_DISTINCT_STEPS": "none"}).disposal_distinct_steps == ()


# --- clearance (issue 15 item 2): the office chose "refuse" ------------------------------

def test_a_terbatas_admin_cannot_handle_a_rahasia_letter(session, settings, org, manager, people):
    admin = people["execute"]  # admin: cleared up to terbatas
    secret = monthly_report(session, manager, "Laporan penyidikan", sifat="rahasia")
    with pytest.raises(Blocked, match=f"document {secret.id}: your security clearance does not cover it") as info:
        disposal.create_proposal(session, admin, "usul", [secret.id])
    assert "penyidikan" not in str(info.value) and (secret.nomor or "") not in str(info.value)
    plain = monthly_report(session, manager, "Laporan biasa")
    built = disposal.create_proposal(session, admin, "dari yang jatuh tempo")  # everything due, as far as cleared
    assert {i.document_id for i in built.items} == {plain.id}
    with pytest.raises(Blocked, match="your security clearance does not cover it"):
        disposal.add_item(session, admin, built.id, secret.id)  # the bulk action's path
    assert {i.document_id for i in built.items} == {plain.id}
    # A proposal the records manager (cleared to rahasia) made: the admin takes no step of it.
    proposal = disposal.create_proposal(session, manager, "rahasia", [secret.id])
    with pytest.raises(NotAllowed, match="above your security clearance: the committee review needs a person cleared"):
        disposal.review(session, settings, admin, proposal.id, COMMITTEE, "ok")
    disposal.review(session, settings, manager, proposal.id, COMMITTEE, "ok")
    with pytest.raises(NotAllowed, match="above your security clearance: the approval"):
        disposal.approve(session, settings, admin, proposal.id, *APPROVAL)


def test_the_berita_acara_takes_the_highest_sifat_of_its_records(session, settings, org, manager, people):
    approver = people["approve"]  # pengelola arsip: cleared to rahasia
    secret = monthly_report(session, manager, "Laporan penyidikan", sifat="rahasia")
    plain = monthly_report(session, manager, "Laporan biasa")
    proposal = disposal.create_proposal(session, manager, "usul", [secret.id, plain.id])
    disposal.review(session, settings, manager, proposal.id, COMMITTEE, "ok")
    disposal.approve(session, settings, approver, proposal.id, *APPROVAL)
    with pytest.raises(NotAllowed, match="the execution needs a person cleared"):
        disposal.execute(session, settings, people["execute"], proposal.id, WITNESSES)
    executor = people["execute"]
    executor.role = "pengelola_arsip"
    disposal.execute(session, settings, executor, proposal.id, WITNESSES)
    record = session.get(Document, proposal.berita_acara_document_id)
    assert record.sifat == "rahasia"
    executor.role = "admin"
    with pytest.raises(NotAllowed, match="reading this berita acara"):
        disposal.berita_acara_bytes(session, settings, proposal.id, reader=executor)


# --- the berita acara as a record: read-only, viewable ------------------------------------

def test_the_berita_acara_record_is_read_only_and_has_page_images(session, settings, org, manager, people):
    from ingest import storage

    proposal = approved(session, settings, manager, people, monthly_report(session, manager))
    disposal.execute(session, settings, people["execute"], proposal.id, WITNESSES)
    record = session.get(Document, proposal.berita_acara_document_id)
    for number in range(1, record.page_count + 1):
        assert storage.page_image_path(settings, record.id, number).stat().st_size > 1000
        assert storage.thumbnail_path(settings, record.id, number).is_file()
    assert record.has_searchable_pdf and storage.searchable_pdf_path(settings, record.id).is_file()
    with pytest.raises(documents.InvalidField, match="berita acara"):
        documents.edit_fields(session, record, {"perihal": "diubah"}, manager, record.version)
    with pytest.raises(documents.NotDiscardable, match="berita acara"):
        documents.discard_upload(session, record, org.users["arsiparis"], "salah")
    with pytest.raises(Blocked, match="cannot be reclassified"):
        retention.classify(session, manager, record.id, "000.9.2")
    retention.recompute_document(session, record).inactive_until = date(2000, 1, 1)
    with pytest.raises(Blocked, match="it is a berita acara"):
        disposal.create_proposal(session, manager, "usul", [record.id])
