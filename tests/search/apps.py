"""An app on either engine holding a few alike letters, indexed in one batch (as after
`lontar reindex` or a bulk ingest, so that an edit leaves a deleted copy in a shared segment)."""
from __future__ import annotations

import uuid
from datetime import date

import pytest

from app.migrate import upgrade
from app.runtime import Runtime
from app.services import indexing
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import make_document, make_org

TEXT = "Undangan rapat koordinasi anggaran pendidikan dasar tahun {n} di aula {room}"
ROOMS = ("anggrek", "bougenvil", "cempaka")          # one word only each letter holds


def engine_runtime(engine: str, data_dir, es_url: str) -> Runtime:
    """A migrated runtime on ``engine`` ("embedded" or "elastic", with an index prefix of its own)."""
    env = {}
    if engine == "elastic":
        env = {"SEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": f"lontar-test-{uuid.uuid4().hex[:10]}"}
    settings = make_settings(data_dir, **env)
    upgrade(settings)
    runtime = Runtime(settings)
    if engine == "elastic":
        runtime.search.refresh = "wait_for"
    runtime.search.ensure_index()
    return runtime


@pytest.fixture(params=["embedded", "elastic"])
def letters_app(request, tmp_path, es_url):
    runtime = engine_runtime(request.param, tmp_path / "data", es_url)
    settings = runtime.settings
    with runtime.session_scope() as s:
        org = make_org(s)
        ids = []
        for n in range(3):
            doc = make_document(s, [TEXT.format(n=n, room=ROOMS[n])], nomor=f"005/{n}/DISDIK/2024", perihal=f"Undangan rapat {n}",
                                sender="Dinas Kesehatan", tanggal_surat=date(2024, 3, 5), unit_id=org.bidang_b.id)
            ids.append(doc.id)
    indexing.reindex(runtime)                     # one batch, as after `lontar reindex` or a bulk ingest
    app = create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    yield app, runtime, ids
    if request.param == "elastic":
        runtime.search.delete_all()
    runtime.close()
