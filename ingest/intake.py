"""Intake: the first thing that happens to a file, for every source (web, CLI, watch folder).

Order matters, so that nothing is ever lost:
1. the bytes are stored, content-addressed and durable, before anything else;
2. the type is read from the content and cheap limits are checked (page count, pixels,
   password);
3. one short transaction creates the Document row (queued, or failed with the reason) and
   its audit entry, or records that the bytes are a duplicate of document N.
That transaction also writes the document's outbox row (``ingest.queue``); the message is
sent only after the commit, and the sweep sends it if the broker was unreachable. A zero-byte file cannot be stored (every empty
file has the same checksum and no content): it gets no row, a clear error, and an audit line.
"""
from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.models import Document, DocumentStatus, User
from app.services import audit
from ingest import queue
from ingest.errors import IngestError, StorageFull, is_storage_full
from ingest.formats import handler_for
from ingest.storage import StoredFile, store_original

log = logging.getLogger(__name__)

MAX_NAME = 200
UPLOAD_REJECTED = getattr(audit.Action, "UPLOAD_REJECTED", "upload_rejected")


@dataclass(frozen=True)
class IntakeResult:
    document_id: int | None
    duplicate_of: int | None = None
    error: IngestError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.duplicate_of is None

    @property
    def message(self) -> str:
        if self.error is not None:
            return self.error.text
        if self.duplicate_of is not None:
            return f"duplicate of document {self.duplicate_of}"
        return "queued"


def safe_display_name(name: str | None) -> str:
    """A file name fit to show and store: no path parts, control or invisible characters.

    It is only ever displayed: files on disk are named by checksum.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Categories C*: control, format (bidi overrides, zero-width), surrogates, private use, unassigned.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name or "unnamed"


def store_upload(runtime, stream_or_path: BinaryIO | str | Path, filename: str | None = None, *,
                 uploaded_by_id: int | None = None, unit_id: int | None = None, source: str = "cli",
                 enqueue: bool = True) -> IntakeResult:
    """Store one file and register it; queue its processing unless ``enqueue`` is False."""
    if isinstance(stream_or_path, (str, Path)):
        path = Path(stream_or_path)
        with path.open("rb") as stream:
            return store_upload(runtime, stream, filename or path.name, uploaded_by_id=uploaded_by_id,
                                unit_id=unit_id, source=source, enqueue=enqueue)
    display = safe_display_name(filename)
    try:
        stored = store_original(runtime.settings, stream_or_path)
    except IngestError as exc:
        _record_rejection(runtime, display, exc, uploaded_by_id, source)
        return IntakeResult(None, error=exc)
    mime_type, page_count, problem = _inspect(runtime.settings, stored)
    try:
        result = _register(runtime, stored, display, mime_type, page_count, problem,
                           uploaded_by_id=uploaded_by_id, unit_id=unit_id, source=source)
    except Exception as exc:
        if not is_storage_full(exc):
            raise
        # The original is stored (content-addressed, reused by the next upload of these bytes)
        # but the database could not take its row: the upload did not happen; say why.
        log.warning("upload of %s refused: the database's disk is full (%s)", display, exc)
        return IntakeResult(None, error=StorageFull())
    if enqueue and result.ok:
        queue.send(runtime, result.document_id)  # else the outbox row waits for the sweep or ingest --wait
    return result


def _inspect(settings, stored: StoredFile) -> tuple[str, int, IngestError | None]:
    """Type from content and the cheap limits; the text layer is read later, by the worker."""
    mime_type, page_count = "", 0
    try:
        handler = handler_for(stored.head)
        mime_type = handler.mime_type
        page_count = handler.triage(stored.path, settings, with_text=False).page_count
    except IngestError as exc:
        return mime_type, page_count, exc
    return mime_type, page_count, None


def _actor(session, user_id: int | None) -> User | None:
    return session.get(User, user_id) if user_id else None


def _find(session, checksum: str) -> Document | None:
    return session.execute(select(Document).where(Document.checksum == checksum)).scalar_one_or_none()


def _register(runtime, stored: StoredFile, display: str, mime_type: str, page_count: int,
              problem: IngestError | None, **origin) -> IntakeResult:
    try:
        with runtime.session_scope() as session:
            existing = _find(session, stored.checksum)
            if existing is not None and existing.status != DocumentStatus.DISCARDED.value:
                audit.record(session, audit.Action.DUPLICATE_REJECTED, actor=_actor(session, origin["uploaded_by_id"]),
                             document_id=existing.id, filename=display, source=origin["source"])
                return IntakeResult(existing.id, duplicate_of=existing.id)
            doc = existing or Document(checksum=stored.checksum, field_meta={})
            _fill(doc, display, mime_type, stored.size, page_count, problem, origin)
            session.add(doc)
            session.flush()
            if problem is None:
                queue.add(session, doc.id)  # committed with the row: no queued document without its message
            actor = _actor(session, origin["uploaded_by_id"])
            # Bytes discarded earlier come back in the same row: its history shows the discard.
            again = {"after_discard": True} if existing is not None else {}
            audit.record(session, audit.Action.UPLOADED, actor=actor, document_id=doc.id, filename=display,
                         checksum=stored.checksum, size=stored.size, source=origin["source"], **again)
            if problem is not None:
                audit.record(session, audit.Action.PROCESSING_FAILED, actor=actor, document_id=doc.id,
                             code=problem.code, reason=problem.text)
            return IntakeResult(doc.id, error=problem)
    except IntegrityError:
        # The same bytes were registered concurrently by another upload: that one wins.
        with runtime.session_scope() as session:
            existing = _find(session, stored.checksum)
            return IntakeResult(existing.id, duplicate_of=existing.id)


def _fill(doc: Document, display: str, mime_type: str, size: int, page_count: int,
          problem: IngestError | None, origin: dict) -> None:
    """A new upload's state (a revived discarded row starts over like a new one)."""
    doc.original_filename, doc.mime_type, doc.size_bytes = display, mime_type, size
    doc.page_count, doc.pages_done, doc.attempts, doc.processed_at = page_count, 0, 0, None
    doc.uploaded_by_id, doc.unit_id, doc.source = origin["uploaded_by_id"], origin["unit_id"], origin["source"]
    doc.status, doc.error_code, doc.error_message = DocumentStatus.QUEUED.value, None, None
    doc.sifat_confirmed = False    # closed to all but the uploader until its sifat is read (search.access)
    if problem is not None:
        doc.status, doc.error_code, doc.error_message = DocumentStatus.FAILED.value, problem.code, problem.text


def _record_rejection(runtime, display: str, error: IngestError, user_id: int | None, source: str) -> None:
    try:
        with runtime.session_scope() as session:
            audit.record(session, UPLOAD_REJECTED, actor=_actor(session, user_id), filename=display,
                         code=error.code, reason=error.text, source=source)
    except Exception as exc:
        if not is_storage_full(exc):
            raise
        log.info("rejected upload %s not audited: the database's disk is full", display)
