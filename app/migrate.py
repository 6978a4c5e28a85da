"""Schema migrations through Alembic, called from the CLI, test fixtures and ``Runtime``.

``ensure_schema`` is what every command that opens the database meets first: the embedded
default (SQLite) brings its own schema up to date, so a never-used data dir just works; a
server database (PostgreSQL) is shared by several processes and machines and is migrated
deliberately, with ``lontar db upgrade``: a missing or old schema stops the command with
one sentence saying so.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from config import Settings, SettingsError

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaNotReady(SettingsError):
    """The database's schema is missing, older or newer than this version of Lontar.

    A ``SettingsError`` (the CLI prints it as one line, exit 2) that names neither the
    database URL nor its password.
    """

    def __init__(self, message: str):
        self.variable, self.value = "DATABASE_URL", None
        ValueError.__init__(self, message)


def alembic_config(settings: Settings) -> Config:
    cfg = Config(str(MIGRATIONS / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return cfg


def upgrade(settings: Settings, revision: str = "head") -> None:
    command.upgrade(alembic_config(settings), revision)


def check(settings: Settings) -> None:
    """Raise if the models differ from what the migrations create."""
    command.check(alembic_config(settings))


PROBLEMS = {
    "missing": "The database has no Lontar tables yet: run `lontar db upgrade` first.",
    "old": "The database schema is older than this version of Lontar: run `lontar db upgrade` first.",
    "newer": ("The database schema is newer than this version of Lontar (a newer version upgraded it): "
              "install that version, or point DATABASE_URL at another database."),
}


def schema_state(settings: Settings, engine: Engine) -> str:
    """``current``, ``missing`` (no tables), ``old`` (migrations to apply) or ``newer`` (unknown revision)."""
    scripts = ScriptDirectory.from_config(alembic_config(settings))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == set(scripts.get_heads()):
        return "current"
    if not current:
        return "missing"
    return "old" if all(_known(scripts, rev) for rev in current) else "newer"


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown revision
        return False


def ensure_schema(settings: Settings, engine: Engine) -> None:
    """Make the schema usable or say why not (``SchemaNotReady``)."""
    state = schema_state(settings, engine)
    if state == "current":
        return
    if not settings.database_url.startswith("sqlite") or state == "newer":
        raise SchemaNotReady(PROBLEMS[state])
    # Several processes may open a new data dir at once (web, worker, `ingest --wait`'s pool):
    # one migrates, the others wait for it and then find the schema current.
    with _schema_lock(settings):
        if schema_state(settings, engine) != "current":
            upgrade(settings)


@contextmanager
def _schema_lock(settings: Settings) -> Iterator[None]:
    path = settings.tmp_dir / "schema.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock
