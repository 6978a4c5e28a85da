"""`lontar ingest --wait`, re-runs, `lontar doc --json`, `lontar watch --once`; the documents service."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from app.cli.main import main
from app.models import AuditEntry, Document
from app.services.documents import InvalidField, StaleVersion, discard_upload, edit_fields
from tests.conftest import make_settings
from tests.ingest.conftest import LIMITS


@pytest.fixture
def cli(tmp_path, monkeypatch):
    env = {"LONTAR_DATA_DIR": str(tmp_path / "data"), "OCR_JOBS": "2", "LONTAR_SECRET_KEY": "t", **LIMITS}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SEARCH_URL", raising=False)
    monkeypatch.delenv("BROKER_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    return runner


def test_ingest_wait_reports_each_file_and_rerun_skips(cli, tmp_path, good_files, bad_files):
    inbox = tmp_path / "inbox" / "sub"
    inbox.mkdir(parents=True)
    shutil.copy(good_files["png"], inbox / "surat.png")
    shutil.copy(bad_files["encrypted_pdf"], inbox.parent / "sandi.pdf")
    first = cli.invoke(main, ["ingest", str(inbox.parent), "--wait"])
    assert first.exit_code == 1, first.output
    lines = sorted(first.output.strip().splitlines())
    # Each line names its file: a clerk who ingested 500 files sees which one failed.
    assert lines[0].startswith(f"1 failed {inbox.parent / 'sandi.pdf'}: The PDF is protected by a password")
    assert lines[1] == f"2 done {inbox / 'surat.png'}"
    again = cli.invoke(main, ["ingest", str(inbox / "surat.png"), "--wait"])
    assert again.exit_code == 0
    assert again.output.strip() == f"2 done {inbox / 'surat.png'}: already archived as document 2"

    shown = cli.invoke(main, ["doc", "2", "--json"])
    data = json.loads(shown.output)
    assert data["status"] == "done" and data["original_filename"] == "surat.png" and data["page_count"] == 1
    assert "Nomor" in data["pages"][0]["text"] and len(data["checksum"]) == 64
    assert set(data["fields"]) >= {"nomor", "tanggal_surat", "perihal", "sifat"}
    assert cli.invoke(main, ["doc", "99"]).exit_code == 1


def test_zero_byte_file_fails_the_run_with_a_clear_line(cli, bad_files):
    result = cli.invoke(main, ["ingest", str(bad_files["empty"]), "--wait"])
    assert result.exit_code == 1
    assert result.output.strip() == f"- failed {bad_files['empty']}: The file is empty (0 bytes). Scan or export the letter again."


def test_ingest_json_prints_one_object_per_file(cli, tmp_path, good_files, bad_files):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(good_files["jpeg"], folder / "a.jpg")
    shutil.copy(bad_files["zip_as_pdf"], folder / "b.pdf")
    shutil.copy(bad_files["empty"], folder / "c.pdf")
    queued = cli.invoke(main, ["ingest", str(folder), "--json"])
    assert queued.exit_code == 0, queued.output
    assert [json.loads(line) for line in queued.output.splitlines()] == [
        {"id": 1, "file": str(folder / "a.jpg"), "status": "queued", "reason": "", "duplicate_of": None},
        {"id": 2, "file": str(folder / "b.pdf"), "status": "failed", "duplicate_of": None,
         "reason": "This is not a scanned letter but a ZIP archive (or an Office file). Only PDF, TIFF, PNG and JPEG files are accepted."},
        {"id": None, "file": str(folder / "c.pdf"), "status": "failed", "duplicate_of": None,
         "reason": "The file is empty (0 bytes). Scan or export the letter again."},
    ]
    waited = cli.invoke(main, ["ingest", str(folder / "a.jpg"), "--wait", "--json"])
    assert waited.exit_code == 0, waited.output
    assert json.loads(waited.output) == {"id": 1, "file": str(folder / "a.jpg"), "status": "done",
                                         "reason": "already archived as document 1", "duplicate_of": 1}


def test_watch_moves_files_once_stored(cli, tmp_path, good_files, bad_files):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    shutil.copy(good_files["jpeg"], inbox / "a.jpg")
    shutil.copy(bad_files["zip_as_pdf"], inbox / "b.pdf")
    result = cli.invoke(main, ["watch", str(inbox), "--once"])
    assert result.exit_code == 0, result.output
    assert (inbox / "processed" / "a.jpg").is_file()
    assert (inbox / "rejected" / "b.pdf").is_file()
    assert "not a scanned letter" in (inbox / "rejected" / "b.pdf.reason.txt").read_text()
    assert not (inbox / "a.jpg").exists() and not (inbox / "b.pdf").exists()


def test_edit_fields_keeps_extracted_value_and_refuses_stale_versions(ingest_runtime, good_files):
    from ingest.intake import store_upload

    doc_id = store_upload(ingest_runtime, good_files["png"], "s.png", enqueue=False).document_id
    with ingest_runtime.session_scope() as session:
        doc = session.get(Document, doc_id)
        doc.field_meta = {"perihal": {"extracted": "Undangan Rapat", "confidence": 0.6, "review": True}}
        doc.perihal = "Undangan Rapat"
    with ingest_runtime.session_scope() as session:
        doc = session.get(Document, doc_id)
        version = doc.version
        assert edit_fields(session, doc, {"perihal": "Undangan Rapat Koordinasi", "tanggal_surat": "2024-01-22"},
                           None, version) == ["perihal", "tanggal_surat"]
    with ingest_runtime.session_scope() as session:
        doc = session.get(Document, doc_id)
        assert doc.field_meta["perihal"]["extracted"] == "Undangan Rapat" and doc.field_meta["perihal"]["edited"]
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == "field_edited")).scalars().first()
        assert entry.details == {"field": "perihal", "old": "Undangan Rapat", "new": "Undangan Rapat Koordinasi",
                                 "extracted": "Undangan Rapat"}
        with pytest.raises(StaleVersion, match="Someone else changed"):
            edit_fields(session, doc, {"perihal": "x"}, None, version)
        with pytest.raises(InvalidField, match="date such as"):
            edit_fields(session, doc, {"tanggal_surat": "22 Januari"}, None, doc.version)
        with pytest.raises(InvalidField, match="one of: biasa"):
            edit_fields(session, doc, {"sifat": "rahasia sekali"}, None, doc.version)
        discard_upload(session, doc, None, reason="salah unggah")
        assert doc.status == "discarded"
