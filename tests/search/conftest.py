"""Both engines behind one parametrised fixture: every contract test runs on each.

Elasticsearch is the real node (``es_url``); each module gets its own index prefix and
removes its indices afterwards.
"""
from __future__ import annotations

import uuid

import pytest

from search.elastic import ElasticBackend
from search.embedded import EmbeddedBackend
from tests.search.corpus import letters

ENGINES = ["embedded", "elastic"]


def make_backend(engine: str, tmp_path_factory, es_url: str):
    if engine == "embedded":
        return EmbeddedBackend(tmp_path_factory.mktemp("index"))
    return ElasticBackend(es_url, prefix=f"lontar-test-{uuid.uuid4().hex[:10]}", refresh=True)


def dispose(backend) -> None:
    if isinstance(backend, ElasticBackend):
        backend.delete_all()
    backend.close()


@pytest.fixture(scope="module", params=ENGINES)
def loaded(request, tmp_path_factory, es_url):
    """A backend holding the contract corpus (read-only tests share it)."""
    backend = make_backend(request.param, tmp_path_factory, es_url)
    backend.ensure_index()
    backend.index_documents(letters())
    yield backend
    dispose(backend)


@pytest.fixture(params=ENGINES)
def fresh(request, tmp_path_factory, es_url):
    """An empty backend of its own (tests that write)."""
    backend = make_backend(request.param, tmp_path_factory, es_url)
    backend.ensure_index()
    yield backend
    dispose(backend)
