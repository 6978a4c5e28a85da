"""Server time of the main pages with a large archive (a benchmark, not a test).

    .venv/bin/python bench/web_pages.py --docs 10000
    .venv/bin/python bench/web_pages.py --docs 100000

Loads the generator's text-only letters (corpus.archive; cached as
bench/out/archive-<N>-s7.jsonl) into a fresh SQLite database with SQLAlchemy Core bulk
inserts, builds the embedded search index through the search package's bulk rebuild,
then times ~200 requests per page through the Flask test client (in-process: the time is
the server's work, routing, access checks, queries, templates; no network). Each page is
timed for a unit-bound staf user (clearance Terbatas, one unit of five: the access filter
always bites) and an arsiparis (every unit). The loaded archive is kept under
bench/out/web-<N>/ and reused by the next run (--reload to rebuild it).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from app.models import Document, Page, Position, Sifat, Unit  # noqa: E402
from app.services.users import create_user  # noqa: E402
from search import IndexDoc  # noqa: E402

OUT = ROOT / "bench" / "out"
SEED = 7
PASSWORD = "bench-password-1"
UNITS = 5
BATCH = 2000
SIFAT_LEVEL = {s.value: s.level for s in Sifat}
WORD = re.compile(r"^[a-z]{5,}$")
START = datetime(2020, 1, 1, tzinfo=timezone.utc)  # upload time of the first letter; one a minute after


# ---- the archive -----------------------------------------------------------------------------
def archive_records(count: int) -> Iterator[dict]:
    from corpus.archive import read_text_archive, write_text_archive

    path = OUT / f"archive-{count}-s{SEED}.jsonl"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        write_text_archive(path, count, SEED)
    yield from read_text_archive(path)


def _tanggal(record: dict) -> date | None:
    raw = record["fields"].get("tanggal_surat")
    return date.fromisoformat(raw) if raw else None


def _unit_for(n: int, unit_ids: list[int]) -> int:
    return unit_ids[n % len(unit_ids)]


def document_row(n: int, record: dict, unit_ids: list[int], start: datetime) -> dict:
    f = record["fields"]
    checksum = hashlib.sha256(record["id"].encode()).hexdigest()
    return {
        "id": n + 1, "checksum": checksum, "original_filename": f"{record['id']}.pdf", "mime_type": "application/pdf",
        "size_bytes": 50_000, "status": "done", "page_count": len(record["pages"]), "pages_done": len(record["pages"]),
        "attempts": 1, "index_state": "indexed", "has_searchable_pdf": False, "unit_id": _unit_for(n, unit_ids),
        "source": "cli", "created_at": start + timedelta(minutes=n), "updated_at": start + timedelta(minutes=n),
        "nomor": f.get("nomor"), "nomor_parts": f.get("nomor_parts"), "tanggal_surat": _tanggal(record),
        "perihal": f.get("perihal"), "sifat": f.get("sifat") or "biasa", "urgensi": f.get("urgensi") or "biasa",
        "lampiran": f.get("lampiran"), "sender": f.get("sender"), "addressee": f.get("addressee"),
        "signer_name": f.get("signer_name"), "signer_position": f.get("signer_position"),
        "signer_nip": f.get("signer_nip"), "tembusan": f.get("tembusan"), "classification_code": f.get("classification_code"),
        "field_meta": {}, "vital": False, "version": 1,
    }


def index_doc(n: int, record: dict, unit_ids: list[int], start: datetime) -> IndexDoc:
    """What app.services.indexing.build_index_doc makes of the same row (no dispositions yet)."""
    f, tanggal = record["fields"], _tanggal(record)
    created = start + timedelta(minutes=n)
    return IndexDoc(
        id=n + 1, pages=record["pages"], nomor=f.get("nomor"), nomor_parts=f.get("nomor_parts"), tanggal=tanggal,
        perihal=f.get("perihal"), sender=f.get("sender"), addressee=f.get("addressee"),
        signer=" ".join(x for x in (f.get("signer_name"), f.get("signer_position")) if x) or None,
        classification_code=f.get("classification_code"), sifat=f.get("sifat") or "biasa",
        sifat_level=SIFAT_LEVEL.get(f.get("sifat") or "biasa", 0), urgensi=f.get("urgensi") or "biasa",
        unit_id=_unit_for(n, unit_ids), created_at=created, year=(tanggal or created).year)


# ---- loading ---------------------------------------------------------------------------------
def make_org(runtime) -> list[int]:
    """A dinas with five bidang; users: staf in bidang 1, arsiparis (all units). Returns the bidang ids."""
    with runtime.session_scope() as s:
        dinas = Unit(code="DINAS", name="Dinas Bench")
        s.add(dinas)
        s.flush()
        bidang = [Unit(code=f"B{i}", name=f"Bidang {i}", parent_id=dinas.id) for i in range(1, UNITS + 1)]
        s.add_all(bidang)
        s.flush()
        kepala = Position(name="Kepala Dinas", unit_id=dinas.id)
        s.add(kepala)
        s.flush()
        staf_pos = Position(name="Staf Bidang 1", unit_id=bidang[0].id, parent_id=kepala.id)
        s.add(staf_pos)
        s.flush()
        create_user(s, "staf", PASSWORD, "staf", position_id=staf_pos.id)
        create_user(s, "arsiparis", PASSWORD, "arsiparis", position_id=kepala.id)
        return [b.id for b in bidang]


def load_database(runtime, count: int, unit_ids: list[int], start: datetime) -> None:
    docs, pages = [], []

    def flush():
        with runtime.engine.begin() as conn:
            conn.execute(insert(Document.__table__), docs)
            if pages:
                conn.execute(insert(Page.__table__), pages)
        docs.clear()
        pages.clear()

    for n, record in enumerate(archive_records(count)):
        docs.append(document_row(n, record, unit_ids, start))
        pages.extend({"document_id": n + 1, "number": i + 1, "text": text, "confidence": 90.0, "rotated": 0}
                     for i, text in enumerate(record["pages"]))
        if len(docs) >= BATCH:
            flush()
    if docs:
        flush()


def load(data_dir: Path, count: int, reload: bool):
    from app.migrate import upgrade
    from app.runtime import Runtime
    from config import load_settings

    marker = data_dir / "loaded.json"
    if reload and data_dir.exists():
        import shutil

        shutil.rmtree(data_dir)
    settings = load_settings({"LONTAR_DATA_DIR": str(data_dir), "LONTAR_SECRET_KEY": "bench-secret-key-0123456789", "OCR_JOBS": "1"},
                             dotenv=False)
    runtime = Runtime(settings)
    if marker.exists():
        print(f"reusing the archive loaded in {data_dir}", flush=True)
        info = json.loads(marker.read_text())
        if not _index_answers(runtime):     # the index format changed since: rebuild the index only
            info["index_seconds"] = build_index(runtime, count, info["unit_ids"])
            marker.write_text(json.dumps(info))
        return runtime, info
    upgrade(settings)
    unit_ids = make_org(runtime)
    began = time.perf_counter()
    load_database(runtime, count, unit_ids, START)
    db_s = time.perf_counter() - began
    print(f"database: {count} letters in {db_s:.1f} s", flush=True)
    index_s = build_index(runtime, count, unit_ids)
    info = {"docs": count, "unit_ids": unit_ids, "db_seconds": round(db_s, 1), "index_seconds": index_s}
    marker.write_text(json.dumps(info))
    return runtime, info


def build_index(runtime, count: int, unit_ids: list[int]) -> float:
    """The search package's bulk path: a new versioned index, switched to when complete."""
    began = time.perf_counter()
    runtime.search.rebuild(index_doc(n, r, unit_ids, START) for n, r in enumerate(archive_records(count)))
    seconds = round(time.perf_counter() - began, 1)
    print(f"search index: {count} letters in {seconds} s", flush=True)
    return seconds


def _index_answers(runtime) -> bool:
    from search import AccessContext, SearchError, SearchRequest

    try:
        runtime.search.search(SearchRequest("surat", per_page=1, facets=False), AccessContext.system())
        return True
    except SearchError as exc:
        print(f"the search index does not answer ({exc})", flush=True)
        return False


# ---- the requests ----------------------------------------------------------------------------
def vocabulary(runtime, rng: random.Random, size: int = 300) -> tuple[list[str], list[str], list[str]]:
    """Words, senders and nomor values to type, sampled from the loaded letters."""
    with runtime.session_scope() as s:
        top = s.scalar(select(func.max(Document.id)))
        ids = [rng.randint(1, top) for _ in range(size)]
        rows = s.execute(select(Document.perihal, Document.sender, Document.nomor).where(Document.id.in_(ids))).all()
    words = sorted({w for perihal, _s, _n in rows for w in (perihal or "").lower().split() if WORD.match(w)})
    return words, sorted({r[1] for r in rows if r[1]}), sorted({r[2] for r in rows if r[2]})


def search_urls(rng: random.Random, words, senders, nomors, n: int) -> list[str]:
    from urllib.parse import urlencode

    def one():
        kind = rng.randrange(8)
        w = rng.choice(words)
        if kind == 0:
            return {"q": w}
        if kind == 1:
            return {"q": f"{w} {rng.choice(words)}"}
        if kind == 2:
            return {"q": f'"{rng.choice(senders).split()[0].lower()} {rng.choice(senders).split()[1].lower()}"'}
        if kind == 3:
            return {"q": w[:2] + ("x" if w[2] != "x" else "y") + w[3:]}          # needs fuzzy
        if kind == 4:
            return {"q": w, "sender": rng.choice(senders), "year": str(rng.randint(2019, 2024))}
        if kind == 5:
            return {"q": w, "sort": "date", "page": str(rng.randint(2, 20))}
        if kind == 6:
            return {"q": rng.choice(nomors)}
        return {"q": f"{w[:4]}*", "sifat": "biasa"}

    return ["/search/?" + urlencode(one()) for _ in range(n)]


def list_urls(rng: random.Random, senders, n: int, pages: int) -> list[str]:
    from urllib.parse import urlencode

    def one():
        kind = rng.randrange(6)
        if kind == 0:
            return {}
        if kind == 1:
            return {"page": str(rng.randint(2, 10))}
        if kind == 2:
            return {"page": str(rng.randint(1, pages)), "sort": rng.choice(["newest", "oldest", "date", "date_asc"])}
        if kind == 3:
            return {"sifat": "biasa", "sort": "date"}
        if kind == 4:
            return {"sender": rng.choice(senders).split()[-1]}
        year = rng.randint(2019, 2024)
        return {"date_from": f"{year}-01-01", "date_to": f"{year}-03-31"}

    return ["/documents/?" + urlencode(one()) for _ in range(n)]


def document_urls(runtime, rng: random.Random, username: str, n: int) -> list[str]:
    """Letters this user may read (an unreadable one would be a cheap 404)."""
    from app.models import User
    from app.services.access import context_for
    from app.web.documents.queries import readable_clause

    with runtime.session_scope() as s:
        user = s.scalar(select(User).where(User.username == username))
        ctx = context_for(s, user, True)
        top = s.scalar(select(func.max(Document.id)))
        ids = s.scalars(select(Document.id).where(readable_clause(ctx), Document.id.in_(
            [rng.randint(1, top) for _ in range(n * 8)]))).all()
    ids = list(ids)[:n]
    return [f"/documents/{i}" + (f"?page=1&q=surat" if k % 3 == 0 else "") for k, i in enumerate(ids)]


def login(app, username: str):
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"login of {username} failed"
    return client


def time_urls(client, urls: list[str], warmup: int = 5) -> dict:
    for url in urls[:warmup]:
        client.get(url)
    times, statuses = [], {}
    for url in urls:
        began = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - began) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            raise SystemExit(f"{url} answered {response.status_code}")
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"n": len(times), "p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(max(times), 1),
            "statuses": statuses}


TARGETS = {"search page": 200, "document list": 200, "document page": 100}


def run(count: int, requests: int, reload: bool) -> dict:
    from app.web.factory import create_app

    data_dir = OUT / f"web-{count}"
    runtime, info = load(data_dir, count, reload)
    app = create_app(runtime.settings, runtime=runtime, LOGIN_RATE_LIMIT="10000 per minute")
    rng = random.Random(SEED)
    words, senders, nomors = vocabulary(runtime, rng)
    results = {}
    for username in ("staf", "arsiparis"):
        client = login(app, username)
        results[("search page", username)] = time_urls(client, search_urls(rng, words, senders, nomors, requests))
        results[("document list", username)] = time_urls(client, list_urls(rng, senders, requests, count // 25 // 5))
        results[("document page", username)] = time_urls(client, document_urls(runtime, rng, username, requests))
    runtime.close()
    print(f"\n{count} letters, {requests} requests per row (Flask test client, in-process server time, ms)")
    print(f"{'page':<15} {'user':<10} {'n':>4} {'p50':>7} {'p95':>7} {'max':>7}  target p95  statuses")
    for (page, user), r in results.items():
        verdict = "ok" if r["p95"] <= TARGETS[page] else "SLOW"
        print(f"{page:<15} {user:<10} {r['n']:>4} {r['p50']:>7} {r['p95']:>7} {r['max']:>7}  <= {TARGETS[page]:<4} {verdict:<4}  {r['statuses']}")
    out = {"docs": count, "load": info, "results": [{"page": p, "user": u, **r} for (p, u), r in results.items()]}
    (OUT / f"web-pages-{count}.json").write_text(json.dumps(out, indent=2))
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="letters in the archive (default 10000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page and user")
    parser.add_argument("--reload", action="store_true", help="rebuild the database and index even if cached")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    run(args.docs, args.requests, args.reload)


if __name__ == "__main__":
    main()
