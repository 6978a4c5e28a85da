"""`lontar db`: schema migrations."""
import click

from app import migrate
from app.cli.main import LazyRuntime, pass_runtime


@click.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@pass_runtime
def upgrade(lazy: LazyRuntime) -> None:
    """Apply every migration up to the newest."""
    migrate.upgrade(lazy.runtime.settings)
    click.echo("database is up to date")


COMMANDS = [db]
