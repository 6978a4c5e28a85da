"""The outbox (``ingest.queue``): no queued document without a message that reaches a worker."""
from __future__ import annotations

from datetime import datetime, timezone

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text

from app.migrate import alembic_config, upgrade
from app.models import OutboxMessage
from ingest import queue
from ingest.intake import store_upload
from tests.ingest.conftest import new_runtime

UNREACHABLE_REDIS = "redis://127.0.0.1:9/11"


def _rows(runtime):
    with runtime.session_scope() as session:
        return [(r.document_id, r.task, r.due_at) for r in session.execute(select(OutboxMessage)).scalars()]


def test_an_upload_the_broker_refused_keeps_its_row_due_at_once(tmp_path, good_files):
    runtime = new_runtime(tmp_path / "data", BROKER_URL=UNREACHABLE_REDIS)
    try:
        before = datetime.now(timezone.utc)
        doc_id = store_upload(runtime, good_files["png"], "surat.png", source="web").document_id
        [(row_doc, task, due)] = _rows(runtime)
        assert (row_doc, task) == (doc_id, "lontar.process_document")
        assert due.replace(tzinfo=due.tzinfo or timezone.utc) <= datetime.now(timezone.utc)  # no grace: never sent
        assert due.replace(tzinfo=due.tzinfo or timezone.utc) >= before
        assert queue.send_due(runtime) == 0 and len(_rows(runtime)) == 1  # still down: kept
    finally:
        runtime.close()


def test_a_failed_intake_and_an_upload_for_later_processing(tmp_path, good_files, bad_files):
    runtime = new_runtime(tmp_path / "data", BROKER_URL=UNREACHABLE_REDIS)
    try:
        store_upload(runtime, bad_files["zip_as_pdf"], "arsip.pdf")
        assert _rows(runtime) == []  # failed at intake: nothing to process
        doc_id = store_upload(runtime, good_files["jpeg"], "s.jpg", enqueue=False).document_id
        [(row_doc, _task, due)] = _rows(runtime)  # `ingest --wait` processes it; if it dies first, the sweep will
        assert row_doc == doc_id and due.replace(tzinfo=due.tzinfo or timezone.utc) > datetime.now(timezone.utc)
    finally:
        runtime.close()


def test_documents_queued_before_the_outbox_existed_get_a_row(tmp_path):
    """Uploads stranded by an earlier version (queued, never on the broker) are queued again."""
    runtime = new_runtime(tmp_path / "data")
    settings = runtime.settings
    runtime.close()
    before_outbox = ScriptDirectory.from_config(alembic_config(settings)).get_revision("0003_outbox").down_revision
    command.downgrade(alembic_config(settings), before_outbox)

    engine = create_engine(settings.database_url)
    with engine.begin() as conn:
        for doc_id, status in ((1, "queued"), (2, "done"), (3, "queued")):
            conn.execute(text("INSERT INTO documents (id, checksum, original_filename, mime_type, size_bytes, status,"
                              " page_count, pages_done, attempts, index_state, has_searchable_pdf, source, created_at,"
                              " updated_at, sifat, urgensi, field_meta, vital, version) VALUES (:id, :c, 'x.png',"
                              " 'image/png', 1, :s, 1, 0, 0, 'pending', 0, 'web', CURRENT_TIMESTAMP,"
                              " CURRENT_TIMESTAMP, 'biasa', 'biasa', '{}', 0, 1)"),
                         {"id": doc_id, "c": f"{doc_id:064d}", "s": status})
    engine.dispose()
    upgrade(settings)
    runtime = new_runtime(tmp_path / "data")
    try:
        assert sorted(doc for doc, _task, _due in _rows(runtime)) == [1, 3]
    finally:
        runtime.close()
