"""Intake: type from content, durable content-addressed originals, duplicates, bad input."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Document
from ingest.intake import safe_display_name, store_upload
from ingest.storage import original_path

BAD = {
    "truncated_pdf": "corrupt_pdf",
    "encrypted_pdf": "encrypted_pdf",
    "zip_as_pdf": "not_a_document",
    "exe_as_pdf": "not_a_document",
    "bomb_png": "image_too_large",
    "too_many_pages_pdf": "too_many_pages",
    "too_many_pages_tiff": "too_many_pages",
}


def _doc(runtime, doc_id) -> Document:
    with runtime.session_scope() as session:
        return session.get(Document, doc_id)


@pytest.mark.parametrize("kind,mime", [("png", "image/png"), ("jpeg", "image/jpeg"), ("tiff", "image/tiff"),
                                       ("scanned_pdf", "application/pdf"), ("born_digital_pdf", "application/pdf")])
def test_every_format_is_stored_unchanged_and_queued(ingest_runtime, good_files, kind, mime):
    path = good_files[kind]
    result = store_upload(ingest_runtime, path, path.name, enqueue=False)
    assert result.ok and result.error is None
    doc = _doc(ingest_runtime, result.document_id)
    assert (doc.status, doc.mime_type) == ("queued", mime)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.checksum == checksum
    assert original_path(ingest_runtime.settings, checksum).read_bytes() == path.read_bytes()
    assert doc.page_count == (2 if kind in ("tiff", "scanned_pdf", "born_digital_pdf") else 1)


def test_type_comes_from_content_not_name(ingest_runtime, good_files, tmp_path):
    disguised = tmp_path / "surat.pdf"
    disguised.write_bytes(good_files["png"].read_bytes())
    result = store_upload(ingest_runtime, disguised, "surat.pdf", enqueue=False)
    assert _doc(ingest_runtime, result.document_id).mime_type == "image/png"


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_is_kept_with_a_reason(ingest_runtime, bad_files, kind):
    path = bad_files[kind]
    result = store_upload(ingest_runtime, path, path.name, enqueue=False)
    assert result.error is not None and result.error.code == BAD[kind]
    doc = _doc(ingest_runtime, result.document_id)
    assert (doc.status, doc.error_code) == ("failed", BAD[kind])
    assert doc.error_message and "Traceback" not in doc.error_message
    # nothing lost: the bytes are in the archive, the failure is in the audit trail
    assert original_path(ingest_runtime.settings, doc.checksum).read_bytes() == path.read_bytes()
    with ingest_runtime.session_scope() as session:
        actions = [e.action for e in session.execute(select(AuditEntry).where(AuditEntry.document_id == doc.id)).scalars()]
    assert actions == ["uploaded", "processing_failed"]


def test_messages_a_clerk_understands(ingest_runtime, bad_files):
    encrypted = store_upload(ingest_runtime, bad_files["encrypted_pdf"], "sandi.pdf", enqueue=False)
    assert "password" in encrypted.error.text
    zipped = store_upload(ingest_runtime, bad_files["zip_as_pdf"], "arsip.pdf", enqueue=False)
    assert "ZIP archive" in zipped.error.text
    pages = store_upload(ingest_runtime, bad_files["too_many_pages_tiff"], "tebal.tiff", enqueue=False)
    assert pages.error.text == "The file has 300 pages; the limit is 200. Split it into separate letters."


def test_zero_byte_file_gets_a_clear_error_and_an_audit_line(ingest_runtime, bad_files):
    result = store_upload(ingest_runtime, bad_files["empty"], "kosong.pdf", enqueue=False)
    assert result.document_id is None and result.error.code == "empty_file"
    assert "empty" in result.message
    with ingest_runtime.session_scope() as session:
        assert session.execute(select(Document)).first() is None
        entry = session.execute(select(AuditEntry)).scalar_one()
        assert (entry.action, entry.details["code"], entry.details["filename"]) == ("upload_rejected", "empty_file", "kosong.pdf")


def test_duplicate_upload_names_the_first_and_keeps_one_copy(ingest_runtime, good_files):
    first = store_upload(ingest_runtime, good_files["png"], "a.png", enqueue=False)
    second = store_upload(ingest_runtime, good_files["png"], "b.png", enqueue=False)
    assert second.duplicate_of == first.document_id and second.message == f"duplicate of document {first.document_id}"
    originals = [p for p in ingest_runtime.settings.originals_dir.rglob("*") if p.is_file()]
    assert len(originals) == 1
    assert not list((ingest_runtime.settings.originals_dir / ".incoming").iterdir())  # no temp left behind


@pytest.mark.parametrize("raw,expected", [
    ("../../x.pdf", "x.pdf"),
    ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
    ("/etc/passwd", "passwd"),
    ("surat\x00\x07\nbaru.pdf", "suratbaru.pdf"),
    ("surat\u202egnp.pdf", "suratgnp.pdf"),          # right-to-left override
    ("\u200bsurat\u00a0dinas.pdf", "surat dinas.pdf"),  # zero-width space, no-break space
    ("Cafe\u0301.pdf", "Café.pdf"),                   # decomposed accent -> NFC
    ("..", "unnamed"),
    ("", "unnamed"),
])
def test_hostile_file_names_become_safe_display_names(raw, expected):
    assert safe_display_name(raw) == expected


def test_hostile_name_is_never_used_as_a_path(ingest_runtime, good_files, tmp_path):
    result = store_upload(ingest_runtime, good_files["jpeg"].open("rb"), "../../x\x1b[31m.jpg", enqueue=False)
    doc = _doc(ingest_runtime, result.document_id)
    assert doc.original_filename == "x[31m.jpg"
    assert not (tmp_path / "x.jpg").exists() and not (ingest_runtime.settings.data_dir.parent / "x.jpg").exists()
    assert original_path(ingest_runtime.settings, doc.checksum).is_file()


def test_long_names_keep_their_extension():
    name = safe_display_name("a" * 400 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")
