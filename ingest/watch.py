"""The scanner's inbox: each file is stored, then moved to processed/ or rejected/.

A file is moved only after ``store_upload`` has made it durable (or decided it cannot be
stored, with a reason written beside it in rejected/). A file still being written (changed
in the last few seconds) is left for the next scan; so is one that could not be stored
because of a transient problem (disk full): nothing is ever moved away unstored.
"""
from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Callable

from ingest.intake import IntakeResult, safe_display_name, store_upload

log = logging.getLogger(__name__)

PROCESSED, REJECTED = "processed", "rejected"
SETTLE_SECONDS = 2.0
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", "~")


def _candidates(inbox: Path, settle: float) -> list[Path]:
    now = time.time()
    found = []
    for path in sorted(inbox.rglob("*")):
        rel = path.relative_to(inbox).parts
        if rel[0] in (PROCESSED, REJECTED) or any(p.startswith(".") for p in rel):
            continue
        if not path.is_file() or path.name.endswith(PARTIAL_SUFFIXES):
            continue
        if now - path.stat().st_mtime < settle:
            continue
        found.append(path)
    return found


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_display_name(path.name)
    target, n = folder / name, 1
    while target.exists():
        stem, dot, ext = name.rpartition(".")
        target = folder / (f"{stem}-{n}.{ext}" if dot else f"{name}-{n}")
        n += 1
    shutil.move(str(path), target)
    return target


def scan_once(runtime, inbox: Path, settle: float = SETTLE_SECONDS,
              report: Callable[[Path, IntakeResult], None] | None = None) -> list[tuple[Path, IntakeResult]]:
    done = []
    for path in _candidates(inbox, settle):
        result = store_upload(runtime, path, path.name, source="watch")
        if result.error is not None and result.error.retryable:
            log.warning("%s: %s (left in the inbox for the next scan)", path, result.error.text)
            continue
        if result.error is not None:
            target = _move(path, inbox / REJECTED)
            target.with_name(target.name + ".reason.txt").write_text(
                f"{result.error.code}: {result.error.text}\n", encoding="utf-8")
        else:
            _move(path, inbox / PROCESSED)
        done.append((path, result))
        if report:
            report(path, result)
    return done


def watch(runtime, inbox: Path, interval: float = 2.0,
          report: Callable[[Path, IntakeResult], None] | None = None) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    while True:
        scan_once(runtime, inbox, report=report)
        time.sleep(interval)
