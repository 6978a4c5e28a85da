"""Issue 15 item 15: a CSV export streamed to a slow (or vanished) client holds no transaction:
while it is half read, after it is read to the end and after it is abandoned, other requests
that write to the database answer at once, on SQLite and on a real PostgreSQL."""
from __future__ import annotations

import time
from datetime import date

import pytest

from app.migrate import upgrade
from app.runtime import Runtime
from app.services import audit
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import make_document, make_org
from tests.web.conftest import logged_in_clients

ENTRIES = 1200          # two export batches (1000 entries each)
AT_ONCE = 5.0           # seconds; a request blocked by the export waited 30 s (busy_timeout) and failed


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request, tmp_path):
    extra = {"DATABASE_URL": request.getfixturevalue("postgres_url")} if request.param == "postgresql" else {}
    settings = make_settings(tmp_path / "data", **extra)
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        org = make_org(s)
        doc = make_document(s, ["Surat undangan"], nomor="005/1/2024", perihal="Undangan", unit_id=org.seksi_a1.id,
                            tanggal_surat=date(2024, 1, 2))
        for n in range(ENTRIES):
            audit.record(s, audit.Action.VIEWED, actor=org.users["staf"], document_id=doc.id, page=n)
        doc_id = doc.id
    app = create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    yield logged_in_clients(app), doc_id
    runtime.close()


def _writes_at_once(clients, doc_id) -> None:
    """A document view records an audit entry (a write) and a login reads and writes the user."""
    for client in (clients("staf"), clients("kasi")):
        started = time.monotonic()
        assert client.get(f"/documents/{doc_id}").status_code == 200
        assert time.monotonic() - started < AT_ONCE


def test_export_half_read_then_read_to_the_end(env):
    clients, doc_id = env
    response = clients("records").get("/retensi/audit?format=csv", buffered=False)
    assert response.status_code == 200
    stream = iter(response.response)
    head = [next(stream) for _ in range(1100)]          # into the second batch
    assert head[0].startswith(b"seq,at,actor_name")
    _writes_at_once(clients, doc_id)
    rest = list(stream)
    response.close()
    assert len(head) + len(rest) - 1 >= ENTRIES
    _writes_at_once(clients, doc_id)


def test_abandoned_exports_hold_nothing(env):
    clients, doc_id = env
    records = clients("records")
    for _ in range(12):                                  # more than the connection pool holds
        response = records.get("/retensi/audit?format=csv", buffered=False)
        next(iter(response.response))
        next(iter(response.response))
    _writes_at_once(clients, doc_id)
    full = records.get("/retensi/audit?format=csv").get_data(as_text=True)
    assert full.count("\n") >= ENTRIES
