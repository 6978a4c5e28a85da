"""Legal disposal (pemusnahan): proposal -> committee review -> approval -> execution.

The only path that destroys a registered record. Each step checks the one before it;
vital records, records on hold, records whose retention has not ended and records
whose rule does not say musnah never enter a proposal, and are checked again at
execution. Execution keeps a tombstone per record and the berita acara as a permanent
record (code 000.5.6.2) in the archive itself.
"""
from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DisposalItem, DisposalProposal, Document, DocumentRetention, Page, Tombstone, User
from app.models.retention import FinalDisposition, RetentionPhase, is_legal_record
from app.services import audit, berita_acara, disposal_people, disposal_record, indexing, retention
from app.services.classification import Blocked, InvalidInput, NotFound, OutOfOrder
from app.services.disposal_guards import check_segregation, cleared_for, require_cleared, segregation_details
from app.services.i18n import N_, Msg, join, msg
from app.services.retention import MANAGE_ROLES, now, require_role
from config import Settings, clock

DRAFT, REVIEWED, APPROVED, EXECUTED = "draft", "reviewed", "approved", "executed"
OPEN = (DRAFT, REVIEWED, APPROVED)
CHANGEABLE = (DRAFT, REVIEWED)  # the list is fixed once approved
DOSSIER_CODE = disposal_record.DOSSIER_CODE
MIN_WITNESSES = 2  # a berita acara pemusnahan is signed before two witnesses


# --- eligibility -------------------------------------------------------------------

def blocks(session: Session, doc: Document, today: date | None = None, proposal_id: int | None = None) -> list[str]:
    """Why ``doc`` may not be destroyed now; empty when it may."""
    today = today or clock.today()
    if doc.status in retention.GONE:
        return [msg(N_("it was already %(status)s"), status=doc.status)]
    reasons = []
    if is_legal_record(doc):
        reasons.append(N_("it is a berita acara, a permanent record of a disposal"))
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


def _documents(session: Session, proposal: DisposalProposal) -> list[Document]:
    return [retention.get_document(session, item.document_id) for item in active_items(proposal)]


def _named(actor: User | None, what: str) -> User:
    """A legal step is taken by a named person (segregation of duties needs to know who)."""
    require_role(actor, MANAGE_ROLES, what)
    if actor is None:
        raise InvalidInput(msg(N_("%(what)s needs a named person, not the system"), what=msg(what)))
    return actor


def _not_empty(proposal: DisposalProposal, step: str) -> None:
    if not active_items(proposal):
        raise InvalidInput(msg(N_("proposal %(id)s has no records left: %(step)s of an empty list is refused"),
                               id=proposal.id, step=msg(step)))


def _handle(session: Session, settings: Settings, actor: User, proposal: DisposalProposal, step: str,
            what: str) -> list[str]:
    """The checks every step shares: clearance for every item, then segregation of duties."""
    require_cleared(actor, _documents(session, proposal), what)
    return check_segregation(proposal, actor, step, settings.disposal_distinct_steps)


def create_proposal(session: Session, actor: User | None, title: str, document_ids: list[int] | None = None,
                    today: date | None = None) -> DisposalProposal:
    """The daftar arsip usul musnah: given records, or everything due and not blocked.

    Built from what is due, it leaves out records above the proposer's clearance without
    naming them; given explicitly, such a record is refused.
    """
    actor = _named(actor, N_("propose records for disposal"))
    explicit = document_ids is not None
    ids = list(dict.fromkeys(document_ids)) if explicit else due_for_disposal(session, today)
    docs, refused = [], []
    for doc_id in ids:
        doc = retention.get_document(session, doc_id)
        if not cleared_for(actor, doc):
            if explicit:
                refused.append(msg(N_("document %(id)s: your security clearance does not cover it"), id=doc.id))
            continue
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
    if not cleared_for(actor, doc):
        raise Blocked(msg(N_("document %(id)s: your security clearance does not cover it"), id=doc.id))
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
    """Take a record out of the list before approval; the reason is the committee's consideration."""
    actor = _named(actor, N_("change a disposal proposal"))
    proposal = get_proposal(session, proposal_id)
    if proposal.status == APPROVED:
        raise OutOfOrder(msg(N_("proposal %(id)s is approved: its list can no longer change. Send it back for a new "
                                "approval to remove a record"), id=proposal.id))
    if proposal.status not in CHANGEABLE:
        raise OutOfOrder(msg(N_("proposal %(id)s was already executed"), id=proposal.id))
    item = next((i for i in active_items(proposal) if i.document_id == document_id), None)
    if item is None:
        raise NotFound(msg(N_("document %(id)s is not on proposal %(proposal)s"), id=document_id, proposal=proposal.id))
    require_cleared(actor, [retention.get_document(session, document_id)], N_("removing this record"))
    if not (reason or "").strip():
        raise InvalidInput(N_("removing a record from the proposal needs the committee's consideration"))
    item.removed, item.removal_reason = True, reason.strip()
    item.removed_by_id, item.removed_at = actor.id, now()
    row = session.get(DocumentRetention, document_id)
    row.phase = RetentionPhase.INAKTIF.value  # its retention ended: back among the inactive records
    audit.record(session, audit.Action.PROPOSAL_ITEM_REMOVED, actor=actor, document_id=document_id,
                 object_type="disposal_proposal", object_id=proposal.id, reason=item.removal_reason,
                 stage=proposal.status)
    indexing.mark_changed(session, document_id, {"retention"})
    session.flush()
    return item


def review(session: Session, settings: Settings, actor: User | None, proposal_id: int, committee: list,
           consideration: str, removals: dict[int, str] | None = None) -> DisposalProposal:
    """The panitia penilai's assessment: named members, removed items, recorded consideration."""
    actor = _named(actor, N_("record the committee's review"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, DRAFT, N_("the committee review"))
    same = _handle(session, settings, actor, proposal, "review", N_("the committee review"))
    members = disposal_people.parse(session, committee or [], N_("committee members"))
    if not members:
        raise InvalidInput(N_("name the members of the appraisal committee (panitia penilai)"))
    if not (consideration or "").strip():
        raise InvalidInput(N_("record the committee's consideration"))
    for document_id, reason in (removals or {}).items():
        remove_item(session, actor, proposal.id, document_id, reason)
    proposal.committee, proposal.consideration = members, consideration.strip()
    proposal.reviewed_by_id, proposal.reviewed_at, proposal.status = actor.id, now(), REVIEWED
    audit.record(session, audit.Action.PROPOSAL_REVIEWED, actor=actor, object_type="disposal_proposal",
                 object_id=proposal.id, committee=[disposal_people.describe(m) for m in members],
                 consideration=proposal.consideration, removed=sorted((removals or {}).keys()),
                 **segregation_details(settings, same))
    session.flush()
    return proposal


def approve(session: Session, settings: Settings, actor: User | None, proposal_id: int, authority: str,
            approval_reference: str, decision_reference: str) -> DisposalProposal:
    """Approval by the competent authority and the penetapan by the head of the agency."""
    actor = _named(actor, N_("record an approval"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, REVIEWED, N_("approval"))
    _not_empty(proposal, N_("approval"))
    same = _handle(session, settings, actor, proposal, "approve", N_("the approval"))
    values = {msg(N_("authority")): authority, msg(N_("approval reference")): approval_reference,
              msg(N_("decision reference")): decision_reference}
    missing = [name for name, value in values.items() if not (value or "").strip()]
    if missing:
        raise InvalidInput(msg(N_("approval needs the %(missing)s"), missing=join(", ", missing)))
    proposal.approval_authority = authority.strip()[:300]
    proposal.approval_reference = approval_reference.strip()[:300]
    proposal.decision_reference = decision_reference.strip()[:300]
    proposal.approved_by_id, proposal.approved_at, proposal.status = actor.id, now(), APPROVED
    for item in active_items(proposal):
        audit.record(session, audit.Action.APPROVED, actor=actor, document_id=item.document_id,
                     object_type="disposal_proposal", object_id=proposal.id)
    audit.record(session, audit.Action.APPROVED, actor=actor, object_type="disposal_proposal", object_id=proposal.id,
                 authority=proposal.approval_authority, approval_reference=proposal.approval_reference,
                 decision_reference=proposal.decision_reference, **segregation_details(settings, same))
    session.flush()
    return proposal


def send_back(session: Session, settings: Settings, actor: User | None, proposal_id: int, reason: str) -> DisposalProposal:
    """Withdraw an approval (e.g. a record was put on hold): the list may change, then needs a new approval."""
    actor = _named(actor, N_("send a proposal back"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, APPROVED, N_("sending back"))
    require_cleared(actor, _documents(session, proposal), N_("sending back"))
    if not (reason or "").strip():
        raise InvalidInput(N_("sending a proposal back needs a reason"))
    audit.record(session, audit.Action.PROPOSAL_SENT_BACK, actor=actor, object_type="disposal_proposal",
                 object_id=proposal.id, reason=reason.strip()[:2000], authority=proposal.approval_authority,
                 approval_reference=proposal.approval_reference, decision_reference=proposal.decision_reference)
    proposal.approval_authority = proposal.approval_reference = proposal.decision_reference = None
    proposal.approved_by_id, proposal.approved_at, proposal.status = None, None, REVIEWED
    session.flush()
    return proposal


def execute(session: Session, settings: Settings, actor: User | None, proposal_id: int, witnesses: list,
            today: date | None = None) -> DisposalProposal:
    """Destroy the approved records: tombstones, berita acara, then the files themselves.

    Files go last, after every database change is flushed, so that a refused or
    failed step leaves nothing half-destroyed.
    """
    actor = _named(actor, N_("execute a disposal"))
    proposal = get_proposal(session, proposal_id)
    _expect(proposal, APPROVED, N_("execution"))
    _not_empty(proposal, N_("execution"))
    same = _handle(session, settings, actor, proposal, "execute", N_("the execution"))
    present = disposal_people.witnesses(session, actor, witnesses, MIN_WITNESSES)
    docs = _documents(session, proposal)
    refused = [_refusal(d, r) for d in docs if (r := blocks(session, d, today, proposal.id))]
    if refused:
        raise Blocked(msg(N_("execution refused: %(records)s. Send the proposal back to remove these records and "
                             "have the new list approved"), records=join(" | ", refused)))
    proposal.witnesses = present
    proposal.executed_by_id, proposal.executed_at = actor.id, now()
    proposal.berita_acara_number = f"BA-{proposal.executed_at:%Y}-{proposal.id:04d}"
    approver = session.get(User, proposal.approved_by_id) if proposal.approved_by_id else None
    listed = [_destroy_record(session, actor, proposal, doc, approver) for doc in docs]
    record = disposal_record.store(session, settings, actor, proposal, listed, docs)
    proposal.status = EXECUTED
    audit.record(session, audit.Action.DESTROYED, actor=actor, object_type="disposal_proposal", object_id=proposal.id,
                 berita_acara=proposal.berita_acara_number, documents=[d.id for d in docs],
                 berita_acara_document_id=proposal.berita_acara_document_id,
                 witnesses=[disposal_people.describe(w) for w in present], **segregation_details(settings, same))
    session.flush()
    for doc in docs:
        _remove_files(settings, doc)
    disposal_record.render_pages(settings, record)
    return proposal


def _destroy_record(session: Session, actor: User, proposal: DisposalProposal, doc: Document,
                    approver: User | None) -> berita_acara.ListedRecord:
    recorded_by = disposal_people.describe(disposal_people.of_user(approver)) if approver else "system"
    tomb = Tombstone(
        document_id=doc.id, nomor=doc.nomor, tanggal_surat=doc.tanggal_surat, perihal=doc.perihal, sender=doc.sender,
        classification_code=doc.classification_code, page_count=doc.page_count, checksum=doc.checksum,
        proposal_id=proposal.id, approved_by=f"{proposal.approval_authority} (dicatat oleh {recorded_by})"[:300],
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


def _remove_files(settings: Settings, doc: Document) -> None:
    from ingest import storage

    storage.original_path(settings, doc.checksum).unlink(missing_ok=True)
    storage.remove_derived(settings, doc.id)


def berita_acara_bytes(session: Session, settings: Settings, proposal_id: int,
                       reader: User | None = None) -> tuple[str, bytes]:
    """The stored PDF, checked against the checksum taken when it was made.

    ``reader`` (a person) must be cleared for every record it lists (it carries their subjects).
    """
    proposal = get_proposal(session, proposal_id)
    if proposal.status != EXECUTED or not proposal.berita_acara_path:
        raise OutOfOrder(msg(N_("proposal %(id)s has no berita acara yet: it is made at execution"), id=proposal.id))
    if reader is not None:
        require_cleared(reader, [session.get(Document, i.document_id) for i in active_items(proposal)],
                        N_("reading this berita acara"))
    from ingest import storage

    data = storage.original_path(settings, proposal.berita_acara_checksum).read_bytes()
    if hashlib.sha256(data).hexdigest() != proposal.berita_acara_checksum:
        raise Blocked(msg(N_("the stored berita acara of proposal %(id)s does not match its checksum"), id=proposal.id))
    return f"berita-acara-{proposal.berita_acara_number}.pdf", data
