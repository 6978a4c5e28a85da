"""Search benchmark: indexing throughput + peak memory, latency (Lontar layer vs raw engine), quality.

    lontar bench search --docs 10000 --engine both

Archive: corpus.archive.write_text_archive (text-only letters, ~20% with injected OCR errors;
their clean text is kept, so queries are typed from the true text). Access: latency queries
run as a unit-bound Terbatas user, so the access filter is always in the query. Facets are
computed where a screen asks for them: the "filter + facets" kind (the search page's first
request); snippets are highlighted for every kind. Latency is wall time; for the embedded
engine the process CPU time per query is reported too (the machine is shared: wall-time
tails include waiting for a core). Quality: bench/search_quality.py.
"""
from __future__ import annotations

import json
import random
import re
import resource
import shutil
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import psutil

from search import AccessContext, IndexDoc, SearchRequest
from search.text import tokens

SIFAT_LEVEL = {"biasa": 0, "terbatas": 1, "rahasia": 2, "sangat_rahasia": 3}
USER = AccessContext(user_id=1, clearance=1, unit_ids=[1, 2, 3], position_ids=[7])
WORD = re.compile(r"^[a-z]{5,}$")


# ---- the archive -----------------------------------------------------------------------------
def archive_path(out: Path, count: int, seed: int) -> Path:
    from corpus.archive import write_text_archive

    path = out / f"archive-{count}-s{seed}.jsonl"
    if not path.exists():
        write_text_archive(path, count, seed)
    return path


def records(path: Path) -> Iterator[dict]:
    from corpus.archive import read_text_archive

    yield from read_text_archive(path)


def to_doc(n: int, record: dict) -> IndexDoc:
    f = record["fields"]
    tanggal = date.fromisoformat(f["tanggal_surat"]) if f.get("tanggal_surat") else None
    return IndexDoc(
        id=n + 1, pages=record["pages"], nomor=f.get("nomor"), nomor_parts=f.get("nomor_parts"), tanggal=tanggal,
        perihal=f.get("perihal"), sender=f.get("sender"), addressee=f.get("addressee"), signer=f.get("signer_name"),
        classification_code=f.get("classification_code"), sifat=f.get("sifat") or "biasa",
        sifat_level=SIFAT_LEVEL.get(f.get("sifat") or "biasa", 0), urgensi=f.get("urgensi") or "biasa",
        unit_id=1 + n % 5, disposition_statuses=["selesai"] if n % 3 == 0 else [],
        assignee_position_ids=[7] if n % 97 == 0 else [], overdue=n % 11 == 0, year=tanggal.year if tanggal else None)


# ---- indexing --------------------------------------------------------------------------------
class PeakRss:
    """Samples this process's RSS every 50 ms."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        proc = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, proc.memory_info().rss)
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def index_archive(backend, path: Path) -> dict:
    with PeakRss() as rss:
        start = time.perf_counter()
        count = [0]

        def stream():
            for n, record in enumerate(records(path)):
                count[0] += 1
                yield to_doc(n, record)

        backend.rebuild(stream())
        seconds = time.perf_counter() - start
    return {"docs": count[0], "seconds": round(seconds, 1), "docs_per_s": round(count[0] / seconds),
            "peak_rss_mb": round(rss.peak / 2**20)}


# ---- the query mix ---------------------------------------------------------------------------
def query_mix(path: Path, per_kind: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    sample = [r for n, r in enumerate(records(path)) if n % 37 == 0]
    mix = {k: [] for k in ("one_word", "two_words", "phrase", "fuzzy_word", "filter_facets", "deep_page")}
    while min(len(v) for v in mix.values()) < per_kind:
        record = rng.choice(sample)
        every = tokens(" ".join(record.get("clean_pages") or record["pages"]))
        words = [w for w in every if WORD.match(w)]
        if len(words) < 8:
            continue
        i = rng.randrange(len(words) - 3)
        j = every.index(words[i])
        phrase = every[j:j + 3]              # three words as they stand in the letter
        if len(phrase) < 3 or not all(w.isalpha() for w in phrase):
            continue
        mix["one_word"].append(words[i])
        mix["two_words"].append(f"{words[i]} {words[i + 2]}")
        mix["phrase"].append('"' + " ".join(phrase) + '"')
        mix["fuzzy_word"].append(_misspelt(words[i], rng))
        city = tokens(record["fields"].get("sender") or "kota")[-1]
        mix["filter_facets"].append(f"{words[i]} dari:{city} tahun:2020..2025")
        mix["deep_page"].append(words[i])
    return {k: v[:per_kind] for k, v in mix.items()}


def _misspelt(word: str, rng: random.Random) -> str:
    """What OCR might have made of a correctly typed word: the query then needs fuzziness."""
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + rng.choice("aeiou0l1") + word[i + 1:]


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": round(pick(0.50), 2), "p95": round(pick(0.95), 2), "p99": round(pick(0.99), 2)}


def time_queries(run_one: Callable[[str, str], object], mix: dict[str, list[str]], cpu: bool = False) -> dict:
    """Wall-time percentiles per kind (and process CPU time percentiles when ``cpu``)."""
    per_kind, every, every_cpu = {}, [], []
    for kind, queries in mix.items():
        for text in queries[:5]:
            run_one(kind, text)                      # warm up
        samples, cpu_samples = [], []
        for text in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            run_one(kind, text)
            samples.append((time.perf_counter() - start) * 1000)
            cpu_samples.append((time.process_time() - start_cpu) * 1000)
        per_kind[kind] = percentiles(samples)
        if cpu:
            per_kind[kind]["cpu_p95"] = percentiles(cpu_samples)["p95"]
        every += samples
        every_cpu += cpu_samples
    per_kind["all"] = percentiles(every)
    if cpu:
        per_kind["all"]["cpu_p95"] = percentiles(every_cpu)["p95"]
    return per_kind


def lontar_runner(backend):
    def run_one(kind: str, text: str):
        page = 50 if kind == "deep_page" else 1
        return backend.search(SearchRequest(text, page=page, facets=kind == "filter_facets"), USER)
    return run_one


def raw_runner(backend):
    """The bare engine: the words of the query, top 10, no access filter, facets or highlights."""
    if backend.name == "embedded":
        index = backend._current()
        searcher = backend._searcher()

        def run_one(kind: str, text: str):
            words = " ".join(w for w in tokens(text.split(" dari:")[0]))
            query = index.parse_query(('"%s"' % words) if kind == "phrase" else words, ["words"],
                                      fuzzy_fields={"words": (True, 1, True)} if kind == "fuzzy_word" else None)
            hits = searcher.search(query, 10, offset=490 if kind == "deep_page" else 0).hits
            return [searcher.doc(addr) for _, addr in hits]
        return run_one

    def run_one(kind: str, text: str):
        words = " ".join(tokens(text.split(" dari:")[0]))
        query = {"match_phrase": {"words": words}} if kind == "phrase" else \
            {"match": {"words": {"query": words, **({"fuzziness": "AUTO"} if kind == "fuzzy_word" else {})}}}
        return backend.client.search(index=backend.alias, query=query, size=10,
                                     from_=490 if kind == "deep_page" else 0)
    return run_one


# ---- quality ---------------------------------------------------------------------------------
# ---- driver ----------------------------------------------------------------------------------
def open_engine(settings, engine: str, workdir: Path):
    if engine == "embedded":
        from search.embedded import EmbeddedBackend

        return EmbeddedBackend(workdir / "index-embedded")
    from search.elastic import ElasticBackend

    url = settings.search_url or "http://127.0.0.1:9200"
    return ElasticBackend(url, prefix=f"lontar-bench-{uuid.uuid4().hex[:6]}", shards=settings.search_shards)


def quality_set(out_dir: Path, path: Path, seed: int, echo) -> dict:
    """Known items: real OCR'd letters when cached on this machine, plus the archive's own
    letters with injected OCR errors (which exercise the loose phrase reading)."""
    from bench import search_quality as sq

    cache = Path(__file__).resolve().parent.parent / "var" / "bench" / "field_accuracy"
    letters = sq.ocr_letters(cache) if cache.is_dir() else []
    haystack = sum(1 for _ in records(path))
    injected = sq.archive_items(path, records, 400, haystack)
    if not letters:
        return {"source": "text archive, injected OCR errors", "docs": [], "items": injected, "injected": []}
    echo(f"quality: {len(letters)} rendered letters read by Tesseract (cache {cache})")
    docs = sq.ocr_index_docs(letters)
    stats: dict = {}
    items = sq.known_items(letters, docs, records(path), haystack, stats)
    return {"source": f"{len(letters)} rendered letters, real Tesseract OCR", "docs": docs, "items": items,
            "injected": injected, "phrase_windows": stats}


def run(settings, count: int, engines: str, queries: int, seed: int, out: str, echo=print) -> dict:
    from bench import search_quality as sq

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    echo(f"archive of {count} letters ...")
    path = archive_path(out_dir, count, seed)
    mix = query_mix(path, queries, seed)
    known = quality_set(out_dir, path, seed, echo)
    report = {"docs": count, "queries_per_kind": queries, "quality_source": known["source"],
              "phrase_windows": known.get("phrase_windows", {}), "engines": {}}
    for engine in (["embedded", "elastic"] if engines == "both" else [engines]):
        workdir = out_dir / f"work-{engine}-{count}"
        shutil.rmtree(workdir, ignore_errors=True)
        backend = open_engine(settings, engine, workdir)
        try:
            echo(f"[{engine}] indexing ...")
            result = {"indexing": index_archive(backend, path)}
            echo(f"[{engine}] {result['indexing']}")
            lontar = time_queries(lontar_runner(backend), mix, cpu=engine == "embedded")
            raw = time_queries(raw_runner(backend), mix, cpu=engine == "embedded")
            ratio = {k: round(lontar[k]["p95"] / max(raw[k]["p95"], 0.01), 1) for k in lontar}
            result["latency_ms"] = {"lontar": lontar, "raw": raw, "ratio_p95": ratio}
            echo(f"[{engine}] latency p95 Lontar/raw: {json.dumps(ratio)}")
            if known["docs"]:
                backend.index_documents(known["docs"])
                if engine == "elastic":
                    backend.client.indices.refresh(index=backend.alias)
            result["quality"] = {name: sq.quality(backend, known["items"], **flags)
                                 for name, flags in sq.CONFIGS.items()}
            result["quality_misses"] = sq.misses(backend, known["items"])
            if known["injected"]:
                result["quality_injected_errors"] = {name: sq.quality(backend, known["injected"], **flags)
                                                     for name, flags in sq.CONFIGS.items()}
            echo(f"[{engine}] quality {json.dumps(result['quality']['tolerant + stemming']['all'])}")
            report["engines"][engine] = result
        finally:
            if engine == "elastic":
                backend.delete_all()
            backend.close()
            shutil.rmtree(workdir, ignore_errors=True)
    report["max_rss_mb_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    (out_dir / f"search-bench-{count}.json").write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":  # python -m bench.search_bench 10000 both
    import sys

    from config import load_settings

    print(json.dumps(run(load_settings(), int(sys.argv[1]), sys.argv[2], 200, 7, "bench/out"), indent=2))
