"""A full disk (a small real tmpfs under the data dir): a clear "storage full", a worker that
lives on, processing that resumes by itself once space returns, and nothing half-written.

The metadata database lives on the ordinary disk (as a server database would); originals,
derived files, scratch space and the embedded broker live on the small filesystem.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, OutboxMessage
from app.runtime import Runtime
from config import load_settings
from ingest.intake import store_upload
from tests.workers.test_celery import ROOT, Worker, _doc, _env, _pages_and_ocr_entries

RESUME_WITHIN = 240  # seconds: the periodic sweep runs every minute; OCR on a busy machine


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs, unmounted at the end whatever happens."""
    if os.geteuid() != 0:
        pytest.fail("mounting a tmpfs needs root (the CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(mount: Path, leave_kb: int) -> Path:
    """A ballast file that leaves about ``leave_kb`` KB free."""
    ballast = mount / "ballast"
    free_kb = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize // 1024
    with ballast.open("ab") as out:
        out.write(b"\0" * max(0, free_kb - leave_kb) * 1024)
    return ballast


def _leftovers(data: Path) -> list[Path]:
    """Half-written files: partial derived files, staging copies of uploads."""
    return [p for p in data.rglob("*") if p.is_file() and (p.name.endswith(".part") or ".incoming" in p.parts)]


def _lontar(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_ingest_wait_on_a_full_disk_says_storage_full_in_one_sentence(tmp_path, small_disk, good_files):
    env = _env(small_disk / "data", DATABASE_URL=f"sqlite:///{tmp_path / 'lontar.sqlite'}")
    assert _lontar(env, "db", "upgrade").returncode == 0
    _fill(small_disk, leave_kb=8)  # not even the upload fits
    result = _lontar(env, "ingest", str(good_files["png"]), "--wait")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip() == ("Storage full: the archive's disk has no space left; "
                                     "free some space and processing resumes by itself.")
    assert _leftovers(small_disk / "data") == []


def test_worker_lives_on_a_full_disk_and_resumes_by_itself_when_space_returns(tmp_path, small_disk, good_files):
    env = _env(small_disk / "data", DATABASE_URL=f"sqlite:///{tmp_path / 'lontar.sqlite'}")
    settings = load_settings(env, dotenv=False)
    runtime = Runtime(settings)  # migrates the new database itself
    doc_id = store_upload(runtime, good_files["tiff"], "surat.tiff", source="web").document_id  # on the broker
    ballast = _fill(small_disk, leave_kb=100)  # the letter's page images and searchable PDF (~200 KB) do not fit
    worker = Worker(env)  # the embedded broker (on the small disk) runs the periodic sweep
    try:
        waiting = _until(worker, runtime, doc_id, lambda d: d.error_code == "storage_full")
        assert waiting.status in ("queued", "processing") and "Storage full" in waiting.error_message
        time.sleep(5)
        assert worker.alive() and _doc(runtime, doc_id).status != "failed"  # waits; never fails for this
        assert _leftovers(small_disk / "data") == []

        ballast.unlink()  # space returns: nobody restarts anything
        done = _until(worker, runtime, doc_id, lambda d: d.status in ("done", "failed"))
        assert (done.status, done.error_code, done.page_count) == ("done", None, 2)
        numbers, ocr_done = _pages_and_ocr_entries(runtime, doc_id)
        assert numbers == [1, 2] and len(ocr_done) == 1
        with runtime.session_scope() as session:
            assert session.execute(select(OutboxMessage)).scalars().all() == []
            failures = session.execute(select(AuditEntry).where(AuditEntry.action == "processing_failed")).scalars()
            assert list(failures) == []  # waiting for space is not a failure of the letter
        assert worker.alive() and _leftovers(small_disk / "data") == []
    finally:
        worker.stop()
        runtime.close()


def _until(worker: Worker, runtime, doc_id: int, condition):
    deadline = time.monotonic() + RESUME_WITHIN
    while time.monotonic() < deadline:
        doc = _doc(runtime, doc_id)
        if condition(doc):
            return doc
        assert worker.alive(), (Path(worker.env["LONTAR_DATA_DIR"]) / "worker.log").read_text()[-3000:]
        time.sleep(0.5)
    log = (Path(worker.env["LONTAR_DATA_DIR"]) / "worker.log").read_text(errors="replace")
    raise AssertionError(f"document {doc_id}: {_doc(runtime, doc_id).__dict__}\n{log[-4000:]}")
