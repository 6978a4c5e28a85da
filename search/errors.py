"""Errors the search package shows to people."""
from __future__ import annotations


class SearchError(Exception):
    """Base class: carries a message a person understands."""


class QueryError(SearchError):
    """The query cannot be read; ``str(exc)`` says why and how to fix it."""


class BackendUnavailable(SearchError):
    """The search engine cannot be reached (indexing waits and retries)."""


class IndexDamaged(SearchError):
    """The index cannot be read or written as it is (damaged files, a closed or missing
    Elasticsearch index, an engine crash): it must be rebuilt with ``lontar reindex``.

    Never a fault of the query: callers show "the index is damaged", not "bad query".
    """


class IndexBehind(BackendUnavailable):
    """Too many letters wait for their index update: searches are refused (fail closed)
    rather than answered from copies that may be out of date."""
