"""`lontar search`, `lontar reindex`, `lontar bench search`."""
from __future__ import annotations

import json
import sys

import click

from app.cli.main import main, pass_runtime


@click.command("search")
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--sort", type=click.Choice(["relevance", "date", "date_asc"]), default="relevance", show_default=True)
@pass_runtime
def search_command(lazy, query, as_json, limit, page, sort):
    """Search the archive as the system (every letter).

    Syntax: words, "exact phrase", OR, -exclude, prefix*, nomor: perihal: dari: kepada:
    klasifikasi: sifat: status: tahun:2024 tanggal:2024-01..2024-03
    """
    from search import AccessContext, QueryError, SearchError, SearchRequest

    text = " ".join(query)
    try:
        results = lazy.runtime.search.search(SearchRequest(text, sort=sort, page=page, per_page=limit),
                                             AccessContext.system())
    except QueryError as exc:
        click.echo(f"Query error: {exc}", err=True)
        sys.exit(2)
    except SearchError as exc:               # unreachable engine, damaged index (the text says what to do)
        click.echo(f"Search is not available: {exc}", err=True)
        sys.exit(1)
    for notice in results.notices:
        click.echo(notice, err=True)
    if as_json:
        click.echo(json.dumps(results.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{results.total} letter(s)")
    for hit in results.hits:
        click.echo(f"#{hit.doc_id}  score {hit.score:.2f}  {hit.nomor or '-'}  {hit.tanggal or '-'}  {hit.perihal or ''}")
        click.echo(f"    page {hit.page}: {_plain(hit.snippet)}")


def _plain(snippet: str) -> str:
    import html

    return html.unescape(snippet.replace("<mark>", "[").replace("</mark>", "]"))


@click.command("reindex")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(10, 10_000))
@click.option("--restart", is_flag=True, help="Ignore an interrupted rebuild and start a new one.")
@click.option("--pending", "pending_only", is_flag=True, help="Only retry documents waiting for the engine.")
@pass_runtime
def reindex_command(lazy, batch_size, restart, pending_only):
    """Rebuild the search index from the database, then switch to it atomically (resumable)."""
    from app.services import indexing
    from search import SearchError

    try:
        if pending_only:
            count = indexing.index_pending(lazy.runtime)
            click.echo(f"{count} waiting document(s) sent to the search engine.")
            return
        count = indexing.reindex(lazy.runtime, batch_size=batch_size, restart=restart, echo=click.echo)
    except SearchError as exc:
        click.echo(f"Search engine error: {exc} (run `lontar reindex` again to resume)", err=True)
        sys.exit(1)
    click.echo(f"Reindexed {count} document(s) into {lazy.runtime.search.name}.")


@click.command("search")
@click.option("--docs", "count", type=int, default=10_000, show_default=True, help="Letters in the archive (10000 or 100000).")
@click.option("--engine", type=click.Choice(["embedded", "elastic", "both"]), default="both", show_default=True)
@click.option("--queries", default=200, show_default=True, help="Timed queries per kind.")
@click.option("--seed", default=7, show_default=True)
@click.option("--out", default="bench/out", show_default=True, type=click.Path())
@pass_runtime
def bench_search(lazy, count, engine, queries, seed, out):
    """Indexing throughput, latency (Lontar layer vs raw engine) and quality."""
    from bench.search_bench import run

    report = run(lazy.runtime.settings, count=count, engines=engine, queries=queries, seed=seed, out=out,
                 echo=click.echo)
    click.echo(json.dumps(report, indent=2))


def _bench_group() -> click.Group:
    """The `bench` group is shared with other areas (ingest): reuse it if it exists."""
    group = main.commands.get("bench")
    if not isinstance(group, click.Group):
        # Area modules are imported before any is registered: look for ingest's group too.
        try:
            from app.cli import ingest

            group = next((c for c in ingest.COMMANDS if isinstance(c, click.Group) and c.name == "bench"), None)
        except ImportError:
            group = None
    if not isinstance(group, click.Group):
        group = click.Group("bench", help="Benchmarks (results go into BENCHMARKS.md).")
    group.add_command(bench_search)
    return group


COMMANDS = [search_command, reindex_command, _bench_group()]
