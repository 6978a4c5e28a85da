"""Real Celery workers (`lontar worker` subprocesses) on the SQLite and the Redis broker.

Stand-ins only for faults: the search engine is a closed port; the worker is killed.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pikepdf
import psutil
import pytest
from sqlalchemy import select

from app.models import AuditEntry, Document, Page
from app.migrate import upgrade
from app.runtime import Runtime
from config import load_settings
from ingest import storage
from ingest.intake import store_upload
from tests.ingest import samples

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_URL = "http://127.0.0.1:9"  # nothing listens on the discard port


def _env(data_dir: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BROKER_URL", "SEARCH_URL", "DATABASE_URL")}
    env.update({"LONTAR_DATA_DIR": str(data_dir), "LONTAR_SECRET_KEY": "test", "OCR_JOBS": "1"}, **extra)
    return env


class Worker:
    def __init__(self, env: dict[str, str], concurrency: int = 1):
        self.env = env
        self.log = open(Path(env["LONTAR_DATA_DIR"]) / "worker.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--no-beat",
                                      f"--concurrency={concurrency}"], cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def pool_children(self) -> list[psutil.Process]:
        return [c for c in psutil.Process(self.proc.pid).children() if "python" in c.name().lower()]

    def stop(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def _runtime(env: dict[str, str]) -> Runtime:
    settings = load_settings(env, dotenv=False)
    upgrade(settings)
    return Runtime(settings)


def _doc(runtime, doc_id) -> Document:
    with runtime.session_scope() as session:
        return session.get(Document, doc_id)


def settled(doc: Document) -> bool:
    """Processed and the index attempt made (it runs just after the commit that marks done)."""
    return doc.status == "failed" or (doc.status == "done" and doc.index_state != "pending")


def _wait(worker: Worker, runtime, doc_id, until) -> Document:
    """Poll the database until ``until(doc)``; fail at once if the worker process died."""
    while True:
        doc = _doc(runtime, doc_id)
        if until(doc):
            return doc
        assert worker.alive(), (Path(worker.env["LONTAR_DATA_DIR"]) / "worker.log").read_text()[-3000:]
        time.sleep(0.2)


def _pdfa_task_ended(worker: Worker) -> bool:
    """Celery logged the end of the PDF/A task: succeeded, retry or raised."""
    log = (Path(worker.env["LONTAR_DATA_DIR"]) / "worker.log").read_text(errors="replace")
    return re.search(r"lontar\.make_pdfa\[[^\]]+\] (succeeded|retry|raised)", log) is not None



def _pages_and_ocr_entries(runtime, doc_id):
    """The document's page numbers and its 'ocr_done' audit entries (duplicates would show here)."""
    with runtime.session_scope() as session:
        numbers = list(session.execute(select(Page.number).where(Page.document_id == doc_id)
                                       .order_by(Page.number)).scalars())
        ocr_done = session.execute(select(AuditEntry).where(AuditEntry.document_id == doc_id,
                                                            AuditEntry.action == "ocr_done")).scalars().all()
    return numbers, ocr_done

def test_sqlite_broker_search_down_document_done_and_waiting_then_pdfa_copy(tmp_path, good_files):
    env = _env(tmp_path / "data", SEARCH_URL=CLOSED_PORT_URL, LONTAR_PDFA_COPY="1")
    runtime = _runtime(env)
    worker = Worker(env)
    try:
        result = store_upload(runtime, good_files["png"], "surat.png", source="web")
        doc = _wait(worker, runtime, result.document_id, settled)
        assert (doc.status, doc.index_state) == ("done", "waiting")
        with runtime.session_scope() as session:
            assert "Nomor" in session.execute(select(Page.text).where(Page.document_id == doc.id)).scalar_one()
        # The archival copy comes after 'done', from a task of its own.
        _wait(worker, runtime, doc.id, lambda _doc: _pdfa_task_ended(worker))
        pdfa = storage.pdfa_path(runtime.settings, doc.id)
        with pikepdf.open(pdfa) as pdf:
            assert pdf.open_metadata().pdfa_status == "2B" and len(pdf.pages) == 1
        text = subprocess.run(["pdftotext", str(pdfa), "-"], capture_output=True, text=True).stdout
        assert "Nomor" in text  # the text layer survived
    finally:
        worker.stop()
        runtime.close()


@pytest.mark.redis
def test_redis_broker_processes_and_indexes(tmp_path, good_files, redis_url):
    broker = redis_url.rsplit("/", 1)[0] + "/11"  # a database of its own: no other test's worker takes our tasks
    env = _env(tmp_path / "data", BROKER_URL=broker)
    runtime = _runtime(env)
    worker = Worker(env)
    try:
        result = store_upload(runtime, good_files["tiff"], "surat.tiff", source="web")
        doc = _wait(worker, runtime, result.document_id, settled)
        assert (doc.status, doc.page_count, doc.index_state) == ("done", 2, "indexed")
    finally:
        worker.stop()
        runtime.close()


def test_killed_worker_process_leaves_document_to_finish_without_duplicate_pages(tmp_path):
    pages = [[f"Halaman {n} dari surat panjang", "Nomor : 045/123/DISDIK/VII/2025"] for n in range(1, 7)]
    scan = samples.write_tiff(tmp_path / "panjang.tiff", pages=pages)
    env = _env(tmp_path / "data")
    runtime = _runtime(env)
    worker = Worker(env, concurrency=1)
    try:
        doc_id = store_upload(runtime, scan, scan.name, source="web").document_id
        _wait(worker, runtime, doc_id, lambda d: d.status == "processing" and d.pages_done >= 1)
        for child in worker.pool_children():
            child.kill()  # SIGKILL mid-document: no clean-up runs
        doc = _wait(worker, runtime, doc_id, lambda d: d.status in ("done", "failed"))
        assert doc.status == "done" and doc.attempts >= 2
        numbers, ocr_done = _pages_and_ocr_entries(runtime, doc_id)
        assert numbers == [1, 2, 3, 4, 5, 6] and len(ocr_done) == 1
    finally:
        worker.stop()
        runtime.close()


def test_whole_worker_killed_on_sqlite_broker_document_finishes_after_a_new_worker_starts(tmp_path):
    """SIGKILL to the worker and its pool: the broker message is lost with it (kombu's SQLite
    transport cannot redeliver); the next worker's start-up sweep finds the document's claim
    lock free and queues it again."""
    pages = [[f"Halaman {n} dari surat panjang", "Nomor : 045/124/DISDIK/VII/2025"] for n in range(1, 7)]
    scan = samples.write_tiff(tmp_path / "panjang.tiff", pages=pages)
    env = _env(tmp_path / "data")
    runtime = _runtime(env)
    first = Worker(env, concurrency=1)
    try:
        doc_id = store_upload(runtime, scan, scan.name, source="web").document_id
        _wait(first, runtime, doc_id, lambda d: d.status == "processing" and d.pages_done >= 1)
        everyone = [psutil.Process(first.proc.pid), *psutil.Process(first.proc.pid).children(recursive=True)]
        for proc in everyone:
            proc.kill()  # SIGKILL, the whole process tree: nothing cleans up
        first.proc.wait()
        psutil.wait_procs(everyone)
        assert _doc(runtime, doc_id).status == "processing"  # left behind, as after a crash
        second = Worker(env, concurrency=1)
        try:
            doc = _wait(second, runtime, doc_id, lambda d: d.status in ("done", "failed"))
        finally:
            second.stop()
        assert doc.status == "done" and doc.attempts == 2 and doc.pages_done == 6
        numbers, ocr_done = _pages_and_ocr_entries(runtime, doc_id)
        assert numbers == [1, 2, 3, 4, 5, 6] and len(ocr_done) == 1
    finally:
        first.stop()
        runtime.close()


UNREACHABLE_REDIS = "redis://127.0.0.1:9/11"  # nothing listens on the discard port


def _outbox(runtime) -> list[int]:
    from app.models import OutboxMessage

    with runtime.session_scope() as session:
        return sorted(session.execute(select(OutboxMessage.document_id)).scalars())


@pytest.mark.redis
def test_uploads_made_while_the_broker_is_down_are_processed_once_when_a_worker_starts(tmp_path, good_files,
                                                                                         redis_url):
    data = tmp_path / "data"
    env = _env(data, BROKER_URL=redis_url.rsplit("/", 1)[0] + "/11")
    broker_down = _runtime(_env(data, BROKER_URL=UNREACHABLE_REDIS))
    try:
        ids = [store_upload(broker_down, good_files[kind], f"surat.{kind}", source="web").document_id
               for kind in ("png", "jpeg")]
        again = store_upload(broker_down, good_files["png"], "lagi.png", source="web")
    finally:
        broker_down.close()
    assert again.duplicate_of == ids[0]
    runtime = _runtime(env)  # a restart, now with the broker reachable: nothing was ever sent
    try:
        assert [_doc(runtime, i).status for i in ids] == ["queued", "queued"] and _outbox(runtime) == ids
        worker = Worker(env)  # its start-up sweep sends what the outbox holds
        try:
            docs = [_wait(worker, runtime, i, settled) for i in ids]
        finally:
            worker.stop()
        assert [(d.status, d.attempts) for d in docs] == [("done", 1), ("done", 1)]
        for doc_id in ids:
            numbers, ocr_done = _pages_and_ocr_entries(runtime, doc_id)
            assert numbers == [1] and len(ocr_done) == 1
        assert _outbox(runtime) == []
    finally:
        runtime.close()


def test_a_message_sent_twice_is_processed_once_and_the_sweep_sends_nothing_twice(tmp_path, good_files):
    """The outbox may deliver a document twice (sent, then the row's delete lost): the claim
    lock and status check make the second delivery a no-op, and a sent message's row is gone."""
    from ingest import queue

    env = _env(tmp_path / "data")
    runtime = _runtime(env)
    worker = Worker(env)
    try:
        doc_id = store_upload(runtime, good_files["tiff"], "surat.tiff", source="web").document_id
        assert _outbox(runtime) == []  # sent after the commit, so its row is gone
        with runtime.session_scope() as session:
            queue.add(session, doc_id, after=timedelta(0))  # as if the delete had been lost
        assert queue.send_due(runtime) == 1 and queue.send_due(runtime) == 0
        doc = _wait(worker, runtime, doc_id, settled)
        _wait(worker, runtime, doc_id, lambda _d: "lontar.process_document" in _second_delivery(worker))
        assert (doc.status, doc.attempts) == ("done", 1)
        numbers, ocr_done = _pages_and_ocr_entries(runtime, doc_id)
        assert numbers == [1, 2] and len(ocr_done) == 1
    finally:
        worker.stop()
        runtime.close()


def _second_delivery(worker: Worker) -> str:
    """The worker log once two process_document tasks have ended ('' before)."""
    log = (Path(worker.env["LONTAR_DATA_DIR"]) / "worker.log").read_text(errors="replace")
    return log if len(re.findall(r"lontar\.process_document\[[^\]]+\] succeeded", log)) >= 2 else ""
