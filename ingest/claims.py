"""Which process is working on a document: an exclusive flock held for the whole attempt.

One lock file per document under the data dir (``tmp/claims/<id>.lock``). The kernel drops
the lock when its holder dies, however it dies (SIGKILL, OOM killer, power loss of the
process), so a document still marked 'processing' whose lock is free has lost its worker:
the periodic sweep (and every worker at start-up) queues it again. A second delivery of the
same task while the first is still running finds the lock taken and leaves the document to it.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from config import Settings


def _lock_path(settings: Settings, document_id: int) -> Path:
    return settings.tmp_dir / "claims" / f"{document_id}.lock"


def _try_lock(settings: Settings, document_id: int) -> int | None:
    """An fd holding the document's lock, or None when a live process holds it."""
    path = _lock_path(settings, document_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC: Tesseract and Poppler children must not inherit (and outlive us holding) it.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@contextmanager
def working_on(settings: Settings, document_id: int) -> Iterator[bool]:
    """Hold the document's lock while the block runs; yields False if another process has it."""
    fd = _try_lock(settings, document_id)
    if fd is None:
        yield False
        return
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.uname().nodename} {os.getpid()}\n".encode())  # for a person looking
        yield True
    finally:
        _release(fd)


@contextmanager
def if_abandoned(settings: Settings, document_id: int) -> Iterator[bool]:
    """Yields True, holding the lock, when no live process works on the document."""
    fd = _try_lock(settings, document_id)
    try:
        yield fd is not None
    finally:
        if fd is not None:
            _release(fd)
