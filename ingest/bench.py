"""`lontar bench ingest`: Lontar's whole pipeline against raw Tesseract, same pages, one run.

1. Render letters from the corpus generator until there are N page images (PNG).
2. Raw Tesseract: ``tesseract page.png out -l <langs> txt`` with OMP_THREAD_LIMIT=1, one
   process per core, over all pages.
3. Lontar: intake (store + register) and processing (geometry, OCR, viewer images,
   searchable PDF, letter fields, saving pages) of the same pages, one document per letter
   (multi-page letters as one multi-page TIFF), ``jobs`` documents in parallel, in spawned
   worker processes like the Celery prefork pool.
Prints pages per minute for both, their ratio, and the peak memory of the worker processes.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from config import Settings


def render_pages(out: Path, pages: int, seed: int) -> list[list[Path]]:
    """Letters as lists of page images; exactly ``pages`` images in all."""
    import corpus

    letters, total, index = [], 0, 0
    while total < pages:
        images = corpus.page_images(corpus.generate_letter(seed=seed, index=index))[: pages - total]
        paths = []
        for number, image in enumerate(images, start=1):
            path = out / f"letter{index:04d}-p{number}.png"
            image.save(path, dpi=image.info.get("dpi", (300, 300)))
            paths.append(path)
        letters.append(paths)
        total += len(paths)
        index += 1
    return letters


def raw_tesseract(pages: list[Path], languages: str, jobs: int, out: Path) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), str(out / path.stem), "-l", languages, "txt"],
                       check=True, capture_output=True, env=env)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, pages))
    return time.monotonic() - started


def letter_files(letters: list[list[Path]], out: Path) -> list[Path]:
    from PIL import Image

    files = []
    for paths in letters:
        if len(paths) == 1:
            files.append(paths[0])
            continue
        images = [Image.open(p) for p in paths]
        target = out / (paths[0].stem.rsplit("-", 1)[0] + ".tiff")
        # JPEG inside TIFF, as scanners write it: a 50-page deflate TIFF of noisy 300-dpi pages
        # would exceed LONTAR_MAX_UPLOAD_MB and be rejected at intake.
        images[0].save(target, save_all=True, append_images=images[1:], compression="jpeg", quality=90,
                       dpi=images[0].info.get("dpi", (300, 300)))
        files.append(target)
    return files


def lontar_pipeline(settings: Settings, files: list[Path]) -> tuple[float, list]:
    from app.migrate import upgrade
    from app.runtime import Runtime
    from ingest.batch import process_many
    from ingest.intake import store_upload

    upgrade(settings)
    runtime = Runtime(settings)
    try:
        started = time.monotonic()
        results = [store_upload(runtime, f, f.name, source="bench", enqueue=False) for f in files]
        refused = [f"{f.name}: {r.message}" for f, r in zip(files, results) if not r.ok]
        if refused:
            raise RuntimeError("benchmark files refused at intake: " + "; ".join(refused))
        ids = [r.document_id for r in results]
        outcomes = process_many(settings, ids)
        return time.monotonic() - started, outcomes
    finally:
        runtime.close()


def run_benchmark(settings: Settings, pages: int = 60, jobs: int | None = None, one_document: bool = False,
                  seed: int = 7, echo: Callable[[str], None] = print) -> dict:
    jobs = jobs or settings.ocr_jobs
    with tempfile.TemporaryDirectory(prefix="lontar-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "raw").mkdir()
        (tmp / "files").mkdir()
        echo(f"Rendering {pages} pages from the corpus generator (seed {seed}) ...")
        letters = render_pages(tmp, pages, seed)
        if one_document:
            letters = [[p for letter in letters for p in letter]]
        all_pages = [p for letter in letters for p in letter]
        echo(f"Raw tesseract, {jobs} processes, OMP_THREAD_LIMIT=1 ...")
        raw_seconds = raw_tesseract(all_pages, settings.ocr_languages, jobs, tmp / "raw")
        files = letter_files(letters, tmp / "files")
        echo(f"Lontar pipeline, {len(files)} documents, {jobs} worker processes ...")
        bench_settings = settings.with_overrides(data_dir=tmp / "data", database_url=f"sqlite:///{tmp / 'data' / 'lontar.sqlite'}",
                                                 ocr_jobs=jobs, search_url=None)
        bench_settings.data_dir.mkdir()
        lontar_seconds, outcomes = lontar_pipeline(bench_settings, files)
    raw_ppm = len(all_pages) / raw_seconds * 60
    lontar_ppm = len(all_pages) / lontar_seconds * 60
    return {
        "pages": len(all_pages),
        "documents": len(files),
        "jobs": jobs,
        "raw_tesseract_seconds": round(raw_seconds, 1),
        "raw_tesseract_pages_per_min": round(raw_ppm, 1),
        "lontar_seconds": round(lontar_seconds, 1),
        "lontar_pages_per_min": round(lontar_ppm, 1),
        "ratio": round(lontar_ppm / raw_ppm, 3),
        "documents_done": sum(o.status == "done" for o in outcomes),
        "worker_peak_rss_mb": round(max((o.peak_rss_mb for o in outcomes), default=0), 1),
        "tesseract_peak_rss_mb": round(max((o.peak_child_rss_mb for o in outcomes), default=0), 1),
    }
