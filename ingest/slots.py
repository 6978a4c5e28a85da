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


@contextmanager
def ocr_slot(slot_dir: Path, jobs: int) -> Iterator[int]:
    slot_dir.mkdir(parents=True, exist_ok=True)
    start = os.getpid() % jobs  # spread first attempts so processes rarely collide
    while True:
        for offset in range(jobs):
            index = (start + offset) % jobs
            fd = os.open(slot_dir / f"ocr-{index}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield index
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        time.sleep(POLL_SECONDS)
