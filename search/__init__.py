"""Full-text search of letters: one interface, two engines (tantivy embedded, Elasticsearch).

Public face::

    backend = open_backend(settings)            # lazy: nothing connects until first use
    results = backend.search(SearchRequest("rapat koordinasi"), ctx)

Bump ``SCHEMA_VERSION`` whenever what is indexed changes: a rebuild (``lontar reindex``)
then builds a new versioned index and switches to it.
"""
from __future__ import annotations

from search.access import AccessContext
from search.errors import BackendUnavailable, IndexDamaged, QueryError, SearchError
from search.model import Hit, IndexDoc, SearchRequest, SearchResults
from search.protocol import SearchBackend
from search.query import SYNTAX_HELP

SCHEMA_VERSION = 3   # 3: access_level and reader_id (the fail-closed access rule)

__all__ = [
    "AccessContext", "BackendUnavailable", "Hit", "IndexDamaged", "IndexDoc", "QueryError", "SCHEMA_VERSION", "SYNTAX_HELP",
    "SearchBackend", "SearchError", "SearchRequest", "SearchResults", "open_backend",
]


def open_backend(settings) -> SearchBackend:
    """Tantivy under ``settings.index_dir`` when no SEARCH_URL is set, else Elasticsearch."""
    if settings.search_url is None:
        from search.embedded import EmbeddedBackend

        return EmbeddedBackend(settings.index_dir)
    from search.elastic import ElasticBackend

    return ElasticBackend(
        settings.search_url,
        prefix=settings.search_index_prefix,
        shards=settings.search_shards,
        replicas=settings.search_replicas,
    )
