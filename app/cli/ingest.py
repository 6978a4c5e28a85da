"""`lontar ingest`, `lontar watch`, `lontar bench ingest`; registers `lontar doc` (``app.cli.doc``)."""
from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from app.cli.doc import doc_group
from app.cli.main import main, pass_runtime
from ingest.errors import StorageFull, is_storage_full
from ingest.pipeline import WAITING_FOR_STORAGE


def _files(paths: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            raise click.BadParameter(f"{raw}: no such file or folder", param_hint="PATH")
    return found


def _progress(total: int, label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        disable=not sys.stderr.isatty(), transient=True, console=None)
    return progress, progress.add_task(label, total=total)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--wait", is_flag=True,
              help="Process here and now; print `id status file: reason` per file; exit 1 if any failed.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per file (id, file, status, reason) instead of text lines.")
@pass_runtime
def ingest_command(lazy, paths, wait, as_json):
    """Archive files or folders (recursive). Files already in the archive are skipped.

    Without --wait, documents are queued for the worker (`lontar run` or `lontar worker`).
    With --wait they are processed in this command, in parallel (OCR_JOBS processes), so
    it needs no running worker; a worker that later meets them finds them done.
    """
    try:
        with _one_line_logs():
            _ingest(lazy.runtime, _files(paths), wait, as_json)
    except Exception as exc:
        if not is_storage_full(exc):
            raise
        # One sentence, not a traceback: what is stored stays queued and is processed later.
        click.echo(StorageFull().text, err=True)
        sys.exit(1)


@contextmanager
def _one_line_logs():
    """Warnings from the layers below (index, OCR) as one line each on stderr, never a traceback:
    the per-file lines on stdout are what the clerk reads."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(_OneLine("%(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return (record.getMessage().splitlines() or [""])[0][:300]


def _ingest(runtime, files: list[Path], wait: bool, as_json: bool) -> None:
    from ingest.intake import store_upload

    runtime.engine  # noqa: B018 - the schema check first: a database not ready stops us before any file is stored
    rows: list[tuple[Path, object]] = []
    progress, task = _progress(len(files), "Storing")
    with progress:
        for path in files:
            result = store_upload(runtime, path, path.name, source="cli", enqueue=not wait)
            if isinstance(result.error, StorageFull):
                raise result.error  # every further file would fail the same way
            rows.append((path, result))
            progress.advance(task)
    if wait:
        sys.exit(_process_and_report(runtime, rows, as_json))
    for report in _reports(runtime, rows, processed=False):
        if as_json:
            click.echo(json.dumps(report, ensure_ascii=False))
        elif report["status"] == "failed":
            click.echo(_line(report))
    if not as_json:
        click.echo(f"{sum(r.ok for _, r in rows)} queued, "
                   f"{sum(r.duplicate_of is not None for _, r in rows)} already in the archive, "
                   f"{sum(r.error is not None for _, r in rows)} rejected.")


def _process_and_report(runtime, rows, as_json: bool = False) -> int:
    """Process the stored files here, print one line (or JSON object) per file; 1 if any is not done."""
    outcomes = _process(runtime, rows)
    reports = _reports(runtime, rows, processed=True)
    waiting = {o.document_id for o in outcomes if o.status == WAITING_FOR_STORAGE}
    for report in reports:
        if report["id"] in waiting and report["status"] != "done":
            report["reason"] = StorageFull().text  # the database may not have taken the reason
        click.echo(json.dumps(report, ensure_ascii=False) if as_json else _line(report))
    if waiting:
        click.echo(StorageFull().text, err=True)
    return 1 if any(r["status"] != "done" for r in reports) else 0


def _line(report: dict) -> str:
    """`id status file: reason`: a clerk who ingested 500 files sees which one failed and why."""
    line = f"{report['id'] or '-'} {report['status']} {report['file']}"
    return f"{line}: {report['reason']}" if report["reason"] else line


def _process(runtime, rows) -> list:
    from app.models import Document, DocumentStatus
    from ingest.batch import process_many

    ids = {r.document_id for _, r in rows if r.document_id is not None}
    with runtime.session_scope() as session:
        todo = [i for i in ids if session.get(Document, i).status in
                (DocumentStatus.QUEUED.value, DocumentStatus.PROCESSING.value)]
    progress, task = _progress(len(todo), "Processing")
    with progress:
        return process_many(runtime.settings, sorted(todo), on_done=lambda _outcome: progress.advance(task),
                            runtime=runtime)


def _reports(runtime, rows, processed: bool) -> list[dict]:
    """One dict per file: ``id``, ``file``, ``status``, ``reason`` and ``duplicate_of``."""
    from app.models import Document

    reports = []
    with runtime.session_scope() as session:
        for path, result in rows:
            report = {"id": result.document_id, "file": str(path), "status": "failed", "reason": "",
                      "duplicate_of": result.duplicate_of}
            if result.document_id is None:
                report["reason"] = result.error.text
            else:
                doc = session.get(Document, result.document_id)
                report["status"], report["reason"] = doc.status, doc.error_message or ""
                if result.duplicate_of is not None:
                    # Processed or not, the file is in the archive already: say as what.
                    note = f"already archived as document {doc.id}"
                    report["reason"] = f"{report['reason']} ({note})" if report["reason"] else note
                    report["status"] = doc.status if processed else "duplicate"
            reports.append(report)
    return reports


@click.command("watch")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="Take what is in the folder now, then stop.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between scans.")
@pass_runtime
def watch_command(lazy, directory, once, interval):
    """Watch a scanner's output folder: store each file, move it to processed/ or rejected/."""
    from ingest import watch

    def report(path, result):
        click.echo(f"{result.document_id or '-'} {path.name}: {result.message}")

    directory.mkdir(parents=True, exist_ok=True)
    if once:
        watch.scan_once(lazy.runtime, directory, settle=0.0, report=report)
        return
    click.echo(f"Watching {directory} (Ctrl+C to stop)")
    try:
        watch.watch(lazy.runtime, directory, interval=interval, report=report)
    except KeyboardInterrupt:
        pass


@click.command("ingest")
@click.option("--pages", default=60, show_default=True, help="Pages to OCR (both runs use the same ones).")
@click.option("--jobs", type=int, default=None, help="Parallel processes (default: OCR_JOBS).")
@click.option("--one-document", is_flag=True, help="All pages in one multi-page TIFF (memory of a long scan).")
@click.option("--seed", default=7, show_default=True)
@click.option("--rounds", default=2, show_default=True, type=click.IntRange(1, 9),
              help="Alternating raw/Lontar rounds; pages per minute are the medians.")
@pass_runtime
def bench_ingest(lazy, pages, jobs, one_document, seed, rounds):
    """Raw Tesseract (OMP_THREAD_LIMIT=1, one process per core) against Lontar's whole pipeline."""
    from ingest.bench import run_benchmark

    report = run_benchmark(lazy.runtime.settings, pages=pages, jobs=jobs, one_document=one_document, seed=seed,
                           rounds=rounds, echo=click.echo)
    click.echo(json.dumps(report, indent=2))


def _bench_group() -> click.Group:
    """The `bench` group is shared with other areas (search): reuse it if it exists."""
    group = main.commands.get("bench")
    if not isinstance(group, click.Group):
        group = click.Group("bench", help="Benchmarks (results go into BENCHMARKS.md).")
    group.add_command(bench_ingest)
    return group


COMMANDS = [ingest_command, watch_command, doc_group, _bench_group()]
