"""Where the embedded index lives on disk, and one writer at a time across processes.

Layout under ``index_dir``::

    current                 name of the live index directory (replaced atomically)
    v1-20240101T120000-1a2b/ a versioned tantivy index
    writer.lock             fcntl lock: held around open-writer .. commit

Tantivy allows one writer per index and fails at once when another holds it; the web
process, the CLI and Celery workers all write, so every writer first takes our fcntl
lock (blocking, released by the kernel if the process dies).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

POINTER = "current"
LOCK = "writer.lock"


_LOCAL = threading.local()


class IndexStore:
    def __init__(self, root: Path, schema_version: int):
        self.root = Path(root)
        self.schema_version = schema_version

    def current_name(self) -> str | None:
        try:
            return (self.root / POINTER).read_text().strip() or None
        except FileNotFoundError:
            return None

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Changes whenever the pointer is switched (cheap check before each search)."""
        try:
            st = os.stat(self.root / POINTER)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def new_name(self) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        return f"v{self.schema_version}-{stamp}-{uuid.uuid4().hex[:6]}"

    def is_current_version(self, name: str | None) -> bool:
        """False for an index built with another schema (it cannot be opened: rebuild)."""
        return bool(name) and name.startswith(f"v{self.schema_version}-")

    def path(self, name: str) -> Path:
        return self.root / name

    def switch(self, name: str) -> None:
        """Point ``current`` at ``name`` in one atomic rename, then drop the one it replaced."""
        previous = self.current_name()
        tmp = self.root / f".{POINTER}.{uuid.uuid4().hex}"
        tmp.write_text(name)
        os.replace(tmp, self.root / POINTER)
        if previous and previous != name:
            # Readers still open on it keep their mmaps until they reopen (POSIX unlink).
            shutil.rmtree(self.root / previous, ignore_errors=True)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Exclusive across processes (flock) and re-entrant within one thread.

        Re-entrant because a write may need to create the index first: a second flock on a
        new file handle in the same process would wait for itself forever.
        """
        local = _LOCAL.__dict__.setdefault("depth", {})
        key = str(self.root)
        if local.get(key):
            local[key] += 1
            try:
                yield
            finally:
                local[key] -= 1
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            local[key] = 1
            try:
                yield
            finally:
                local[key] = 0
                fcntl.flock(handle, fcntl.LOCK_UN)
