"""The recipe: one document from its stored original to searchable, paged and read.

    claim -> triage -> pages (OCR or text layer, viewer images; in parallel) ->
    searchable PDF -> letter fields -> save (replace pages, done, mark for indexing)

Every step is a small function in ``ingest.stages``. Safe to run again at any point (a
killed worker, a redelivered task): pages are replaced as a whole in one transaction, and
derived files are rewritten atomically.
"""
from __future__ import annotations

import logging
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

from sqlalchemy.exc import OperationalError

from app.models import DocumentStatus
from ingest import claims, storage
from ingest.errors import IngestError, InternalError, OcrEngineError, StorageError, StorageFull, is_storage_full
from ingest.formats import Triage, handler_for_mime
from ingest.stages import assemble, letter, record
from ingest.stages.page import PageJob, PageResult, process_page

log = logging.getLogger(__name__)

# What ``process_document`` returns while the disk is full: the document itself stays queued
# (or, if even that could not be written, 'processing' for the sweep to queue again).
WAITING_FOR_STORAGE = "waiting_for_storage"


def process_document(runtime, document_id: int, *, final_attempt: bool = True, index_now: bool = True) -> str:
    """Process one document; returns its status afterwards (done, failed, queued for retry,
    or ``WAITING_FOR_STORAGE``).

    The document's claim lock is held throughout (``ingest.claims``): a second delivery of
    the task meanwhile leaves the document to this one, and if this process dies the sweep
    sees the lock free and queues the document again.
    """
    with claims.working_on(runtime.settings, document_id) as ours:
        if not ours:
            log.info("document %s: another live process is working on it", document_id)
            return current_status(runtime, document_id)
        status = _process(runtime, document_id, final_attempt, index_now)
    if status == "done" and runtime.settings.pdfa_copy:
        from ingest.queue import enqueue_pdfa

        enqueue_pdfa(runtime.settings, document_id)  # archival copy later, off the searchability path
    return status


def _process(runtime, document_id: int, final_attempt: bool, index_now: bool) -> str:
    started = time.monotonic()
    try:
        job = record.claim(runtime, document_id)
        if job is None:
            return current_status(runtime, document_id)
        handler = handler_for_mime(job.mime_type)
        triage = handler.triage(job.source, runtime.settings)
        if triage.page_count != job.page_count:
            record.set_page_count(runtime, document_id, triage.page_count)
        with tempfile.TemporaryDirectory(dir=_tmp(runtime), prefix=f"doc{document_id}-") as work:
            results = run_pages(runtime, job, handler, triage, Path(work))
            assemble.searchable_pdf(job.source, job.mime_type == "application/pdf", results,
                                    storage.searchable_pdf_path(runtime.settings, document_id))
        # Fields from the lines rebuilt from word boxes (label and value on one line again);
        # born-digital pages have no boxes and give their own text.
        fields = letter.extract(["\n".join(r.lines) if r.lines else r.text for r in results])
        if record.save_results(runtime, job, results, fields, time.monotonic() - started, index_now):
            return "done"
        return current_status(runtime, document_id)
    except Exception as exc:  # noqa: BLE001 - every failure is stored on the document, once
        error, final = _as_ingest_error(runtime.settings, document_id, exc, final_attempt)
        status = _record_failure(runtime, document_id, error, final)
        return WAITING_FOR_STORAGE if isinstance(error, StorageFull) else status


def _as_ingest_error(settings, document_id: int, exc: Exception, final_attempt: bool) -> tuple[IngestError, bool]:
    """The one mapping from what went wrong to what is stored: (error, final)."""
    tool_failed = isinstance(exc, (OcrEngineError, InternalError)) or not isinstance(exc, IngestError)
    if is_storage_full(exc) or (tool_failed and storage.low_on_space(settings)):  # wait for space
        log.warning("document %s: storage full (%s); it waits for space", document_id, _first_line(exc))
        return StorageFull(), False
    if isinstance(exc, IngestError):
        return exc, final_attempt
    if isinstance(exc, OperationalError):  # database busy or gone: worth another try
        log.warning("document %s: database error %s", document_id, exc)
        return StorageError(), final_attempt
    log.error("document %s: unexpected error", document_id, exc_info=exc)
    return InternalError(), True


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _record_failure(runtime, document_id: int, error: IngestError, final: bool) -> str:
    """Store the failure; if even that is impossible (a full disk under the database), leave the
    document as it is, 'processing' with its claim lock free: the sweep queues it again."""
    try:
        return record.record_failure(runtime, document_id, error, final)
    except Exception as exc:  # noqa: BLE001 - this process (a worker) must live on
        log.warning("document %s: could not record %s (%s); the sweep will queue it again",
                    document_id, error.code, _first_line(exc))
        return DocumentStatus.QUEUED.value


def run_pages(runtime, job: record.DocJob, handler, triage: Triage, work: Path) -> list[PageResult]:
    """All pages, ``ocr_jobs`` OCR'd at a time (``ingest.slots``); progress is stored as pages finish."""
    settings = runtime.settings
    jobs = [
        PageJob(
            number=n, source=job.source, work_dir=work, languages=settings.ocr_languages,
            view_image=storage.page_image_path(settings, job.document_id, n),
            thumbnail=storage.thumbnail_path(settings, job.document_id, n),
            words_file=storage.words_path(settings, job.document_id, n),
            slot_dir=settings.tmp_dir / "slots", jobs=settings.ocr_jobs, text_layer=triage.text_pages.get(n),
        )
        for n in range(1, triage.page_count + 1)
    ]
    results: list[PageResult] = []
    # One thread more than OCR slots: while a page is decoded, turned or saved as viewer
    # images, the slots still have pages to read (a 50-page scan kept them 91% busy without it).
    with ThreadPoolExecutor(max_workers=min(settings.ocr_jobs + 1, len(jobs))) as pool:
        pending = {pool.submit(process_page, page_job, handler) for page_job in jobs}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()
                results.append(future.result())
            if len(results) < len(jobs):  # the last page's count comes with the results
                record.set_pages_done(runtime, job.document_id, len(results))
    return sorted(results, key=lambda r: r.number)


def current_status(runtime, document_id: int) -> str:
    from app.models import Document

    with runtime.session_scope() as session:
        doc = session.get(Document, document_id)
        return doc.status if doc else "missing"


def _tmp(runtime) -> Path:
    path = runtime.settings.tmp_dir
    path.mkdir(parents=True, exist_ok=True)
    return path
