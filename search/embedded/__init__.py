"""The embedded engine: tantivy under the data directory (no server)."""
from search.embedded.backend import EmbeddedBackend

__all__ = ["EmbeddedBackend"]
