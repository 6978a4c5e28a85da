"""`lontar retention`: the classification scheme, the JRA and what is due."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy import select

from app.cli.main import LazyRuntime, pass_runtime
from app.models import User
from app.services import classification, retention, retention_lists
from app.services.classification import RetentionError


def _actor(session, username: str | None) -> User | None:
    if not username:
        return None
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise click.BadParameter(f"no user named {username!r}", param_hint="--as")
    return user


def _run(lazy: LazyRuntime, work):
    """Run ``work(session)`` in one transaction; a refusal becomes a message and exit 1."""
    try:
        with lazy.runtime.session_scope() as session:
            return work(session)
    except RetentionError as exc:
        click.echo(f"refused: {exc.message}", err=True)
        sys.exit(1)


as_option = click.option("--as", "username", help="Act as this user (recorded in the audit trail); default: system.")


@click.group("retention")
def retention_group() -> None:
    """Classification scheme, retention schedule (JRA) and records due."""


@retention_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reason", help="Why the schedule changes (recorded with every changed rule).")
@as_option
@pass_runtime
def import_file(lazy: LazyRuntime, file: Path, reason, username) -> None:
    """Import scheme nodes and rules from a YAML or CSV FILE (all or nothing)."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter("the file is not UTF-8 text", param_hint="FILE") from None
    counts = _run(lazy, lambda s: retention.import_schedule(s, _actor(s, username), text, file.name, reason))
    click.echo(f"imported {counts['nodes']} classification nodes and {counts['rules']} changed rules")


@retention_group.command("demo")
@pass_runtime
def demo(lazy: LazyRuntime) -> None:
    """Load the demo scheme (Permendagri 83/2022 top levels) and example rules."""
    counts = _run(lazy, retention.load_demo_schedule)
    click.echo(f"demo schedule: {counts['nodes']} nodes, {counts['rules']} rules added")


@retention_group.command("rules")
@pass_runtime
def rules(lazy: LazyRuntime) -> None:
    """The current rules of the schedule."""
    def work(session):
        for r in classification.current_rules(session):
            click.echo(f"{r.classification_code:<12} {r.active_years:>3} / {r.inactive_years:<3} {r.final_disposition:<16}"
                       f" {r.trigger:<16} v{r.version}  {r.series}")
    _run(lazy, work)


@retention_group.command("classify")
@click.argument("document_id", type=int)
@click.argument("code")
@as_option
@pass_runtime
def classify(lazy: LazyRuntime, document_id: int, code: str, username) -> None:
    """Set the classification code of a document."""
    row = _run(lazy, lambda s: retention.classify(s, _actor(s, username), document_id, code))
    click.echo(f"document {document_id}: {code}, active until {row.active_until or '-'}, "
               f"inactive until {row.inactive_until or '-'}, {row.final_disposition or 'no rule'}")


@retention_group.command("state")
@click.argument("document_id", type=int)
@pass_runtime
def state(lazy: LazyRuntime, document_id: int) -> None:
    """The retention state of a document as JSON."""
    click.echo(json.dumps(_run(lazy, lambda s: retention.state_for_document(s, document_id)), indent=2))


@retention_group.command("recompute")
@pass_runtime
def recompute(lazy: LazyRuntime) -> None:
    """Compute retention for documents that have none or whose code changed."""
    count = _run(lazy, retention.sync)
    click.echo(f"recomputed {count} documents")


@retention_group.command("due")
@click.argument("kind", required=False, type=click.Choice(retention_lists.KINDS))
@click.option("--code", help="Only this classification code and below.")
@click.option("--unit", help="Only this unit id.")
@click.option("--year", help="Only letters of this year.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True), help="Write the list as CSV.")
@pass_runtime
def due(lazy: LazyRuntime, kind, code, unit, year, csv_path) -> None:
    """Counts of every list, or one list (KIND), optionally as CSV."""
    def work(session):
        filters = retention_lists.Filters.parse(code, unit, year)
        if kind is None:
            for name, count in retention_lists.counts(session, filters=filters).items():
                click.echo(f"{name:<16} {count:>7}  {retention_lists.KIND_LABELS[name]}")
        elif csv_path:
            Path(csv_path).write_text(retention_lists.export_csv(session, kind, filters=filters), encoding="utf-8")
            click.echo(f"wrote {csv_path}")
        else:
            total, rows = retention_lists.list_due(session, kind, filters=filters, limit=100)
            for r in rows:
                click.echo(f"{r['document_id']:>7} {r['classification_code'] or '-':<12} {r['nomor'] or '-':<30} "
                           f"{r['inactive_until'] or '-'}  {r['perihal'] or ''}")
            click.echo(f"{len(rows)} of {total}", err=True)
    _run(lazy, work)


COMMANDS = [retention_group]
