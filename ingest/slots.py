"""One machine-wide limit on concurrent Tesseract processes.

Pages of one document run in threads and documents run in separate worker processes; both
draw from the same ``settings.ocr_jobs`` slots (lock files under the data dir), so workers
× pages never exceed the cores. A slot held by a killed process is released by the kernel.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# Document processes per machine beyond the OCR slots. Between two pages a process does
# serial work (viewer images, saving, indexing, opening the next document: 0.2-0.4 s under
# load); with one spare, both slots sometimes freed inside that window and one idled (slot
# occupancy 0.97 against raw Tesseract's 0.99); with two, a prepared page is nearly always waiting.
SPARE_PROCESSES = 2


def worker_processes(ocr_jobs: int) -> int:
    return ocr_jobs + SPARE_PROCESSES


POLL_SECONDS = 0.005  # a waiting page starts within ~5 ms of a free slot (a poll costs µs)


def _grab(fds: list[int], start: int) -> int | None:
    for offset in range(len(fds)):
        index = (start + offset) % len(fds)
        try:
            fcntl.flock(fds[index], fcntl.LOCK_EX | fcntl.LOCK_NB)
            return index
        except BlockingIOError:
            continue
    return None


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


@contextmanager
def ocr_slot(slot_dir: Path, jobs: int) -> Iterator[int]:
    slot_dir.mkdir(parents=True, exist_ok=True)
    fds = [_open(slot_dir / f"ocr-{index}.lock") for index in range(jobs)]
    start = os.getpid() % jobs  # spread first attempts so processes rarely collide
    try:
        index = _grab(fds, start)
        if index is None:
            # Queue on the turnstile: all but one waiter sleep in the kernel; only its holder
            # polls the slots (a few system calls every POLL_SECONDS). Eight waiters polling
            # on their own cost 5% of a core.
            turnstile = _open(slot_dir / "queue.lock")
            try:
                fcntl.flock(turnstile, fcntl.LOCK_EX)
                while (index := _grab(fds, start)) is None:
                    time.sleep(POLL_SECONDS)
            finally:
                os.close(turnstile)  # closing drops the turnstile lock
        try:
            yield index
        finally:
            fcntl.flock(fds[index], fcntl.LOCK_UN)
    finally:
        for fd in fds:
            os.close(fd)
