"""The process-wide handles built from one Settings: database, search backend.

Built explicitly (by the CLI, the app factory, the Celery worker), never at import.
"""
from __future__ import annotations

import logging
from functools import cached_property

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory, session_scope
from app.migrate import ensure_schema
from config import Settings


class Runtime:
    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def engine(self) -> Engine:
        """The database, its schema checked first: the embedded SQLite one migrates itself,
        a server database with a missing or old schema raises ``migrate.SchemaNotReady``."""
        engine = make_engine(self.settings)
        try:
            ensure_schema(self.settings, engine)
        except BaseException:
            engine.dispose()
            raise
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        from app.services import audit_chain, indexing, localtime

        factory = make_session_factory(self.engine)
        # The audit key (outside the database) and anchors of the chain head after commits.
        audit_chain.install(factory, self.settings)
        localtime.install(factory, self.settings.timezone)
        # Index changes recorded in a transaction reach the search engine after its commit.
        indexing.install(factory, lambda: self.search, dirty_dir=self.settings.index_dir)
        _key_legacy_audit_chain(factory, self.settings)
        return factory

    def session_scope(self):
        return session_scope(self.sessions)

    @cached_property
    def search(self):
        """The configured search backend (embedded or Elasticsearch)."""
        from search import open_backend

        return open_backend(self.settings)

    def close(self) -> None:
        if "search" in self.__dict__:
            self.search.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


def _key_legacy_audit_chain(factory: sessionmaker[Session], settings: Settings) -> None:
    """The embedded database migrates itself (``ensure_schema``): a chain an older release wrote
    with plain sha256 is keyed then too, before any new entry joins it (``lontar db upgrade``
    does the same for server databases)."""
    from app.services import audit, audit_verify

    try:
        with session_scope(factory) as session:
            audit.rekey_legacy_chain(session, settings)
    except audit_verify.RekeyRefused as exc:  # `lontar audit verify` reports it; the office keeps working
        logging.getLogger(__name__).error("audit trail not re-keyed: %s", exc)
