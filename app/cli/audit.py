"""`lontar audit`: verify the hash chain, show and export the trail."""
from __future__ import annotations

import sys
from datetime import datetime

import click

from app.cli.main import LazyRuntime, pass_runtime
from app.services import audit, audit_chain, audit_verify
from app.services.localtime import format_compact


@click.group("audit")
def audit_group() -> None:
    """The append-only, tamper-evident audit trail."""


@audit_group.command("verify")
@pass_runtime
def verify(lazy: LazyRuntime) -> None:
    """Check the chain against the audit key and the anchors; exit 1 on any problem.

    Reports the first broken link, rows written without the key, and a truncated tail
    (an anchor recording more entries than the table holds, an emptied table).
    """
    settings = lazy.runtime.settings
    with lazy.runtime.session_scope() as session:
        report = audit_verify.verify_trail(session, settings)
    if report.ok:
        click.echo(f"audit trail intact: {report.checked} entries verified with the audit key, "
                   f"{report.anchors} anchors match")
        return
    first = report.problems[0]
    where = f" at entry {first.seq}" if first.seq is not None else ""
    click.echo(f"audit trail BROKEN{where}: {first.reason} ({report.checked} entries before it are intact)", err=True)
    for problem in report.problems[1:]:
        click.echo(f"  also: {problem.reason}", err=True)
    sys.exit(1)


@audit_group.command("anchor")
@pass_runtime
def anchor(lazy: LazyRuntime) -> None:
    """Write an anchor of the chain head now (e.g. from cron, or before a backup)."""
    settings = lazy.runtime.settings
    with lazy.runtime.session_scope() as session:
        count, head = audit_chain.head(session)
        key = audit_chain.session_key(session)
    audit_chain.write_anchor(settings, key, count, head, "manual")
    click.echo(f"anchored entry {count} ({head[:16]}) in {settings.audit_anchor_path}")


def _filter(action, actor, document, date_from, date_to) -> audit.AuditFilter:
    if action and action not in audit.actions():
        raise click.BadParameter(f"unknown action; one of: {', '.join(audit.actions())}", param_hint="--action")
    return audit.AuditFilter(action=action, actor=actor, document_id=document,
                             date_from=date_from, date_to=date_to)


FILTER_OPTIONS = [
    click.option("--action", help="Only this action (e.g. destroyed, classified)."),
    click.option("--actor", help="Only entries by this username (or 'system')."),
    click.option("--document", type=int, help="Only entries about this document id."),
    click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), help="From (UTC, inclusive)."),
    click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), help="Until (UTC, exclusive)."),
]


def filter_options(func):
    for option in reversed(FILTER_OPTIONS):
        func = option(func)
    return func


@audit_group.command("export")
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="CSV file (default: stdout).")
@pass_runtime
def export(lazy: LazyRuntime, action, actor, document, date_from, date_to, output) -> None:
    """Export entries as CSV in chain order, with their hashes (verifiable offline)."""
    flt = _filter(action, actor, document, date_from, date_to)
    lines = audit.iter_export(lazy.runtime.session_scope, flt)
    if output:
        count = -1  # the header row is not an entry
        with open(output, "w", encoding="utf-8", newline="") as fh:
            for line in lines:
                fh.write(line)
                count += 1
        click.echo(f"wrote {count} entries to {output}", err=True)
    else:
        for line in lines:
            click.echo(line, nl=False)


@audit_group.command("show")
@filter_options
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@pass_runtime
def show(lazy: LazyRuntime, action, actor, document, date_from, date_to, limit) -> None:
    """The newest matching entries, one a line."""
    flt = _filter(action, actor, document, date_from, date_to)
    tz = lazy.runtime.settings.timezone
    with lazy.runtime.session_scope() as session:
        total, rows = audit.query(session, flt, limit=limit)
        for e in rows:
            doc = f" doc={e.document_id}" if e.document_id else ""
            obj = f" {e.object_type}={e.object_id}" if e.object_type else ""
            click.echo(f"{e.seq:>7} {format_compact(e.at, tz)} {e.actor_name:<16} {e.action:<22}{doc}{obj} {e.details or ''}")
    click.echo(f"{len(rows)} of {total} matching entries", err=True)


COMMANDS = [audit_group]
