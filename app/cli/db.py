"""`lontar db`: schema migrations."""
import sys

import click

from app import migrate
from app.cli.main import LazyRuntime, pass_runtime
from app.services import audit, audit_verify


@click.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@pass_runtime
def upgrade(lazy: LazyRuntime) -> None:
    """Apply every migration up to the newest, then key an audit chain written before the key."""
    migrate.upgrade(lazy.runtime.settings)
    click.echo("database is up to date")
    rekey_audit(lazy)


def rekey_audit(lazy: LazyRuntime) -> None:
    try:
        with lazy.runtime.session_scope() as session:
            done = audit.rekey_legacy_chain(session, lazy.runtime.settings)
    except audit_verify.RekeyRefused as exc:
        click.echo(f"audit trail NOT re-keyed: {exc}", err=True)
        sys.exit(1)
    if done is not None:
        click.echo(f"audit trail re-keyed: {done.count} entries (their sha256 head {done.legacy_head[:16]} is kept "
                   f"in the anchor file {lazy.runtime.settings.audit_anchor_path})")


COMMANDS = [db]
