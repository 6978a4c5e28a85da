"""The one interface both search engines implement."""
from __future__ import annotations

from typing import Callable, Iterable, Protocol, runtime_checkable

from search.access import AccessContext
from search.model import IndexDoc, SearchRequest, SearchResults

# Called after each committed rebuild batch with (target index name, last document id):
# the caller stores it so an interrupted rebuild can resume.
Progress = Callable[[str, int], None]


@runtime_checkable
class SearchBackend(Protocol):
    name: str

    def ensure_index(self) -> None:
        """Create the current versioned index (and alias/pointer) when missing."""

    def index_documents(self, docs: Iterable[IndexDoc]) -> int:
        """Add or replace whole documents in bulk; returns how many."""

    def update_fields(self, doc_id: int, fields: dict) -> bool:
        """Change letter fields / disposition state without re-sending text; False if absent."""

    def delete(self, doc_id: int) -> None:
        """Remove a document (no error when absent)."""

    def make_visible(self) -> None:
        """Return once every write made so far is what searches see (Elasticsearch shows
        writes only after a refresh; the indexing service waits before calling them done)."""

    def search(self, req: SearchRequest, ctx: AccessContext) -> SearchResults:
        """Hits, total and facets, all under the access filter. Raises QueryError only."""

    def suggest(self, prefix: str, ctx: AccessContext, limit: int = 8) -> list[str]:
        """Words and senders starting with ``prefix``, from letters ``ctx`` may read."""

    def similar(self, doc_id: int, ctx: AccessContext, limit: int = 5) -> list:
        """Hits for letters like ``doc_id``, under the access filter."""

    def ping(self) -> bool:
        """True when the engine answers."""

    def rebuild(self, docs: Iterable[IndexDoc], resume: str | None = None, progress: Progress | None = None) -> str:
        """Build a new versioned index (or continue ``resume``), then switch to it atomically."""

    def close(self) -> None:
        """Release connections, writers, locks."""
