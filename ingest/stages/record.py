"""The database side of processing: each function is one short transaction.

SQLite holds a write lock for a whole transaction, so none of these is ever open across
OCR. Status and progress use plain UPDATEs (they must not bump the optimistic ``version``
the editing screens rely on); saving the results is the one ORM write.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, update

from app.models import Document, DocumentStatus, IndexState, Page
from app.services import audit, indexing, retention
from ingest import queue
from ingest.errors import IngestError, OriginalMissing, StorageFull
from ingest.stages import letter
from ingest.stages.page import PageResult
from ingest.storage import original_path

NOT_TO_PROCESS = {DocumentStatus.DONE.value, DocumentStatus.FAILED.value,
                  DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value}


@dataclass(frozen=True)
class DocJob:
    document_id: int
    source: Path
    mime_type: str
    attempt: int
    page_count: int = 0     # as counted at intake


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _set(session, document_id: int, **values) -> None:
    session.execute(update(Document).where(Document.id == document_id).values(updated_at=_now(), **values))


def claim(runtime, document_id: int) -> DocJob | None:
    """Mark the document processing; None when there is nothing to do (done, failed, gone)."""
    with runtime.session_scope() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status in NOT_TO_PROCESS:
            return None
        source = original_path(runtime.settings, doc.checksum)
        if not source.is_file():
            raise OriginalMissing()
        _set(session, document_id, status=DocumentStatus.PROCESSING.value, attempts=doc.attempts + 1,
             pages_done=0, error_code=None, error_message=None)
        queue.consume(session, document_id)  # the message reached a worker
        return DocJob(document_id, source, doc.mime_type, doc.attempts + 1, doc.page_count or 0)


def set_page_count(runtime, document_id: int, count: int) -> None:
    with runtime.session_scope() as session:
        _set(session, document_id, page_count=count)


def set_pages_done(runtime, document_id: int, done: int) -> None:
    with runtime.session_scope() as session:
        _set(session, document_id, pages_done=done)


def save_results(runtime, job: DocJob, results: list[PageResult], fields: dict, seconds: float,
                 index_now: bool = True) -> bool:
    """Replace the document's pages (never duplicates), store fields, mark done and indexable.

    ``index_now`` False leaves the document 'pending' for a batched ``indexing.index_pending``
    (one index commit for many documents, see ``ingest.batch``)."""
    with runtime.session_scope() as session:
        doc = session.get(Document, job.document_id)
        if doc is None or doc.status != DocumentStatus.PROCESSING.value:
            return False  # discarded meanwhile, or another attempt already finished it
        session.execute(delete(Page).where(Page.document_id == doc.id))
        session.add_all(Page(document_id=doc.id, number=r.number, text=r.text, confidence=r.confidence,
                             width=r.width, height=r.height, rotated=r.rotated) for r in results)
        _apply_fields(doc, fields)
        doc.status, doc.error_code, doc.error_message = DocumentStatus.DONE.value, None, None
        doc.page_count = doc.pages_done = len(results)
        doc.has_searchable_pdf = True
        doc.processed_at = _now()
        doc.index_state = IndexState.PENDING.value
        audit.record(session, audit.Action.OCR_DONE, document_id=doc.id, pages=len(results),
                     ocr_pages=sum(r.pdf is not None for r in results), seconds=round(seconds, 1),
                     needs_review=sorted(n for n, f in fields.items() if f["review"]))
        # Retention dates follow from the extracted classification code and date; computing
        # them here keeps the records manager's due lists current after a backlog import.
        retention.recompute_document(session, doc, notify=False)
        if index_now:
            indexing.mark_changed(session, doc.id)
        return True


def _apply_fields(doc: Document, fields: dict) -> None:
    meta = dict(doc.field_meta or {})
    for name, found in fields.items():
        if meta.get(name, {}).get("edited"):
            continue  # a person already corrected it: the machine never overwrites that
        if found["value"] is not None:
            setattr(doc, name, found["value"])
        meta[name] = {"confidence": found["confidence"], "review": found["review"],
                      "extracted": letter.jsonable(found["value"])}
        if name == "sifat":   # an uncertain reading keeps the letter closed until a person confirms it
            doc.sifat_confirmed = letter.certain(found)
    doc.field_meta = meta


def record_failure(runtime, document_id: int, error: IngestError, final: bool) -> str:
    """Failed for good (stored reason, audit line), or back to queued for a retry."""
    with runtime.session_scope() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status in (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value):
            return doc.status if doc else "missing"
        if (final or not error.retryable) and not isinstance(error, StorageFull):
            _set(session, document_id, status=DocumentStatus.FAILED.value, error_code=error.code,
                 error_message=error.text)
            audit.record(session, audit.Action.PROCESSING_FAILED, document_id=document_id,
                         code=error.code, reason=error.text, attempt=doc.attempts)
            return DocumentStatus.FAILED.value
        _set(session, document_id, status=DocumentStatus.QUEUED.value, error_code=error.code,
             error_message=error.text)
        # The retry's own message normally comes first (and its claim consumes this row); if it
        # never reached the broker, the sweep sends this one. A full disk is tried again soon.
        queue.add(session, document_id,
                  after=queue.STORAGE_RETRY if isinstance(error, StorageFull) else queue.REDELIVERY_GRACE)
        return DocumentStatus.QUEUED.value
