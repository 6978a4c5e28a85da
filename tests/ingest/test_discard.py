"""Discarding a failed or mistaken upload: page (CSRF), API, CLI; who may; what it frees.

Registered, filed, vital and held letters are refused on every channel (the legal rule,
tests/retention/test_no_other_delete_path.py).
"""
from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from app.cli.main import main
from app.models import AuditEntry, Document, Registration
from app.services import retention_lists
from app.web.factory import create_app
from ingest.intake import store_upload
from tests.factories import make_org
from tests.ingest.conftest import LIMITS, new_runtime
from tests.web.conftest import csrf_from, csrf_token, logged_in_clients


@pytest.fixture
def office(tmp_path):
    runtime = new_runtime(tmp_path / "data")
    with runtime.session_scope() as session:
        org = make_org(session)
        ids = {name: user.id for name, user in org.users.items()}
        unit = org.seksi_a1.id
    app = create_app(runtime.settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    yield runtime, app, ids, unit
    runtime.close()


def _upload(runtime, path, name, user_id, unit_id) -> int:
    result = store_upload(runtime, path, name, uploaded_by_id=user_id, unit_id=unit_id, source="web", enqueue=False)
    assert result.ok or result.error is not None, result
    return result.document_id


def _fail(runtime, doc_id) -> None:
    """As the pipeline leaves a letter whose OCR failed for good."""
    with runtime.session_scope() as session:
        session.execute(update(Document).where(Document.id == doc_id).values(
            status="failed", error_code="ocr_failed", error_message="The text recognition engine failed on page 1."))


def _doc(runtime, doc_id) -> Document:
    with runtime.session_scope() as session:
        return session.get(Document, doc_id)


def _audit(runtime, doc_id, action):
    with runtime.session_scope() as session:
        return session.execute(select(AuditEntry).where(AuditEntry.document_id == doc_id,
                                                        AuditEntry.action == action)).scalars().all()


def test_the_uploader_discards_a_failed_upload_on_its_page_and_the_same_file_comes_back(office, good_files):
    runtime, app, users, unit = office
    doc_id = _upload(runtime, good_files["png"], "surat.png", users["staf"], unit)
    _fail(runtime, doc_id)
    assert store_upload(runtime, good_files["png"], "lagi.png", enqueue=False).duplicate_of == doc_id  # blocked so far

    staf = logged_in_clients(app)("staf")
    page = staf.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'id="discard-form"' in page and "Buang unggahan" in page
    assert staf.post(f"/documents/{doc_id}/discard", data={"reason": "salah pindai"}).status_code == 400  # no CSRF
    empty = staf.post(f"/documents/{doc_id}/discard", data={"reason": " ", "csrf_token": csrf_from(page)})
    assert empty.status_code == 302 and _doc(runtime, doc_id).status == "failed"
    assert "Sebutkan alasan" in staf.get(empty.headers["Location"]).get_data(as_text=True)
    done = staf.post(f"/documents/{doc_id}/discard", data={"reason": "salah pindai", "csrf_token": csrf_from(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/documents/")
    assert "Unggahan surat.png dibuang." in staf.get("/documents/").get_data(as_text=True)
    assert _doc(runtime, doc_id).status == "discarded" and staf.get(f"/documents/{doc_id}").status_code == 404
    [entry] = _audit(runtime, doc_id, "discarded")
    assert entry.actor_name == "staf" and entry.details["reason"] == "salah pindai"
    assert entry.details["previous_status"] == "failed"

    again = store_upload(runtime, good_files["png"], "surat-ulang.png", uploaded_by_id=users["arsiparis"],
                         unit_id=unit, source="web", enqueue=False)
    assert again.ok and again.document_id == doc_id  # the row comes back: its history keeps the discard
    doc = _doc(runtime, doc_id)
    assert (doc.status, doc.error_code, doc.original_filename, doc.uploaded_by_id) == (
        "queued", None, "surat-ulang.png", users["arsiparis"])
    assert [e.details.get("after_discard") for e in _audit(runtime, doc_id, "uploaded")] == [None, True]


def test_only_the_uploader_or_an_archivist_may_discard_and_the_page_offers_it_only_to_them(office, good_files):
    runtime, app, users, unit = office
    doc_id = _upload(runtime, good_files["jpeg"], "s.jpg", users["staf"], unit)
    _fail(runtime, doc_id)
    clients = logged_in_clients(app)
    kasi = clients("kasi")  # an official of the same unit: reads it, may not discard it
    page = kasi.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert page and 'id="discard-form"' not in page
    refused = kasi.post(f"/documents/{doc_id}/discard", data={"reason": "x", "csrf_token": csrf_from(page)})
    assert refused.status_code == 302 and _doc(runtime, doc_id).status == "failed"
    assert "Hanya pengunggahnya atau arsiparis" in kasi.get(refused.headers["Location"]).get_data(as_text=True)

    api = clients("kasi")
    denied = api.post(f"/api/v1/documents/{doc_id}/discard", json={"reason": "x"},
                      headers={"X-CSRFToken": csrf_token(api)})
    assert denied.status_code == 403 and denied.get_json()["error"]["code"] == "forbidden"
    # A failed letter stays closed (fail-closed sifat) until someone sets its sifat; once the uploader
    # has, the archivist sees it and may discard it.
    with runtime.session_scope() as session:
        session.execute(update(Document).where(Document.id == doc_id).values(sifat="biasa", sifat_confirmed=True))
    arsiparis = clients("arsiparis")
    assert arsiparis.post(f"/api/v1/documents/{doc_id}/discard", json={"reason": "x"}).status_code == 400  # CSRF
    token = csrf_token(arsiparis)
    bad = arsiparis.post(f"/api/v1/documents/{doc_id}/discard", json={"reason": ""}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_field"
    ok = arsiparis.post(f"/api/v1/documents/{doc_id}/discard", json={"reason": "bukan surat"},
                        headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json() == {"id": doc_id, "status": "discarded"}
    gone = arsiparis.post(f"/api/v1/documents/{doc_id}/discard", json={"reason": "lagi"}, headers={"X-CSRFToken": token})
    assert gone.status_code == 404


def test_a_registered_letter_is_never_discarded_on_any_channel(office, good_files, monkeypatch):
    runtime, app, users, unit = office
    doc_id = _upload(runtime, good_files["tiff"], "s.tiff", users["arsiparis"], unit)
    with runtime.session_scope() as session:
        session.execute(update(Document).where(Document.id == doc_id).values(status="done"))
        session.add(Registration(document_id=doc_id, year=2024, agenda_number=7, received_date=date(2024, 1, 3),
                                 sender="Bappeda", nomor_surat="005/7/X/2024", sifat="biasa", urgensi="biasa",
                                 perihal="Undangan", registered_by_id=users["arsiparis"]))
    arsiparis = logged_in_clients(app)("arsiparis")
    page = arsiparis.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'id="discard-form"' not in page
    api = arsiparis.post(f"/api/v1/documents/{doc_id}/discard", json={"reason": "coba"},
                         headers={"X-CSRFToken": csrf_token(arsiparis)})
    assert api.status_code == 409 and api.get_json()["error"]["code"] == "not_discardable"
    for key, value in {"LONTAR_DATA_DIR": str(runtime.settings.data_dir), "LONTAR_SECRET_KEY": "t", **LIMITS}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    cli = CliRunner().invoke(main, ["doc", "discard", str(doc_id), "--reason", "coba", "--as", "arsiparis"])
    assert cli.exit_code == 1 and "legal disposal procedure" in cli.output
    assert _doc(runtime, doc_id).status == "done" and _audit(runtime, doc_id, "discarded") == []


def test_cli_discard_and_the_short_show_form(office, good_files, monkeypatch):
    runtime, _app, users, unit = office
    doc_id = _upload(runtime, good_files["png"], "surat.png", users["staf"], unit)
    for key, value in {"LONTAR_DATA_DIR": str(runtime.settings.data_dir), "LONTAR_SECRET_KEY": "t", **LIMITS}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["doc", str(doc_id)]).output.startswith(f"{doc_id} queued surat.png")
    assert runner.invoke(main, ["doc", "discard", str(doc_id)]).exit_code == 2  # --reason is required
    as_kasi = runner.invoke(main, ["doc", "discard", str(doc_id), "--reason", "x", "--as", "kasi"])
    assert as_kasi.exit_code == 1 and "Only the person who uploaded it or an archivist" in as_kasi.output
    done = runner.invoke(main, ["doc", "discard", str(doc_id), "--reason", "salah unggah"])
    assert done.exit_code == 0 and done.output.strip() == f"Document {doc_id} (surat.png) discarded."
    [entry] = _audit(runtime, doc_id, "discarded")
    assert entry.actor_name == "system" and entry.details["reason"] == "salah unggah"
    assert runner.invoke(main, ["doc", "discard", "999", "--reason", "x"]).exit_code == 1


def test_failed_uploads_do_not_count_in_records_management_lists(office, good_files, bad_files):
    runtime, _app, users, unit = office
    good = _upload(runtime, good_files["png"], "surat.png", users["staf"], unit)
    failed = _upload(runtime, bad_files["zip_as_pdf"], "arsip.pdf", users["staf"], unit)
    with runtime.session_scope() as session:
        session.execute(update(Document).where(Document.id == good).values(status="done"))
    with runtime.session_scope() as session:
        assert _doc(runtime, failed).status == "failed"
        listed = [r["document_id"] for r in retention_lists.list_due(session, "unclassified")[1]]
        assert listed == [good] and retention_lists.counts(session)["unclassified"] == 1
