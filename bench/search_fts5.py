"""SQLite FTS5 on the same archive and query mix, for the engine choice (raw engine, no Lontar layer).

    .venv/bin/python -m bench.search_fts5 --docs 10000

One FTS5 row per letter (normalised page text, perihal, sender) plus a plain table of the
filter/facet columns; bm25 ranking; the same access filter as the search benchmark's user.
FTS5 has no edit-distance matching: the "fuzzy_word" kind runs the misspelt word as typed
(its recall is what is lost), and the trigram tokenizer that could emulate it was not built
(it multiplies the index size). Facets are GROUP BY counts over the matching letters.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import PeakRss, archive_path, percentiles, query_mix, records, to_doc  # noqa: E402
from search.model import flat_fields  # noqa: E402
from search.text import normalise, tokens  # noqa: E402

UNITS, CLEARANCE, POSITION = (1, 2, 3), 1, 7
ACCESS = (f"(d.sifat_level <= {CLEARANCE} AND d.unit_id IN ({','.join(map(str, UNITS))}) "
          f"OR d.assignee = {POSITION})")


def build(path: Path, db: Path) -> tuple[sqlite3.Connection, dict]:
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    conn.executescript("""
        PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
        CREATE VIRTUAL TABLE fts USING fts5(body, perihal, sender, tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE d (id INTEGER PRIMARY KEY, sifat_level INT, unit_id INT, assignee INT, year INT,
                        class_top TEXT, sender TEXT, sifat TEXT, status TEXT, tanggal INT);
    """)
    count = 0
    with PeakRss() as rss:
        start = time.perf_counter()
        rows, facts = [], []
        for n, record in enumerate(records(path)):
            doc = to_doc(n, record)
            flat = flat_fields(doc)
            rows.append((doc.id, " ".join(normalise(p) for p in doc.pages), flat["perihal_tokens"], flat["sender_tokens"]))
            facts.append((doc.id, doc.sifat_level, doc.unit_id, (doc.assignee_position_ids or [0])[0], flat["year"],
                          flat["class_top"], flat["sender"], flat["sifat"], (flat["statuses"] or [""])[0], flat["tanggal"]))
            count += 1
            if len(rows) >= 2000:
                _flush(conn, rows, facts)
        _flush(conn, rows, facts)
        conn.commit()
        seconds = time.perf_counter() - start
    return conn, {"docs": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds),
                  "peak_rss_mb": round(rss.peak / 2**20), "db_mb": round(db.stat().st_size / 2**20)}


def _flush(conn, rows, facts):
    conn.executemany("INSERT INTO fts(rowid, body, perihal, sender) VALUES (?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO d VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
    rows.clear()
    facts.clear()


def fts_query(kind: str, text: str) -> tuple[str, bool]:
    """(MATCH expression, whether the year filter applies) for one query of the mix."""
    sender = None
    if kind == "filter_facets":
        text, rest = text.split(" dari:", 1)
        sender = tokens(rest.split()[0])[0]
    words = tokens(text)
    match = '"' + " ".join(words) + '"' if kind == "phrase" else " AND ".join(f'"{w}"' for w in words)
    if sender:
        match = f'({match}) AND sender : "{sender}"'
    return match, sender is not None


def run_one(conn: sqlite3.Connection, kind: str, text: str):
    match, by_year = fts_query(kind, text)
    where = f"fts MATCH ? AND {ACCESS}" + (" AND d.year BETWEEN 2020 AND 2025" if by_year else "")
    offset = 490 if kind == "deep_page" else 0
    sql = (f"SELECT d.id, bm25(fts) AS score FROM fts JOIN d ON d.id = fts.rowid WHERE {where} "
           f"ORDER BY score LIMIT 10 OFFSET {offset}")
    hits = conn.execute(sql, [match]).fetchall()
    total = conn.execute(f"SELECT count(*) FROM fts JOIN d ON d.id = fts.rowid WHERE {where}", [match]).fetchone()[0]
    if kind == "filter_facets":
        for column in ("year", "class_top", "sender", "sifat", "status"):
            conn.execute(f"SELECT d.{column}, count(*) FROM fts JOIN d ON d.id = fts.rowid WHERE {where} "
                         f"GROUP BY 1 ORDER BY 2 DESC LIMIT 10", [match]).fetchall()
    return hits, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    options = parser.parse_args(argv)
    path = archive_path(options.out, options.docs, options.seed)
    conn, indexing = build(path, options.out / f"fts5-{options.docs}.sqlite")
    mix = query_mix(path, options.queries, options.seed)
    per_kind, every = {}, []
    for kind, queries in mix.items():
        for text in queries[:5]:
            run_one(conn, kind, text)
        samples = []
        for text in queries:
            start = time.perf_counter()
            run_one(conn, kind, text)
            samples.append((time.perf_counter() - start) * 1000)
        per_kind[kind] = percentiles(samples)
        every += samples
    per_kind["all"] = percentiles(every)
    conn.close()
    (options.out / f"fts5-{options.docs}.sqlite").unlink(missing_ok=True)
    report = {"docs": options.docs, "indexing": indexing, "latency_ms": per_kind}
    print(json.dumps(report, indent=2))
    (options.out / f"search-fts5-{options.docs}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
