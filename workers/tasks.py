"""Thin Celery tasks around ``ingest.pipeline`` and the search indexing.

Tasks receive ids only. Everything they do is idempotent: a redelivered task (worker killed
mid-document) processes the document again and replaces its pages. Error mapping lives
here, in one place: a retryable ``IngestError`` becomes a Celery retry with back-off; any
other failure has already been stored on the document, once, by the pipeline.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime, timezone

from celery import shared_task
from sqlalchemy import select, update

from app.models import Document, DocumentStatus
from app.runtime import Runtime
from ingest import queue

log = logging.getLogger(__name__)

MAX_RETRIES = 3
_RUNTIMES: dict[int, Runtime] = {}


def runtime_for(app) -> Runtime:
    """One Runtime per worker process (engines must not cross a fork)."""
    pid = os.getpid()
    if pid not in _RUNTIMES:
        from ingest.batch import prepare_index

        _RUNTIMES[pid] = Runtime(app.lontar_settings)
        prepare_index(_RUNTIMES[pid])
    return _RUNTIMES[pid]


def backoff(retries: int) -> int:
    return min(600, 15 * 4 ** retries)  # 15 s, 1 min, 4 min, 10 min


@shared_task(bind=True, name="lontar.process_document", max_retries=MAX_RETRIES)
def process_document(self, document_id: int) -> str:
    from ingest.pipeline import WAITING_FOR_STORAGE, process_document as run

    runtime = runtime_for(self.app)
    status = run(runtime, document_id, final_attempt=self.request.retries >= self.max_retries)
    if status in (DocumentStatus.QUEUED.value, WAITING_FOR_STORAGE):
        # Past the last retry, a document waiting for disk space is sent again by the sweep.
        raise self.retry(countdown=backoff(self.request.retries))
    return status  # a done document reached the index (or waits for it) after its commit


@shared_task(bind=True, name="lontar.index_document")
def index_document(self, document_id: int) -> str:
    return index_now(runtime_for(self.app), document_id)


@shared_task(bind=True, name="lontar.sweep")
def sweep(self) -> dict:
    """Periodic: index what waits for the search engine; requeue documents whose worker died;
    send the outbox messages that never reached the broker."""
    from app.services import indexing

    runtime = runtime_for(self.app)
    return {"index_retried": _step("index", lambda: indexing.index_pending(runtime)),
            "requeued": _step("requeue", lambda: requeue_stalled(runtime)),
            "sent": _step("outbox", lambda: queue.send_due(runtime))}


def _step(name: str, work) -> int:
    """One part of the sweep; a failing part (a full disk, the engine down) leaves the others
    to run, and the next sweep tries it again."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - the sweep must go on
        log.warning("sweep: %s skipped this time: %s", name, (str(exc).splitlines() or [repr(exc)])[0][:200])
        return 0


def index_now(runtime: Runtime, document_id: int) -> str:
    """Send one document to the search engine now (the search work's ``apply_changes``).

    Processing already queues index work through ``indexing.mark_changed``; this is for
    explicit requests. The database stays the source of truth: an unreachable engine leaves
    the document done with index_state ``waiting``, and ``sweep`` tries again.
    """
    from app.services import indexing

    indexing.apply_changes(runtime.sessions, runtime.search, {document_id: None}, set())
    with runtime.session_scope() as session:
        doc = session.get(Document, document_id)
        return doc.index_state if doc else "missing"


def requeue_stalled(runtime: Runtime) -> int:
    """Documents left 'processing' by a worker that died whole (SIGKILL, OOM, power cut): the
    SQLite broker cannot redeliver then. Their claim lock is free (``ingest.claims``); queue
    them again. A live worker's documents keep their lock and are left alone."""
    from ingest import claims

    with runtime.session_scope() as session:
        ids = list(session.execute(select(Document.id).where(
            Document.status == DocumentStatus.PROCESSING.value)).scalars())
    requeued = []
    for doc_id in ids:
        with claims.if_abandoned(runtime.settings, doc_id) as abandoned:
            if abandoned and _set_queued_if_processing(runtime, doc_id):
                requeued.append(doc_id)
    for doc_id in requeued:
        log.warning("document %s: its worker died mid-document; queued again", doc_id)
        queue.send(runtime, doc_id)
    return len(requeued)


def _set_queued_if_processing(runtime: Runtime, doc_id: int) -> bool:
    with runtime.session_scope() as session:
        result = session.execute(update(Document).where(
            Document.id == doc_id, Document.status == DocumentStatus.PROCESSING.value)
            .values(status=DocumentStatus.QUEUED.value, updated_at=datetime.now(timezone.utc)))
        if result.rowcount == 1:
            queue.add(session, doc_id)
        return result.rowcount == 1


@shared_task(bind=True, name="lontar.make_pdfa", max_retries=MAX_RETRIES)
def make_pdfa(self, document_id: int) -> str:
    """The optional PDF/A archival copy (LONTAR_PDFA_COPY), made after the document is done."""
    from ingest.pdfa import PdfaFailed, make_pdfa_copy

    try:
        path = make_pdfa_copy(runtime_for(self.app), document_id)
    except PdfaFailed as exc:
        if self.request.retries >= self.max_retries:
            log.error("document %s: no PDF/A copy: %s", document_id, exc)
            return "failed"
        raise self.retry(countdown=backoff(self.request.retries)) from exc
    return "made" if path else "skipped"
