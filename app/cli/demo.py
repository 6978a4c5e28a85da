"""`lontar demo`: a sample archive of scanned letters, served with a worker."""
from __future__ import annotations

import sys

import click

from app.cli.main import pass_runtime


@click.command("demo")
@click.option("--count", default=12, show_default=True, help="Sample letters to generate and ingest.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--serve/--no-serve", default=True, help="Start the web UI and a worker afterwards.")
@pass_runtime
def demo_command(lazy, count, host, port, serve):
    """Build the demo office and its sample archive, then serve it."""
    from app import migrate
    from app.cli.ingest import _process_and_report
    from app.services.demo import ACCOUNTS, DEMO_PASSWORD, demo_secret_key, render_sample_letters, seed_office
    from ingest.intake import store_upload

    runtime = lazy.runtime
    migrate.upgrade(runtime.settings)
    with runtime.session_scope() as session:
        unit_id = seed_office(session).id
    letters_dir = runtime.settings.data_dir / "demo-letters"
    click.echo(f"Generating {count} sample scanned letters in {letters_dir} ...")
    paths = render_sample_letters(letters_dir, count)
    click.echo("Ingesting (OCR) ...")
    rows = [(p, store_upload(runtime, p, p.name, unit_id=unit_id, source="cli", enqueue=False)) for p in paths]
    if _process_and_report(runtime, rows) != 0:
        click.echo("Some sample letters failed; see the lines above.", err=True)
    click.echo("\nDemo accounts (password for all: %s):" % DEMO_PASSWORD)
    for account in ACCOUNTS:
        click.echo(f"  {account.username:<12} {account.role:<16} {account.position or ''}")
    if not serve:
        return
    from app.cli.run import serve as serve_web

    settings = runtime.settings.with_overrides(secret_key=demo_secret_key(runtime.settings))
    sys.stdout.flush()
    sys.exit(serve_web(settings, host, port, with_worker=True))


COMMANDS = [demo_command]
