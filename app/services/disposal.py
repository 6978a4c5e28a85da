"""Legal disposal (pemusnahan): proposal -> committee review -> approval -> execution.

The only path that destroys a registered record. Each step checks the one before it;
vital records, records on hold, records whose retention has not ended and records
whose rule does not say musnah never enter a proposal, and are checked again at
execution. Execution keeps a tombstone per record and the berita acara as a permanent
record (code 000.5.6.2) in the archive itself.
"""
from __future__ import annotations

import hashlib
import io
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DisposalItem, DisposalProposal, Document, DocumentRetention, Page, Tombstone, Unit, User
from app.models.retention import FinalDisposition, RetentionPhase
from app.services import audit, berita_acara, indexing, retention
from app.services.classification import Blocked, InvalidInput, NotFound, OutOfOrder
from app.services.i18n import N_, Msg, join, msg
from app.services.retention import MANAGE_ROLES, now, require_role
from config import Settings, clock

DRAFT, REVIEWED, APPROVED, EXECUTED = "draft", "reviewed", "approved", "executed"
OPEN = (DRAFT, REVIEWED, APPROVED)
DOSSIER_CODE = "000.5.6.2"


# --- eligibility -------------------------------------------------------------------

def blocks(session: Session, doc: Document, today: date | None = None, proposal_id: int | None = None) -> list[str]:
    """Why ``doc`` may not be destroyed now; empty when it may."""
    today = today or clock.today()
    if doc.status in retention.GONE:
        return [msg(N_("it was already %(status)s"), status=doc.status)]
    reasons = []
    if doc.vital:
        reasons.append(N_("it is a vital record (arsip vital)"))
    reasons += [msg(N_("it is on legal hold: %(reason)s"), reason=hold.reason) for hold in retention.active_holds(session, doc.id)]
    row = retention.recompute_document(session, doc)
    if not row.filed:
        reasons.append(N_("it has no confirmed classification code"))
    if row.final_disposition is None:
        reasons.append(msg(N_("no retention rule covers classification %(code)s"), code=doc.classification_code or "-"))
    elif row.final_disposition == FinalDisposition.PERMANEN.value:
        reasons.append(N_("its retention rule says permanen: it is transferred to the archive, never destroyed"))
    elif row.final_disposition == FinalDisposition.DINILAI_KEMBALI.value:
        reasons.append(N_("its retention rule says dinilai kembali: it must be re-appraised first"))
    if row.final_disposition and not retention.retention_ended(row, today):
        reasons.append(msg(N_("its retention has not ended (inactive until %(date)s)"),
                           date=row.inactive_until or msg(N_("an unknown date"))))
    other = _open_proposal_of(session, doc.id)
    if other is not None and other != proposal_id:
        reasons.append(msg(N_("it is already in disposal proposal %(id)s"), id=other))
    return reasons


def _open_proposal_of(session: Session, document_id: int) -> int | None:
    return session.execute(select(DisposalItem.proposal_id).join(DisposalProposal).where(
        DisposalItem.document_id == document_id, DisposalItem.removed.is_(False),
        DisposalProposal.status.in_(OPEN))).scalars().first()


def due_for_disposal(session: Session, today: date | None = None) -> list[int]:
    """Ids of records whose rule says musnah and whose retention has ended, not yet proposed."""
    today = today or clock.today()
    retention.sync(session)
    return list(session.execute(select(DocumentRetention.document_id).join(Document).where(
        DocumentRetention.final_disposition == FinalDisposition.MUSNAH.value,
        DocumentRetention.inactive_until <= today,
        DocumentRetention.phase.in_([RetentionPhase.AKTIF.value, RetentionPhase.INAKTIF.value]),
        Document.status.not_in(retention.GONE),
    ).order_by(DocumentRetention.inactive_until, DocumentRetention.document_id)).scalars())


def _describe(doc: Document) -> Msg:
    if doc.nomor:
        return msg(N_("document %(id)s (%(nomor)s)"), id=doc.id, nomor=doc.nomor)
    return msg(N_("document %(id)s"), id=doc.id)


def _refusal(doc: Document, reasons: list[str]) -> Msg:
    return msg(N_("%(document)s: %(reasons)s"), document=_describe(doc), reasons=join("; ", reasons))


# --- steps -------------------------------------------------------------------------

def get_proposal(session: Session, proposal_id: int) -> DisposalProposal:
    proposal = session.get(DisposalProposal, proposal_id)
    if proposal is None:
        raise NotFound(msg(N_("disposal proposal %(id)s does not exist"), id=proposal_id))
    return proposal


def _expect(proposal: DisposalProposal, status: str, step: str) -> None:
    if proposal.status != status:
        raise OutOfOrder(msg(N_("proposal %(id)s is %(status)s: %(step)s needs a %(expected)s proposal"), id=proposal.id,
                             status=proposal.status, step=msg(step), expected=status))


def active_items(proposal: DisposalProposal) -> list[DisposalItem]:
    return [item for item in proposal.items if not item.removed]


def create_proposal(session: Session, actor: User | None, title: str, document_ids: list[int] | None = None,
                    today: date | None = None) -> DisposalProposal:
    """The daftar arsip usul musnah: given records, or everything due and not blocked."""
    require_role(actor, MANAGE_ROLES, N_("propose records for disposal"))
    if actor is None:
        raise InvalidInput(N_("a disposal proposal needs the person who makes it"))
    explicit = document_ids is not None
    ids = list(dict.fromkeys(document_ids)) if explicit else due_for_disposal(session, today)
    docs, refused = [], []
    for doc_id in ids:
        doc = retention.get_document(session, doc_id)
        reasons = blocks(session, doc, today)
        if reasons:
            refused.append(_refusal(doc, reasons))
        else:
            docs.append(doc)
    if explicit and refused:
        raise Blocked(msg(N_("these records may not be proposed for disposal: %(records)s"), records=join(" | ", refused)))
    if not docs:
        raise InvalidInput(N_("no record is due for disposal and free of blocks"))
    proposal = DisposalProposal(title=(title or "").strip()[:300] or f"Usul musnah {clock.today():%Y-%m-%d}",
                                created_by_id=actor.id, status=DRAFT, committee=[], witnesses=[])
    session.add(proposal)
    session.flush()
    for doc in docs:
        _enter(session, actor, proposal, doc)
    audit.record(session, audit.Action.PROPOSED, actor=actor, object_type="disposal_proposal", object_id=proposal.id,
                 title=proposal.title, documents=[d.id for d in docs], skipped=refused)
    session.flush()
    session.refresh(proposal)
    return proposal


def _enter(session: Session, actor: User, proposal: DisposalProposal, doc: Document) -> None:
    session.add(DisposalItem(proposal_id=proposal.id, document_id=doc.id))
    session.get(DocumentRetention, doc.id).phase = RetentionPhase.USUL_MUSNAH.value
    audit.record(session, audit.Action.PROPOSED, actor=actor, document_id=doc.id,
                 object_type="disposal_proposal", object_id=proposal.id)
    indexing.mark_changed(session, doc.id, {"retention"})


def add_item(session: Session, actor: User | None, proposal_id: int, document_id: int,
             today: date | None = None) -> DisposalItem:
    """Add one record to a draft proposal (before the committee assesses the list), with
    the same eligibility checks as a new proposal."""
    require_role(actor, MANAGE_ROLES, N_("change a disposal proposal"))
    if actor is None:
        raise InvalidInput(N_("a disposal proposal needs the person who makes it"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, DRAFT, N_("adding records"))
    doc = retention.get_document(session, document_id)
    if any(item.document_id == doc.id for item in active_items(proposal)):
        raise Blocked(msg(N_("it is already on proposal %(id)s"), id=proposal.id))
    reasons = blocks(session, doc, today)
    if reasons:
        raise Blocked(join("; ", reasons))  # the caller named the record: the reasons alone
    _enter(session, actor, proposal, doc)
    session.flush()
    session.refresh(proposal)
    return next(item for item in active_items(proposal) if item.document_id == doc.id)


def remove_item(session: Session, actor: User | None, proposal_id: int, document_id: int, reason: str) -> DisposalItem:
    """Take a record out of the list before execution (the committee's or a later hold's call)."""
    require_role(actor, MANAGE_ROLES, N_("change a disposal proposal"))
    proposal = get_proposal(session, proposal_id)
    if proposal.status not in OPEN:
        raise OutOfOrder(msg(N_("proposal %(id)s was already executed"), id=proposal.id))
    item = next((i for i in active_items(proposal) if i.document_id == document_id), None)
    if item is None:
        raise NotFound(msg(N_("document %(id)s is not on proposal %(proposal)s"), id=document_id, proposal=proposal.id))
    if not (reason or "").strip():
        raise InvalidInput(N_("removing a record from the proposal needs a reason"))
    item.removed, item.removal_reason = True, reason.strip()
    item.removed_by_id, item.removed_at = (actor.id if actor else None), now()
    row = session.get(DocumentRetention, document_id)
    row.phase = RetentionPhase.INAKTIF.value  # its retention ended: back among the inactive records
    audit.record(session, audit.Action.PROPOSAL_ITEM_REMOVED, actor=actor, document_id=document_id,
                 object_type="disposal_proposal", object_id=proposal.id, reason=item.removal_reason)
    indexing.mark_changed(session, document_id, {"retention"})
    session.flush()
    return item


def review(session: Session, actor: User | None, proposal_id: int, committee: list[str], consideration: str,
           removals: dict[int, str] | None = None) -> DisposalProposal:
    """The panitia penilai's assessment: named members, removed items, recorded consideration."""
    require_role(actor, MANAGE_ROLES, N_("record the committee's review"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, DRAFT, N_("the committee review"))
    members = [m.strip()[:200] for m in committee or [] if m and m.strip()]
    if not members:
        raise InvalidInput(N_("name the members of the appraisal committee (panitia penilai)"))
    if not (consideration or "").strip():
        raise InvalidInput(N_("record the committee's consideration"))
    for document_id, reason in (removals or {}).items():
        remove_item(session, actor, proposal.id, document_id, reason)
    proposal.committee, proposal.consideration = members, consideration.strip()
    proposal.reviewed_by_id, proposal.reviewed_at, proposal.status = (actor.id if actor else None), now(), REVIEWED
    audit.record(session, audit.Action.PROPOSAL_REVIEWED, actor=actor, object_type="disposal_proposal",
                 object_id=proposal.id, committee=members, consideration=proposal.consideration,
                 removed=sorted((removals or {}).keys()))
    session.flush()
    return proposal


def approve(session: Session, actor: User | None, proposal_id: int, authority: str, approval_reference: str,
            decision_reference: str) -> DisposalProposal:
    """Approval by the competent authority and the penetapan by the head of the agency."""
    require_role(actor, MANAGE_ROLES, N_("record an approval"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, REVIEWED, N_("approval"))
    values = {msg(N_("authority")): authority, msg(N_("approval reference")): approval_reference,
              msg(N_("decision reference")): decision_reference}
    missing = [name for name, value in values.items() if not (value or "").strip()]
    if missing:
        raise InvalidInput(msg(N_("approval needs the %(missing)s"), missing=join(", ", missing)))
    if not active_items(proposal):
        raise InvalidInput(msg(N_("proposal %(id)s has no records left to approve"), id=proposal.id))
    proposal.approval_authority = authority.strip()[:300]
    proposal.approval_reference = approval_reference.strip()[:300]
    proposal.decision_reference = decision_reference.strip()[:300]
    proposal.approved_by_id, proposal.approved_at, proposal.status = (actor.id if actor else None), now(), APPROVED
    for item in active_items(proposal):
        audit.record(session, audit.Action.APPROVED, actor=actor, document_id=item.document_id,
                     object_type="disposal_proposal", object_id=proposal.id)
    audit.record(session, audit.Action.APPROVED, actor=actor, object_type="disposal_proposal", object_id=proposal.id,
                 authority=proposal.approval_authority, approval_reference=proposal.approval_reference,
                 decision_reference=proposal.decision_reference)
    session.flush()
    return proposal


def execute(session: Session, settings: Settings, actor: User, proposal_id: int, witnesses: list[str],
            today: date | None = None) -> DisposalProposal:
    """Destroy the approved records: tombstones, berita acara, then the files themselves.

    Files go last, after every database change is flushed, so that a refused or
    failed step leaves nothing half-destroyed.
    """
    require_role(actor, MANAGE_ROLES, N_("execute a disposal"))
    if actor is None:
        raise InvalidInput(N_("a disposal is executed by a named person"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, APPROVED, N_("execution"))
    items = active_items(proposal)
    docs = [retention.get_document(session, item.document_id) for item in items]
    refused = [_refusal(d, r) for d in docs if (r := blocks(session, d, today, proposal.id))]
    if refused:
        raise Blocked(msg(N_("execution refused, remove these records from the proposal first: %(records)s"),
                          records=join(" | ", refused)))
    proposal.witnesses = [w.strip()[:200] for w in witnesses or [] if w and w.strip()]
    proposal.executed_by_id, proposal.executed_at = actor.id, now()
    proposal.berita_acara_number = f"BA-{proposal.executed_at:%Y}-{proposal.id:04d}"
    approver = session.get(User, proposal.approved_by_id) if proposal.approved_by_id else None
    listed = [_destroy_record(session, actor, proposal, doc, approver) for doc in docs]
    _store_berita_acara(session, settings, actor, proposal, listed)
    proposal.status = EXECUTED
    audit.record(session, audit.Action.DESTROYED, actor=actor, object_type="disposal_proposal", object_id=proposal.id,
                 berita_acara=proposal.berita_acara_number, documents=[d.id for d in docs],
                 berita_acara_document_id=proposal.berita_acara_document_id)
    session.flush()
    for doc in docs:
        _remove_files(settings, doc)
    return proposal


def _destroy_record(session: Session, actor: User, proposal: DisposalProposal, doc: Document,
                    approver: User | None) -> berita_acara.ListedRecord:
    tomb = Tombstone(
        document_id=doc.id, nomor=doc.nomor, tanggal_surat=doc.tanggal_surat, perihal=doc.perihal, sender=doc.sender,
        classification_code=doc.classification_code, page_count=doc.page_count, checksum=doc.checksum,
        proposal_id=proposal.id, approved_by=f"{proposal.approval_authority} (recorded by {approver.username if approver else 'system'})",
        approval_reference=proposal.approval_reference, decision_reference=proposal.decision_reference,
        berita_acara_number=proposal.berita_acara_number, destroyed_by_id=actor.id, destroyed_at=proposal.executed_at,
        reason="disposal",
    )
    session.add(tomb)
    session.execute(Page.__table__.delete().where(Page.document_id == doc.id))
    session.expire(doc, ["pages"])
    doc.status = "destroyed"
    doc.has_searchable_pdf = False
    session.get(DocumentRetention, doc.id).phase = RetentionPhase.DIMUSNAHKAN.value
    session.flush()
    audit.record(session, audit.Action.DESTROYED, actor=actor, document_id=doc.id, object_type="tombstone",
                 object_id=tomb.id, proposal_id=proposal.id, checksum=doc.checksum,
                 berita_acara=proposal.berita_acara_number)
    indexing.mark_removed(session, doc.id)
    return berita_acara.ListedRecord(doc.classification_code or "", doc.nomor or "", doc.tanggal_surat,
                                     doc.perihal or "", doc.page_count, doc.checksum, doc.id)


def _office_name(session: Session, actor: User) -> str:
    if actor.position is not None:
        unit = session.get(Unit, actor.position.unit_id)
        while unit is not None and unit.parent_id is not None:
            unit = session.get(Unit, unit.parent_id)
        if unit is not None:
            return unit.name
    return "Lontar"


def _store_berita_acara(session: Session, settings: Settings, actor: User, proposal: DisposalProposal,
                        listed: list[berita_acara.ListedRecord]) -> None:
    """Render the PDF and file it as a record of its own (000.5.6.2, permanen)."""
    from ingest import storage

    pdf = berita_acara.render(berita_acara.BeritaAcara(
        number=proposal.berita_acara_number, executed_at=proposal.executed_at, office=_office_name(session, actor),
        proposal_title=proposal.title, committee=list(proposal.committee), consideration=proposal.consideration or "",
        approval_authority=proposal.approval_authority or "", approval_reference=proposal.approval_reference or "",
        decision_reference=proposal.decision_reference or "", executed_by=actor.full_name or actor.username,
        witnesses=list(proposal.witnesses), records=listed))
    stored = storage.store_original(settings, io.BytesIO(pdf))
    texts = _pdf_texts(pdf)
    record = Document(
        checksum=stored.checksum, original_filename=f"berita-acara-{proposal.berita_acara_number}.pdf",
        mime_type="application/pdf", size_bytes=stored.size, status="done", page_count=len(texts),
        pages_done=len(texts), uploaded_by_id=actor.id, source="disposal", processed_at=now(),
        nomor=proposal.berita_acara_number, tanggal_surat=proposal.executed_at.date(),
        perihal=f"Berita acara pemusnahan arsip ({len(listed)} berkas)", classification_code=DOSSIER_CODE,
        field_meta={}, unit_id=actor.position.unit_id if actor.position else None,
    )
    record.pages = [Page(number=i + 1, text=text) for i, text in enumerate(texts)]
    session.add(record)
    session.flush()
    row = retention.recompute_document(session, record)
    row.filed, row.classified_at, row.classified_by_id = True, now(), actor.id
    proposal.berita_acara_path = str(stored.path)
    proposal.berita_acara_checksum = hashlib.sha256(pdf).hexdigest()
    proposal.berita_acara_document_id = record.id
    audit.record(session, audit.Action.UPLOADED, actor=actor, document_id=record.id, source="disposal",
                 proposal_id=proposal.id, berita_acara=proposal.berita_acara_number)
    audit.record(session, audit.Action.CLASSIFIED, actor=actor, document_id=record.id, old=None, new=DOSSIER_CODE)
    indexing.mark_changed(session, record.id)


def _pdf_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _remove_files(settings: Settings, doc: Document) -> None:
    from ingest import storage

    storage.original_path(settings, doc.checksum).unlink(missing_ok=True)
    storage.remove_derived(settings, doc.id)


def berita_acara_bytes(session: Session, settings: Settings, proposal_id: int) -> tuple[str, bytes]:
    """The stored PDF, checked against the checksum taken when it was made."""
    proposal = get_proposal(session, proposal_id)
    if proposal.status != EXECUTED or not proposal.berita_acara_path:
        raise OutOfOrder(msg(N_("proposal %(id)s has no berita acara yet: it is made at execution"), id=proposal.id))
    from ingest import storage

    data = storage.original_path(settings, proposal.berita_acara_checksum).read_bytes()
    if hashlib.sha256(data).hexdigest() != proposal.berita_acara_checksum:
        raise Blocked(msg(N_("the stored berita acara of proposal %(id)s does not match its checksum"), id=proposal.id))
    return f"berita-acara-{proposal.berita_acara_number}.pdf", data
