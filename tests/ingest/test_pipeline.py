"""The pipeline with real Tesseract: every format, odd real scans, idempotence, OCR crash."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from sqlalchemy import func, select, update

from app.models import AuditEntry, Document, Page
from ingest import pipeline, storage
from ingest.batch import process_many
from ingest.intake import store_upload
from ingest.stages import tesseract
from ingest.words import load_words
from tests.ingest.conftest import new_runtime

pytestmark = pytest.mark.ocr

REAL_OK = ("skew.pdf", "rotated_skew.pdf", "ccitt.pdf", "jbig2.pdf")


@pytest.fixture(scope="session")
def processed(tmp_path_factory, good_files, real_scans):
    """All sample files ingested and processed once, in parallel, as `lontar ingest --wait` does."""
    runtime = new_runtime(tmp_path_factory.mktemp("pipeline") / "data")
    files = {**good_files, **{name: real_scans[name] for name in REAL_OK + ("invalid.pdf", "enormous.pdf")}}
    ids = {}
    for kind, path in files.items():
        result = store_upload(runtime, path, path.name, enqueue=False)
        ids[kind] = result.document_id
    process_many(runtime.settings, [i for k, i in ids.items() if k not in ("invalid.pdf", "enormous.pdf")])
    yield runtime, ids
    runtime.close()


def _doc(runtime, doc_id):
    with runtime.session_scope() as session:
        doc = session.get(Document, doc_id)
        pages = list(session.execute(select(Page).where(Page.document_id == doc_id).order_by(Page.number)).scalars())
        return doc, pages


@pytest.mark.parametrize("kind,pages", [("png", 1), ("jpeg", 1), ("tiff", 2), ("scanned_pdf", 2),
                                        ("born_digital_pdf", 2), ("rotated_png", 1)])
def test_every_format_becomes_searchable_page_by_page(processed, kind, pages):
    runtime, ids = processed
    doc, rows = _doc(runtime, ids[kind])
    assert (doc.status, doc.page_count, doc.pages_done, doc.error_code) == ("done", pages, pages, None)
    assert [p.number for p in rows] == list(range(1, pages + 1))
    assert "Nomor" in rows[0].text or "JPEG" in rows[0].text
    if pages == 2:
        assert "Tembusan" in rows[1].text
    pdf = storage.searchable_pdf_path(runtime.settings, doc.id)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert text.count("\f") == pages and "PENAJAM" in text.upper() or "JPEG" in text
    for n in range(1, pages + 1):
        assert storage.page_image_path(runtime.settings, doc.id, n).stat().st_size > 0
        assert storage.thumbnail_path(runtime.settings, doc.id, n).stat().st_size > 0


def test_born_digital_text_is_extracted_not_ocred(processed):
    runtime, ids = processed
    doc, rows = _doc(runtime, ids["born_digital_pdf"])
    assert all(p.confidence is None for p in rows)  # no OCR confidence: its own text layer
    assert rows[0].text.startswith("PEMERINTAH KABUPATEN PENAJAM")


def test_upside_down_page_is_turned(processed):
    runtime, ids = processed
    doc, rows = _doc(runtime, ids["rotated_png"])
    assert rows[0].rotated == 180 and "Undangan Rapat" in rows[0].text


@pytest.mark.parametrize("name", REAL_OK)
def test_odd_real_scans(processed, name):
    runtime, ids = processed
    doc, rows = _doc(runtime, ids[name])
    assert doc.status == "done", doc.error_message
    words = rows[0].text.split()
    assert len(words) > 50 and rows[0].confidence > 60


def _cer(text: str, truth: str) -> float:
    return Levenshtein.normalized_distance(" ".join(text.split()), " ".join(truth.split()))


def test_a_skewed_page_reads_as_well_as_its_upright_twin(processed, real_scans):
    """OCRmyPDF's skew.pdf is ccitt.pdf's page scanned about 2 degrees off (text: linn.txt)."""
    runtime, ids = processed
    truth = real_scans["linn.txt"].read_text()
    skewed, upright = (_doc(runtime, ids[name])[1][0] for name in ("skew.pdf", "ccitt.pdf"))
    assert _cer(skewed.text, truth) <= _cer(upright.text, truth) + 0.02, (_cer(skewed.text, truth), _cer(upright.text, truth))


def test_real_invalid_and_enormous_pdfs_are_refused(processed):
    runtime, ids = processed
    assert _doc(runtime, ids["invalid.pdf"])[0].error_code == "corrupt_pdf"
    assert _doc(runtime, ids["enormous.pdf"])[0].error_code == "image_too_large"


def test_processing_again_replaces_pages_never_duplicates(processed):
    runtime, ids = processed
    doc_id = ids["tiff"]
    with runtime.session_scope() as session:  # as if a worker died mid-document and the task came back
        session.execute(update(Document).where(Document.id == doc_id).values(status="processing", pages_done=1))
    assert pipeline.process_document(runtime, doc_id) == "done"
    with runtime.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Page).where(Page.document_id == doc_id)) == 2
        actions = [a for (a,) in session.execute(select(AuditEntry.action).where(AuditEntry.document_id == doc_id))]
    assert actions.count("ocr_done") == 2 and actions[0] == "uploaded"
    assert pipeline.process_document(runtime, doc_id) == "done"  # a done document is left alone


@pytest.fixture
def crashing_tesseract(tmp_path, monkeypatch):
    """Fault injection: an OCR engine that crashes on every page."""
    script = tmp_path / "tesseract"
    script.write_text("#!/bin/sh\necho 'Segmentation fault' >&2\nexit 139\n")
    script.chmod(0o755)
    monkeypatch.setattr(tesseract, "TESSERACT", str(script))


def test_ocr_engine_crash_is_retried_then_fails_with_reason(ingest_runtime, good_files, crashing_tesseract):
    doc_id = store_upload(ingest_runtime, good_files["png"], "surat.png", enqueue=False).document_id
    assert pipeline.process_document(ingest_runtime, doc_id, final_attempt=False) == "queued"
    doc, _ = _doc(ingest_runtime, doc_id)
    assert doc.error_code == "ocr_failed"
    assert pipeline.process_document(ingest_runtime, doc_id, final_attempt=True) == "failed"
    doc, pages = _doc(ingest_runtime, doc_id)
    assert (doc.error_code, doc.attempts, pages) == ("ocr_failed", 2, [])
    assert doc.error_message == "The text recognition engine failed on page 1. The file will be tried again."


def test_letter_fields_are_stored_with_confidence(processed):
    runtime, ids = processed
    doc, _ = _doc(runtime, ids["born_digital_pdf"])
    assert doc.nomor == "600/147/PUPR/I/2024"
    assert doc.field_meta["nomor"]["extracted"] == "600/147/PUPR/I/2024"
    assert 0 <= doc.field_meta["nomor"]["confidence"] <= 1


def test_retention_state_is_computed_when_processing_ends(processed):
    from app.models import DocumentRetention

    runtime, ids = processed
    with runtime.session_scope() as session:
        doc = session.get(Document, ids["born_digital_pdf"])
        row = session.get(DocumentRetention, doc.id)
        assert doc.classification_code == "600"
        assert row is not None and row.phase == "aktif"
        assert row.trigger_date == doc.tanggal_surat  # counted from the letter's date by default


def test_a_second_delivery_leaves_the_document_to_the_live_worker(ingest_runtime, good_files):
    """While one process holds the document's claim (it is OCRing it), another delivery of the
    same task does nothing; once the claim is free, processing goes ahead."""
    from ingest import claims

    doc_id = store_upload(ingest_runtime, good_files["png"], "surat.png", enqueue=False).document_id
    with claims.working_on(ingest_runtime.settings, doc_id) as ours:
        assert ours
        assert pipeline.process_document(ingest_runtime, doc_id) == "queued"
        with claims.if_abandoned(ingest_runtime.settings, doc_id) as abandoned:
            assert not abandoned
    assert _doc(ingest_runtime, doc_id)[0].attempts == 0
    with claims.if_abandoned(ingest_runtime.settings, doc_id) as abandoned:
        assert abandoned


def test_word_boxes_are_stored_for_each_ocrd_page(processed):
    runtime, ids = processed
    boxes = load_words(storage.words_path(runtime.settings, ids["tiff"], 2))
    assert "Tembusan" in {w.text for w in boxes} and all(0 <= w.x < 1 and 0 <= w.y < 1 for w in boxes)
    assert load_words(storage.words_path(runtime.settings, ids["born_digital_pdf"], 1)) == []
