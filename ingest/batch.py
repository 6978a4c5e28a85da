"""Processing many documents in this process tree, without a broker.

Used by ``lontar ingest --wait`` and the benchmark: documents run in parallel in
``settings.ocr_jobs + 1`` spawned processes (the same shape as the Celery prefork pool), each
calling the same ``process_document`` a Celery task calls; the OCR slots keep the number of
Tesseract processes at ``ocr_jobs`` in total. A transient failure is retried once.
"""
from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Callable, Iterable

from config import Settings

RETRY_PAUSE_SECONDS = 2.0
_RUNTIME = None


@dataclass(frozen=True)
class Outcome:
    document_id: int
    status: str
    peak_rss_mb: float          # this worker process (Python), high-water mark
    peak_child_rss_mb: float    # the largest Tesseract/Poppler process it ran


def _init(settings: Settings) -> None:
    global _RUNTIME
    from app.runtime import Runtime

    _RUNTIME = Runtime(settings)
    prepare_index(_RUNTIME)


def prepare_index(runtime) -> None:
    """Create the search index up front, if the engine answers (a down engine is fine:
    documents then wait for the index). Avoids every process racing to create it."""
    try:
        runtime.search.ensure_index()
    except Exception as exc:  # noqa: BLE001 - indexing is retried later; processing goes on
        import logging

        logging.getLogger(__name__).warning("search index not prepared: %s", exc)


def _process(document_id: int) -> Outcome:
    from ingest.pipeline import process_document

    status = process_document(_RUNTIME, document_id, final_attempt=False)
    if status == "queued":
        time.sleep(RETRY_PAUSE_SECONDS)
        status = process_document(_RUNTIME, document_id, final_attempt=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Outcome(document_id, status, own, child)


def process_many(settings: Settings, document_ids: Iterable[int],
                 on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    ids = list(document_ids)
    if not ids:
        return []
    outcomes = []
    # One process more than OCR slots: while a process saves, indexes or joins a finished
    # document (serial work), another keeps its Tesseract slot busy.
    workers = min(settings.ocr_jobs + 1, len(ids))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_init, initargs=(settings,)) as pool:
        for future in as_completed([pool.submit(_process, doc_id) for doc_id in ids]):
            outcome = future.result()
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes
