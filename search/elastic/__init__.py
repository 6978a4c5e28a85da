"""The Elasticsearch engine (official client, same major as the server)."""
from search.elastic.backend import ElasticBackend

__all__ = ["ElasticBackend"]
