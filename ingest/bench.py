"""`lontar bench ingest`: Lontar's whole pipeline against raw Tesseract, same pages, one run.

1. Render letters from the corpus generator until there are N page images (PNG).
2. Raw Tesseract: ``tesseract page.png out -l <langs> txt`` with OMP_THREAD_LIMIT=1, one
   process per core, over all pages.
3. Lontar: intake (store + register) and processing (geometry, OCR, viewer images,
   searchable PDF, letter fields, saving pages) of the same pages, one document per letter
   (multi-page letters as one multi-page TIFF), ``jobs`` documents in parallel, in spawned
   worker processes like the Celery prefork pool.
Raw and Lontar runs alternate (raw, Lontar, raw, Lontar, ...) so that both see the same
machine load; the report gives the medians' ratio. Prints pages per minute for both, their
ratio, the peak memory of each worker process alone (its VmHWM, and polled) and, separately,
of the Tesseract processes (polled).
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


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def raw_tesseract(pages: list[Path], languages: str, jobs: int, out: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (of the Tesseract processes) for all pages."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), str(out / path.stem), "-l", languages, "txt"],
                       check=True, capture_output=True, env=env)

    started, cpu = time.monotonic(), _children_cpu()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, pages))
    return time.monotonic() - started, _children_cpu() - cpu


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


class PeakMemory:
    """Polls this process tree: peak RSS of the worker processes and, separately, of the
    Tesseract (or other) processes they start. Workers report their exact own peak too."""

    def __init__(self, interval: float = 0.1):
        import threading

        self.interval, self.workers, self.children = interval, 0.0, 0.0
        self.worker_pids: set[int] = set()
        self.phase: str | None = None   # while set, running Tesseract processes are counted
        self.busy: dict[str, list[int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self.interval):
            running = 0
            for proc in me.children(recursive=True):
                try:
                    running += proc.name() == "tesseract"
                    rss = proc.memory_info().rss / 2**20
                    if proc.pid in self.worker_pids:
                        self.workers = max(self.workers, rss)
                    elif proc.ppid() in self.worker_pids:
                        self.children = max(self.children, rss)
                except psutil.Error:
                    continue
            if self.phase:
                self.busy.setdefault(self.phase, []).append(running)

    def occupancy(self, phase: str, jobs: int) -> float:
        """Mean share of the OCR slots that had a Tesseract running (sampled)."""
        samples = self.busy.get(phase, [])
        return round(sum(samples) / len(samples) / jobs, 3) if samples else 0.0

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def lontar_pipeline(settings: Settings, files: list[Path], memory: PeakMemory) -> tuple[float, float, list]:
    """Intake and processing of ``files``, timed from the first byte stored to the last
    document done; the worker processes are started (as a running Celery worker would be)
    before the clock starts."""
    from app.migrate import upgrade
    from app.runtime import Runtime
    from ingest.batch import WorkerPool
    from ingest.intake import store_upload

    upgrade(settings)
    runtime = Runtime(settings)
    try:
        with WorkerPool(settings, len(files)) as pool:
            memory.worker_pids |= pool.pids
            memory.phase = "lontar"
            started, intake_cpu = time.monotonic(), time.thread_time()
            futures = []
            for path in files:  # each document starts as soon as it is stored, as an upload would
                result = store_upload(runtime, path, path.name, source="bench", enqueue=False)
                if not result.ok:
                    raise RuntimeError(f"benchmark file refused at intake: {path.name}: {result.message}")
                futures.append(pool.submit(result.document_id))
            outcomes = pool.collect(futures, indexer=runtime)
            own_cpu = time.thread_time() - intake_cpu  # intake and batched indexing, in this thread
            return time.monotonic() - started, own_cpu + pool.cpu_seconds(outcomes), outcomes
    finally:
        runtime.close()


def _load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def run_benchmark(settings: Settings, pages: int = 60, jobs: int | None = None, one_document: bool = False,
                  seed: int = 7, rounds: int = 2, echo: Callable[[str], None] = print) -> dict:
    """``rounds`` x (raw Tesseract, then Lontar) over the same pages, alternating so that both
    see the same load; pages per minute are the medians of the rounds."""
    from statistics import median

    jobs = jobs or settings.ocr_jobs
    raw_times, lontar_times, raw_cpu, lontar_cpu, outcomes = [], [], [], [], []
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="lontar-bench-") as tmp, PeakMemory() as memory:
        tmp = Path(tmp)
        (tmp / "files").mkdir()
        echo(f"Rendering {pages} pages from the corpus generator (seed {seed}) ...")
        letters = render_pages(tmp, pages, seed)
        if one_document:
            letters = [[p for letter in letters for p in letter]]
        all_pages = [p for letter in letters for p in letter]
        files = letter_files(letters, tmp / "files")
        for round_no in range(1, rounds + 1):
            raw_dir = tmp / f"raw{round_no}"
            raw_dir.mkdir()
            memory.phase = "raw"
            seconds, cpu = raw_tesseract(all_pages, settings.ocr_languages, jobs, raw_dir)
            memory.phase = None
            raw_times.append(seconds)
            raw_cpu.append(cpu)
            echo(f"round {round_no}: raw tesseract ({jobs} processes, OMP_THREAD_LIMIT=1) {raw_times[-1]:.1f} s")
            data = tmp / f"data{round_no}"
            data.mkdir()
            bench_settings = settings.with_overrides(data_dir=data, database_url=f"sqlite:///{data / 'lontar.sqlite'}",
                                                     ocr_jobs=jobs, search_url=None)
            seconds, cpu, done = lontar_pipeline(bench_settings, files, memory)
            memory.phase = None
            lontar_times.append(seconds)
            lontar_cpu.append(cpu)
            outcomes += done
            echo(f"round {round_no}: Lontar ({len(files)} documents, {jobs} OCR slots) {seconds:.1f} s")
    raw_ppm = len(all_pages) / median(raw_times) * 60
    lontar_ppm = len(all_pages) / median(lontar_times) * 60
    return {
        "pages": len(all_pages),
        "documents": len(files),
        "jobs": jobs,
        "rounds": rounds,
        "load_average_before": load_before,
        "load_average_after": _load(),
        "raw_tesseract_seconds": [round(t, 1) for t in raw_times],
        "lontar_seconds": [round(t, 1) for t in lontar_times],
        "raw_tesseract_pages_per_min": round(raw_ppm, 1),
        "lontar_pages_per_min": round(lontar_ppm, 1),
        "ratio": round(lontar_ppm / raw_ppm, 3),
        # CPU seconds over all pages: what the throughput would be with the cores to ourselves.
        "raw_tesseract_cpu_seconds": [round(c, 1) for c in raw_cpu],
        "lontar_cpu_seconds": [round(c, 1) for c in lontar_cpu],
        "cpu_ratio": round(median(raw_cpu) / median(lontar_cpu), 3),
        "tesseract_slot_occupancy": {"raw": memory.occupancy("raw", jobs), "lontar": memory.occupancy("lontar", jobs)},
        "documents_done": sum(o.status == "done" for o in outcomes),
        "documents_processed": len(outcomes),
        "worker_peak_rss_mb": round(max((o.peak_rss_mb for o in outcomes), default=0), 1),
        "worker_peak_rss_polled_mb": round(memory.workers, 1),
        "tesseract_peak_rss_polled_mb": round(memory.children, 1),
    }
