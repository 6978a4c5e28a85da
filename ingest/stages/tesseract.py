"""Tesseract, called directly: one single-threaded process per page.

One call writes the page's text, word confidences (TSV) and a one-page PDF with the
invisible text layer over the page image. Orientation detection (``--psm 0``) costs about
half an OCR pass, so it runs only when a page looks sideways or its text reads badly.
(Measured on this machine: OCRmyPDF took 4.6 s for a page raw Tesseract read in 1.9 s,
mostly Ghostscript rasterising and OSD on every page.)
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import OcrEngineError, StorageFull, is_storage_full, says_storage_full

PAGE_TIMEOUT_SECONDS = 600
TESSERACT = os.environ.get("LONTAR_TESSERACT", "tesseract")  # another binary: fault injection in tests


def _env() -> dict[str, str]:
    # Tesseract's OpenMP threads make it ~5x slower per page on a busy 2-core machine:
    # one thread per process, parallel processes instead.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


@dataclass(frozen=True)
class OcrOutput:
    text: str
    confidence: float | None
    words: int
    pdf: Path
    tsv: str = ""  # word boxes (ingest.words parses them against the page's size)


def run_ocr(image: Path, out_base: Path, languages: str, page: int) -> OcrOutput:
    command = [TESSERACT, str(image), str(out_base), "-l", languages, "pdf", "txt", "tsv"]
    _run(command, page)
    tsv = out_base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace")
    confidence, words = _confidence(tsv)
    text = out_base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
    return OcrOutput(text.strip(), confidence, words, out_base.with_suffix(".pdf"), tsv)


def detect_rotation(image: Path, page: int) -> int:
    """Clockwise degrees (0, 90, 180, 270) that make the page upright; 0 when unsure."""
    try:
        result = subprocess.run([TESSERACT, str(image), "-", "--psm", "0"], capture_output=True,
                                env=_env(), timeout=PAGE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return 0
    out = result.stdout.decode("utf-8", "replace")
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if result.returncode != 0 or not rotate or not confidence or float(confidence.group(1)) < 2.0:
        return 0  # too little text to tell: leave the page as it is
    return int(rotate.group(1)) % 360


def _run(command: list[str], page: int) -> None:
    try:
        result = subprocess.run(command, capture_output=True, env=_env(), timeout=PAGE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise OcrEngineError(page=page) from exc
    except OSError as exc:  # tesseract missing or not executable
        raise (StorageFull() if is_storage_full(exc) else OcrEngineError(page=page)) from exc
    if result.returncode != 0 and says_storage_full(result.stderr):
        raise StorageFull()
    if result.returncode != 0:
        raise OcrEngineError(page=page, stderr=result.stderr.decode("utf-8", "replace")[-500:])


def _confidence(tsv: str) -> tuple[float | None, int]:
    confidences = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            try:
                confidences.append(float(cols[10]))
            except ValueError:
                continue
    if not confidences:
        return None, 0
    return sum(confidences) / len(confidences), len(confidences)
