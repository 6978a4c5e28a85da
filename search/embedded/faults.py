"""Tantivy's failures as the search package's errors (the boundary of the embedded engine).

Tantivy reports a damaged index as a ``ValueError`` ("An IO error occurred", "Data
corrupted", "Failed to open file ...") or, when it reads garbage, by panicking. A Rust
panic surfaces as pyo3's ``PanicException``, which derives from ``BaseException``: an
``except Exception`` anywhere above lets it through and it kills the request thread
(the empty page of issue 11). So every call into tantivy runs under ``engine_errors``,
which turns panics and damage into ``IndexDamaged`` and leaves only ordinary
``SearchError``s for callers to handle.
"""
from __future__ import annotations

import functools
import logging
import re
from contextlib import contextmanager
from typing import Iterator

from search.errors import IndexDamaged, QueryError, SearchError

log = logging.getLogger(__name__)

DAMAGED = "The search index is damaged ({detail}); rebuild it with `lontar reindex`."
_DAMAGE_WORDS = re.compile(r"IO error|corrupt|Failed to open|Failed to lookup|magic byte|deserializ|checksum",
                           re.IGNORECASE)


def is_panic(exc: BaseException) -> bool:
    """A Rust panic from tantivy (pyo3's PanicException has no importable name)."""
    return type(exc).__name__ == "PanicException"


def looks_damaged(exc: BaseException) -> bool:
    return _DAMAGE_WORDS.search(str(exc)) is not None


@contextmanager
def engine_errors(reading_query: bool = False) -> Iterator[None]:
    """Run tantivy calls; ``reading_query``: a ValueError that is not damage is the
    query's fault (QueryError), otherwise every ValueError means the index is damaged."""
    try:
        yield
    except SearchError:
        raise
    except ValueError as exc:
        if reading_query and not looks_damaged(exc):
            raise QueryError(f"This search could not be run ({exc}); try fewer or simpler words.") from None
        log.error("search index damaged: %s", exc)
        raise IndexDamaged(DAMAGED.format(detail=str(exc)[:200])) from None
    except BaseException as exc:
        if not is_panic(exc):
            raise                        # KeyboardInterrupt, SystemExit, ... are not ours to stop
        log.error("search engine panicked: %s", exc)
        raise IndexDamaged(DAMAGED.format(detail=f"engine failure: {str(exc)[:200]}")) from None


def guarded(reading_query: bool = False):
    """Decorator form of ``engine_errors`` for the backend's public methods."""
    def wrap(method):
        @functools.wraps(method)
        def inner(*args, **kwargs):
            with engine_errors(reading_query):
                return method(*args, **kwargs)
        return inner
    return wrap
