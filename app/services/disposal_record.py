"""The berita acara as a record of its own: rendered, stored, filed (000.5.6.2) and made viewable.

It takes the highest sifat of the records it lists (it carries their subjects), prints the
audit chain's head (anchored outside the database once the execution commits), and gets
page images and thumbnails like any scanned letter; it is read-only (see
``app.models.retention.is_legal_record``).
"""
from __future__ import annotations

import hashlib
import io
import logging

from pdf2image import convert_from_path
from pypdf import PdfReader
from sqlalchemy.orm import Session

from app.models import DisposalProposal, Document, Page, User
from app.models.retention import LEGAL_RECORD_SOURCE
from app.services import audit, audit_chain, berita_acara, disposal_people, indexing, office_settings, retention
from app.services.disposal_guards import STEP_ACTOR, highest_sifat
from app.services.retention import now
from config import Settings
from ingest import storage

DOSSIER_CODE = "000.5.6.2"
VIEW_WIDTH, THUMB_WIDTH = 1400, 200  # as the viewer images of scanned pages (ingest.stages.page)
log = logging.getLogger(__name__)


def _same_person_steps(proposal: DisposalProposal) -> list[tuple[str, str]]:
    steps = list(STEP_ACTOR)
    return [(a, b) for i, a in enumerate(steps) for b in steps[i + 1:]
            if getattr(proposal, STEP_ACTOR[a]) and getattr(proposal, STEP_ACTOR[a]) == getattr(proposal, STEP_ACTOR[b])]


def _content(session: Session, settings: Settings, actor: User, proposal: DisposalProposal,
             listed: list[berita_acara.ListedRecord], sifat: str) -> berita_acara.BeritaAcara:
    head = office_settings.letterhead(session)
    approver = session.get(User, proposal.approved_by_id) if proposal.approved_by_id else None
    return berita_acara.BeritaAcara(
        number=proposal.berita_acara_number, executed_at=proposal.executed_at, timezone=settings.timezone,
        letterhead=head.lines() or ["Lontar"], proposal_title=proposal.title,
        committee=list(proposal.committee), consideration=proposal.consideration or "",
        approval_authority=proposal.approval_authority or "", approval_reference=proposal.approval_reference or "",
        decision_reference=proposal.decision_reference or "", approver=disposal_people.of_user(approver),
        executor=disposal_people.of_user(actor), witnesses=list(proposal.witnesses), sifat=sifat,
        audit_anchor=audit_chain.ask_anchor(session, "berita_acara", berita_acara=proposal.berita_acara_number),
        same_person=_same_person_steps(proposal), records=listed)


def store(session: Session, settings: Settings, actor: User, proposal: DisposalProposal,
          listed: list[berita_acara.ListedRecord], docs: list[Document]) -> Document:
    """Render the PDF and file it as a record of its own (000.5.6.2, permanen)."""
    sifat = highest_sifat(docs)
    pdf = berita_acara.render(_content(session, settings, actor, proposal, listed, sifat))
    stored = storage.store_original(settings, io.BytesIO(pdf))
    texts = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    record = Document(
        checksum=stored.checksum, original_filename=f"berita-acara-{proposal.berita_acara_number}.pdf",
        mime_type="application/pdf", size_bytes=stored.size, status="done", page_count=len(texts),
        pages_done=len(texts), uploaded_by_id=actor.id, source=LEGAL_RECORD_SOURCE, processed_at=now(),
        nomor=proposal.berita_acara_number, tanggal_surat=proposal.executed_at.date(), sifat=sifat,
        perihal=f"Berita acara pemusnahan arsip ({len(listed)} berkas)", classification_code=DOSSIER_CODE,
        field_meta={}, unit_id=actor.position.unit_id if actor.position else None,
        sifat_confirmed=True,   # set by the system (the highest of its items), not read by OCR
    )
    record.pages = [Page(number=i + 1, text=text) for i, text in enumerate(texts)]
    session.add(record)
    session.flush()
    row = retention.recompute_document(session, record)
    row.filed, row.classified_at, row.classified_by_id = True, now(), actor.id
    proposal.berita_acara_path = str(stored.path)
    proposal.berita_acara_checksum = hashlib.sha256(pdf).hexdigest()
    proposal.berita_acara_document_id = record.id
    audit.record(session, audit.Action.UPLOADED, actor=actor, document_id=record.id, source=LEGAL_RECORD_SOURCE,
                 proposal_id=proposal.id, berita_acara=proposal.berita_acara_number, sifat=sifat)
    audit.record(session, audit.Action.CLASSIFIED, actor=actor, document_id=record.id, old=None, new=DOSSIER_CODE)
    indexing.mark_changed(session, record.id)
    return record


def render_pages(settings: Settings, record: Document) -> None:
    """Viewer images, thumbnails and the searchable PDF of the berita acara (it is born digital).

    A failure leaves the record intact and downloadable; the viewer then says the image is not ready.
    """
    source = storage.original_path(settings, record.checksum)
    try:
        images = convert_from_path(str(source), size=(VIEW_WIDTH, None))
        for number, image in enumerate(images, start=1):
            view, thumb = storage.page_image_path(settings, record.id, number), storage.thumbnail_path(settings, record.id, number)
            view.parent.mkdir(parents=True, exist_ok=True)
            thumb.parent.mkdir(parents=True, exist_ok=True)
            image = image.convert("RGB")
            image.save(view, quality=80)
            image.reduce(max(1, image.width // THUMB_WIDTH)).save(thumb, quality=75)
        searchable = storage.searchable_pdf_path(settings, record.id)
        searchable.write_bytes(source.read_bytes())
        record.has_searchable_pdf = True
    except Exception:  # noqa: BLE001 - the record itself is stored; images are a convenience
        log.exception("berita acara %s: page images could not be made", record.nomor)
