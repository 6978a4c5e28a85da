"""Entry point of the ``lontar`` command: one group, one module per area.

Settings are loaded once here; a bad value stops with a message naming the variable
and exit status 2.
"""
from __future__ import annotations

import sys

import click

from app.runtime import Runtime
from config import SettingsError, load_settings


class LontarGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            click.echo(f"Configuration error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=LontarGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
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
