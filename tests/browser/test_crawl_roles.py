"""Every role's reachable pages on a seeded archive (rules, classified letters, a registration and
a disposition), in both languages: no 5xx, no empty page, no raw identifier. The journeys crawl
the people they involve; this covers the roles they do not (administrator, staff)."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

from app.migrate import upgrade
from app.runtime import Runtime
from app.services import disposition, indexing, registration, retention
from app.web.factory import create_app
from tests.browser.conftest import login
from tests.browser.crawl import assert_clean, crawl_roles
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document, make_org

pytestmark = [pytest.mark.browser]
ROLES = ("admin", "arsiparis", "kadis", "kabid_a", "staf", "records")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("crawl-roles") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    runtime.search.ensure_index()
    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        docs = [make_document(s, [f"Laporan bulanan sarana sekolah gugus {n}"], nomor=f"000.9.2/{n}/DISDIK/2020",
                              perihal=f"Laporan bulanan gugus {n}", sender="SD Negeri 1", tanggal_surat=date(2020, 1, 6),
                              unit_id=org.dinas.id, classification_code="000.9.2") for n in (1, 2)]
        for doc in docs:
            retention.recompute_document(s, doc)
        reg = registration.register(s, docs[0], org.users["arsiparis"], {
            "asal_surat": "SD Negeri 1", "nomor_surat": docs[0].nomor, "perihal": docs[0].perihal,
            "tanggal_surat": "2020-01-06", "sifat": "biasa", "urgensi": "biasa", "tujuan": org.kepala_dinas.id})
        disposition.dispose(s, org.users["kadis"], reg, [org.kabid_a.id], ["Untuk diketahui"], note="Mohon dicek")
        names = frozenset(org.users)
    indexing.reindex(runtime)
    app = create_app(settings, runtime=runtime, LOGIN_RATE_LIMIT="1000 per minute")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", names
    server.shutdown()
    runtime.close()


def test_every_role_reads_clean_pages_in_both_languages(served, chromium):
    base, names = served
    pages = {role: login(chromium, base, role, PASSWORD) for role in ROLES}
    assert_clean(crawl_roles(pages, base, allowed=names), "seeding an archive")
