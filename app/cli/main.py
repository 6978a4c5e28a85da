"""Entry point of the ``lontar`` command: one group, one module per area.

Settings are loaded once here; a bad value stops with a message naming the variable
and exit status 2. Every foreseeable failure (a service that does not answer, a missing
file, a full disk, a value a domain service refuses) is said in one sentence by the one
handler below; ``lontar --debug ...`` shows the traceback instead.
"""
from __future__ import annotations

import sys

import click
import kombu.exceptions
import redis.exceptions
import sqlalchemy.exc
from elasticsearch import ApiError, TransportError

from app.runtime import Runtime
from app.services.i18n import Translatable
from config import SettingsError, load_settings
from ingest.errors import IngestError
from search.errors import SearchError

EXIT_FAILURE, EXIT_CONFIG, EXIT_INTERRUPTED = 1, 2, 130


def _database_message(exc: sqlalchemy.exc.DBAPIError) -> str:
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
    if "no such table" in detail or "does not exist" in detail and "relation" in detail:
        return f"The database has no Lontar schema (or an old one): run `lontar db upgrade` first ({detail})."
    return f"The database cannot be used: {detail}."


def _os_message(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    return f"Cannot use{where}: {exc.strerror or exc}."


# (exception types, a function giving the sentence); the first match wins.
FORESEEABLE = (
    ((sqlalchemy.exc.OperationalError, sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.InterfaceError),
     _database_message),
    ((redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, kombu.exceptions.OperationalError),
     lambda exc: f"The message broker (BROKER_URL) is not reachable: {exc}."),
    ((TransportError, ApiError), lambda exc: f"Elasticsearch (SEARCH_URL) cannot be used: {exc}."),
    ((SearchError, IngestError), lambda exc: f"{exc}"),
    ((Translatable,), lambda exc: f"{exc}"),  # domain refusals: their message is for people
    ((OSError,), _os_message),
)


def explain(exc: BaseException) -> str | None:
    """The one sentence for a foreseeable failure, or None."""
    for types, message in FORESEEABLE:
        if isinstance(exc, types):
            return message(exc)
    return None


class LontarGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"Configuration error: {exc}", err=True)
            sys.exit(EXIT_CONFIG)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            sentence = explain(exc)
            if sentence is None:
                sentence = (f"Unexpected error: {type(exc).__name__}: {exc} "
                            "(run `lontar --debug ...` to see the traceback).")
            click.echo(f"Error: {sentence}", err=True)
            sys.exit(EXIT_FAILURE)


@click.group(cls=LontarGroup)
@click.option("--debug", is_flag=True, envvar="LONTAR_DEBUG", help="Show the traceback of any error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Lontar: document management for government correspondence."""
    ctx.obj = LazyRuntime()


class LazyRuntime:
    """Loads settings on first use so that `lontar --help` works with a bad environment."""

    _runtime: Runtime | None = None

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            self._runtime = Runtime(load_settings())
        return self._runtime


pass_runtime = click.make_pass_decorator(LazyRuntime)


def _register() -> None:
    from app.cli import audit, corpus, db, demo, ingest, org, retention, run, search, users

    for module in (db, users, run, ingest, search, demo, audit, retention, org, corpus):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
