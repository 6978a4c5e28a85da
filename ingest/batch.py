"""Processing many documents in this process tree, without a broker.

Used by ``lontar ingest --wait`` and the benchmark: documents run in parallel in
``slots.worker_processes(ocr_jobs)`` spawned processes (the shape of the Celery prefork pool), each
calling the same ``process_document`` a Celery task calls; the OCR slots keep the number of
Tesseract processes at ``ocr_jobs`` in total. A transient failure is retried once. The
coordinating process indexes done documents every couple of seconds in one batch (one index
commit for many documents instead of one each; a Celery worker indexes each at once).
"""
from __future__ import annotations

import logging
import resource
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Callable, Iterable

from config import Settings
from ingest.errors import is_storage_full
from ingest.slots import worker_processes

RETRY_PAUSE_SECONDS = 2.0
INDEX_EVERY_SECONDS = 2.0   # done documents become searchable within about this long
_RUNTIME = None


@dataclass(frozen=True)
class Outcome:
    document_id: int
    status: str
    peak_rss_mb: float          # this worker process alone (Python, not its Tesseract children), high-water mark
    pid: int = 0
    cpu_seconds: float = 0.0    # this worker process and the children it waited for, so far


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


def own_peak_rss_mb() -> float:
    """This process's own high-water resident memory.

    VmHWM belongs to the process's memory map since its exec. ``ru_maxrss`` is no good here:
    it keeps the peak from before exec (a spawned worker starts as a fork of its parent), and
    RUSAGE_CHILDREN counts each forked Tesseract with the worker's own size at fork time.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _process(document_id: int) -> Outcome:
    import os

    from ingest.pipeline import WAITING_FOR_STORAGE, process_document

    # The coordinating process indexes done documents in batches (one index commit for many).
    status = process_document(_RUNTIME, document_id, final_attempt=False, index_now=False)
    if status in ("queued", WAITING_FOR_STORAGE):
        time.sleep(RETRY_PAUSE_SECONDS)
        status = process_document(_RUNTIME, document_id, final_attempt=True, index_now=False)
    return Outcome(document_id, status, own_peak_rss_mb(), os.getpid(), process_cpu_seconds())


def process_cpu_seconds() -> float:
    """CPU time of this process and of the children (Tesseract, Poppler, qpdf) it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _warm() -> tuple[int, float]:
    """Import what processing needs (done once per worker process, as a Celery worker does at its
    first task) and hold the process briefly so that each warm-up lands in a process of its own."""
    import os

    import ingest.pipeline  # noqa: F401
    import ingest.stages.letter  # noqa: F401

    try:
        import ingest.fields  # noqa: F401
    except ImportError:
        pass
    time.sleep(0.3)
    return os.getpid(), process_cpu_seconds()


class WorkerPool:
    """Started, warmed-up worker processes, more than OCR slots (``ingest.slots``): while a
    process saves, indexes or opens a document (serial work), others keep the slots busy."""

    def __init__(self, settings: Settings, documents: int | None = None):
        workers = worker_processes(settings.ocr_jobs)
        workers = workers if documents is None else max(1, min(workers, documents))
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                        initializer=_init, initargs=(settings,))
        warm = wait([self.pool.submit(_warm) for _ in range(workers)]).done
        self.cpu_at_start = dict(f.result() for f in warm)  # pid -> CPU seconds when warmed up
        self.pids = set(self.cpu_at_start)

    def cpu_seconds(self, outcomes: list[Outcome]) -> float:
        """CPU the workers (and their Tesseract children) spent on these outcomes' documents."""
        last: dict[int, float] = {}
        for outcome in outcomes:
            last[outcome.pid] = max(last.get(outcome.pid, 0.0), outcome.cpu_seconds)
        return sum(cpu - self.cpu_at_start.get(pid, 0.0) for pid, cpu in last.items())

    def submit(self, document_id: int) -> Future:
        """Start on a document now (e.g. as soon as it is stored); the future gives its Outcome."""
        return self.pool.submit(_process, document_id)

    def run(self, document_ids: Iterable[int], on_done: Callable[[Outcome], None] | None = None,
            indexer=None) -> list[Outcome]:
        return self.collect([self.submit(doc_id) for doc_id in document_ids], on_done, indexer)

    @staticmethod
    def collect(futures: list[Future], on_done: Callable[[Outcome], None] | None = None,
                indexer=None) -> list[Outcome]:
        """Wait for the documents; ``indexer`` (a Runtime) indexes the done ones every
        INDEX_EVERY_SECONDS and at the end, in batches."""
        outcomes, indexed_at = [], time.monotonic()
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            if indexer is not None and time.monotonic() - indexed_at >= INDEX_EVERY_SECONDS:
                _index_pending(indexer)
                indexed_at = time.monotonic()
            if on_done:
                on_done(outcome)
        if indexer is not None:
            _index_pending(indexer)
        return outcomes

    def close(self) -> None:
        self.pool.shutdown()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _index_pending(runtime) -> None:
    """Index the done documents; on a full disk they stay pending (``lontar reindex --pending``
    or a worker's sweep sends them later) and the run goes on."""
    from app.services.indexing import index_pending

    try:
        index_pending(runtime)
    except Exception as exc:
        if not is_storage_full(exc):
            raise
        logging.getLogger(__name__).warning("search index not updated: storage full")


def process_many(settings: Settings, document_ids: Iterable[int],
                 on_done: Callable[[Outcome], None] | None = None, runtime=None) -> list[Outcome]:
    """Process the documents; done ones are indexed in batches by this process (``runtime``,
    or one of its own) and all are searchable when this returns."""
    from app.runtime import Runtime

    ids = list(document_ids)
    if not ids:
        return []
    own = runtime is None
    runtime = Runtime(settings) if own else runtime
    try:
        with WorkerPool(settings, len(ids)) as pool:
            return pool.run(ids, on_done, indexer=runtime)
    finally:
        if own:
            runtime.close()
