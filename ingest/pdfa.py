"""The optional PDF/A-2b archival copy of a done document (setting LONTAR_PDFA_COPY).

Ghostscript rewrites the searchable PDF (image and invisible text layer) as PDF/A-2b. It is
slow (26 s for a page whose OCR took 3.8 s, measured here), so it never runs on the way to
searchability: the Celery task ``lontar.make_pdfa`` makes it after the document is done. The
copy is written atomically beside the other derived files and can always be made again.
"""
from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from ingest import storage

log = logging.getLogger(__name__)

GS_TIMEOUT_SECONDS = 3600


class PdfaFailed(Exception):
    """Ghostscript could not make the copy (retried by the task)."""


def ghostscript_command(source: Path, target: Path) -> list[str]:
    return [
        "gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite",
        "-dPDFA=2", "-dPDFACompatibilityPolicy=1", "-sColorConversionStrategy=RGB",
        # Keep the scan as it is: no downsampling, no re-encoding of the JPEG page images.
        "-dAutoFilterColorImages=false", "-dAutoFilterGrayImages=false",
        "-dColorImageFilter=/DCTEncode", "-dGrayImageFilter=/DCTEncode",
        "-dDownsampleColorImages=false", "-dDownsampleGrayImages=false", "-dDownsampleMonoImages=false",
        "-dPassThroughJPEGImages=true",
        f"-sOutputFile={target}", str(source),
    ]


def make_pdfa_copy(runtime, document_id: int) -> Path | None:
    """Write ``storage.pdfa_path``; None when the document has no searchable PDF (not done, gone)."""
    from app.models import Document, DocumentStatus

    with runtime.session_scope() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status != DocumentStatus.DONE.value:
            return None
    source = storage.searchable_pdf_path(runtime.settings, document_id)
    if not source.is_file():
        return None
    target = storage.pdfa_path(runtime.settings, document_id)
    tmp = target.with_suffix(".part")
    try:
        done = subprocess.run(ghostscript_command(source, tmp), capture_output=True, timeout=GS_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        tmp.unlink(missing_ok=True)
        raise PdfaFailed(str(exc)) from exc
    if done.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise PdfaFailed(done.stderr.decode(errors="replace")[-300:] or f"gs exit {done.returncode}")
    os.replace(tmp, target)
    log.info("document %s: PDF/A copy written", document_id)
    return target
