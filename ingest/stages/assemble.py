"""The searchable PDF: Tesseract's one-page PDFs and already-searchable original pages,
joined in order by qpdf (streams are copied, never re-encoded; few files open at once).
A one-page scan needs no joining: Tesseract's PDF is moved into place.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ingest.errors import InternalError, StorageFull, says_storage_full
from ingest.stages.page import PageResult

QPDF_OK = (0, 3)  # 3: succeeded with warnings


def searchable_pdf(original: Path, is_pdf: bool, results: list[PageResult], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    try:
        if is_pdf and all(r.pdf is None for r in results):
            shutil.copyfile(original, tmp)   # born-digital: the original already is searchable
        elif len(results) == 1 and results[0].pdf is not None:
            shutil.move(results[0].pdf, tmp)  # one scanned page: Tesseract's PDF is the document
        else:
            args = ["qpdf", "--empty", "--pages"]
            for r in sorted(results, key=lambda r: r.number):
                args += [str(r.pdf), "1"] if r.pdf is not None else [str(original), str(r.number)]
            args += ["--", str(tmp)]
            done = subprocess.run(args, capture_output=True)
            if done.returncode not in QPDF_OK and says_storage_full(done.stderr):
                raise StorageFull()
            if done.returncode not in QPDF_OK:
                raise InternalError(f"Joining the pages into one PDF failed: {done.stderr.decode(errors='replace')[-300:]}")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk or a failed join leaves no partial file behind
        raise
