"""Peak memory and throughput of a full `lontar reindex` from the metadata database.

Fills a fresh database (its own data dir) with the text-only archive's letters through
SQLAlchemy Core bulk inserts (documents 'done', one row per page), then runs the real
command, `lontar reindex`, in a child process and samples its RSS every 50 ms.

    .venv/bin/python -m bench.search_reindex --docs 100000 --engine embedded
    .venv/bin/python -m bench.search_reindex --docs 100000 --engine elastic --reuse-db
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 2000


def fill_database(settings, archive: Path, count: int) -> int:
    """Bulk insert ``count`` letters of the archive; returns how many."""
    from sqlalchemy import create_engine, insert

    from app import migrate
    from app.models import Document, Page
    from bench.search_bench import records

    migrate.upgrade(settings)
    engine = create_engine(settings.database_url)
    now = datetime.now(timezone.utc)
    docs, pages, n = [], [], 0
    with engine.begin() as conn:
        for n, record in enumerate(records(archive), start=1):
            if n > count:
                n = count
                break
            docs.append(_document_row(n, record, now))
            pages.extend({"document_id": n, "number": i + 1, "text": text} for i, text in enumerate(record["pages"]))
            if len(docs) >= BATCH:
                conn.execute(insert(Document), docs)
                conn.execute(insert(Page), pages)
                docs, pages = [], []
        if docs:
            conn.execute(insert(Document), docs)
            conn.execute(insert(Page), pages)
    engine.dispose()
    return n


def _document_row(n: int, record: dict, now: datetime) -> dict:
    f = record["fields"]
    return {
        "id": n, "checksum": hashlib.sha256(f"{record['id']}".encode()).hexdigest(),
        "original_filename": f"{record['id']}.pdf", "mime_type": "application/pdf", "status": "done",
        "page_count": len(record["pages"]), "pages_done": len(record["pages"]), "index_state": "pending",
        "created_at": now, "updated_at": now, "processed_at": now,
        "nomor": f.get("nomor"), "nomor_parts": f.get("nomor_parts"),
        "tanggal_surat": date.fromisoformat(f["tanggal_surat"]) if f.get("tanggal_surat") else None,
        "perihal": f.get("perihal"), "sifat": f.get("sifat") or "biasa", "urgensi": f.get("urgensi") or "biasa",
        "sender": f.get("sender"), "addressee": f.get("addressee"), "signer_name": f.get("signer_name"),
        "signer_position": f.get("signer_position"), "classification_code": f.get("classification_code"),
        "field_meta": {}, "tembusan": f.get("tembusan"),
    }


def run_reindex(env: dict) -> dict:
    """`lontar reindex --restart` in a child process: seconds and peak RSS."""
    lontar = str(ROOT / ".venv" / "bin" / "lontar")
    start = time.perf_counter()
    child = subprocess.Popen([lontar, "reindex", "--restart"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    proc, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    output = child.stdout.read()
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"lontar reindex failed ({child.returncode}):\n{output[-2000:]}")
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak / 2**20), "last_line": output.strip().splitlines()[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--engine", choices=["embedded", "elastic"], default="embedded")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database filled by an earlier run")
    parser.add_argument("--es-url", default="http://127.0.0.1:9200")
    options = parser.parse_args(argv)

    from bench.search_bench import archive_path
    from config import load_settings

    data_dir = options.work / f"reindex-{options.docs}"
    env = dict(os.environ, LONTAR_DATA_DIR=str(data_dir))
    env.pop("DATABASE_URL", None)
    env.pop("SEARCH_URL", None)
    prefix = None
    if options.engine == "elastic":
        prefix = f"lontar-reindex-{uuid.uuid4().hex[:6]}"
        env.update(SEARCH_URL=options.es_url, SEARCH_INDEX_PREFIX=prefix)
    settings = load_settings(env, dotenv=False)
    database = data_dir / "lontar.sqlite"
    report = {"docs": options.docs, "engine": options.engine}
    if not (options.reuse_db and database.exists()):
        database.unlink(missing_ok=True)
        archive = archive_path(options.work, options.docs, options.seed)
        started = time.perf_counter()
        report["filled"] = fill_database(settings, archive, options.docs)
        report["fill_seconds"] = round(time.perf_counter() - started, 1)
    try:
        result = run_reindex(env)
    finally:
        if prefix:
            from search.elastic import ElasticBackend

            ElasticBackend(options.es_url, prefix=prefix).delete_all()
    report.update(result, docs_per_s=round(options.docs / result["seconds"]))
    print(json.dumps(report, indent=2))
    out = options.work / f"search-reindex-{options.docs}-{options.engine}.json"
    out.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
