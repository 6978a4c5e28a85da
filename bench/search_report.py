"""Markdown tables from the search benchmark's JSON results (for bench/SEARCH_RESULTS.md).

    .venv/bin/python -m bench.search_report bench/out/search-bench-10000.json bench/out/search-bench-100000.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

KINDS = ["one_word", "two_words", "phrase", "fuzzy_word", "filter_facets", "deep_page", "all"]


def indexing_table(reports: list[dict], reindex: dict[tuple[int, str], dict]) -> str:
    rows = ["| engine | letters | archive → index: docs/s | peak RSS | `lontar reindex` from the DB: docs/s | peak RSS |",
            "|---|---:|---:|---:|---:|---:|"]
    for report in reports:
        for engine, result in report["engines"].items():
            idx = result["indexing"]
            db = reindex.get((report["docs"], engine))
            db_cells = f"{db['docs_per_s']} | {db['peak_rss_mb']} MB" if db else "– | –"
            rows.append(f"| {engine} | {report['docs']:,} | {idx['docs_per_s']} | {idx['peak_rss_mb']} MB | {db_cells} |")
    return "\n".join(rows)


def latency_table(report: dict, engine: str) -> str:
    lat = report["engines"][engine]["latency_ms"]
    cpu = "cpu_p95" in lat["lontar"]["all"]
    head = "| query kind | Lontar p50 | p95 | p99 |" + (" CPU p95 |" if cpu else "") + " raw p50 | raw p95 | p95 ratio |"
    rows = [head, "|---" + "|---:" * (head.count("|") - 2) + "|"]
    for kind in KINDS:
        lo, raw = lat["lontar"][kind], lat["raw"][kind]
        cells = [kind, lo["p50"], lo["p95"], lo["p99"]] + ([lo["cpu_p95"]] if cpu else []) + \
            [raw["p50"], raw["p95"], f"{lat['ratio_p95'][kind]}×"]
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(rows)


def quality_table(quality: dict) -> str:
    configs = list(quality)
    kinds = list(quality[configs[0]])
    rows = ["| known item | n | " + " | ".join(f"{c}: R@1 / R@10 / MRR" for c in configs) + " |",
            "|---|---:|" + "---|" * len(configs)]
    for kind in kinds:
        n = quality[configs[0]][kind]["n"]
        if not n:
            continue
        cells = [f"{quality[c][kind]['recall@1']:.3f} / {quality[c][kind]['recall@10']:.3f} / {quality[c][kind]['mrr']:.3f}"
                 for c in configs]
        rows.append(f"| {kind} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(paths: list[str]) -> int:
    reports = [json.loads(Path(p).read_text()) for p in paths]
    reindex = {}
    for path in Path(paths[0]).parent.glob("search-reindex-*.json"):
        data = json.loads(path.read_text())
        reindex[(data["docs"], data["engine"])] = data
    print(indexing_table(reports, reindex))
    for report in reports:
        for engine in report["engines"]:
            print(f"\n#### {engine}, {report['docs']:,} letters: latency (ms)\n")
            print(latency_table(report, engine))
            print(f"\n#### {engine}, {report['docs']:,} letters: quality ({report.get('quality_source', '')})\n")
            print(quality_table(report["engines"][engine]["quality"]))
            injected = report["engines"][engine].get("quality_injected_errors")
            if injected:
                print(f"\n#### {engine}, {report['docs']:,} letters: quality (archive letters with injected OCR errors)\n")
                print(quality_table(injected))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
