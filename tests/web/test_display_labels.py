"""What people read has no raw identifiers: facet values, field names, validation messages,
retention notes and audit details are translated in both languages (tests/browser/crawl.py
finds them across every page; these pin each fix)."""
from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from app.services import retention
from app.web.audit_display import audit_details
from app.web.audit_display import object_label as audit_object
from app.web.labels import facet_value_label, field_label
from tests.browser.crawl import raw_identifiers
from tests.factories import make_document
from tests.web.conftest import csrf_token


def _visible(response) -> str:
    html = re.sub(r"<(script|style|code)[^>]*>.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("locale, unread, done", [("id", "belum dibaca", "selesai"), ("en", "unread", "completed")])
def test_facet_values_are_labels(app, locale, unread, done):
    with app.test_request_context(), force_locale(locale):
        assert facet_value_label("status", "belum_dibaca") == unread
        assert facet_value_label("status", "selesai") == done
        assert facet_value_label("sifat", "sangat_rahasia") in ("sangat rahasia", "top secret")
        assert facet_value_label("year", 2024) == "2024"


def test_the_number_parts_field_has_a_name(app):
    with app.test_request_context(), force_locale("id"):
        assert field_label("nomor_parts") == "Bagian nomor"


def test_audit_details_read_as_sentences(app):
    entry = SimpleNamespace(action="disposition_read", details={
        "from_state": "belum_dibaca", "to_state": "dibaca", "old": None, "instructions": ["Untuk diketahui", "Arsipkan"],
        "vital": True, "role": "pengelola_arsip"})
    with app.test_request_context(), force_locale("id"):
        shown = "; ".join(f"{label}: {value}" for label, value in audit_details(entry))
        assert shown == ("Dari: belum dibaca; Kepada: dibaca; Sebelum: –; Instruksi: Untuk diketahui, Arsipkan; "
                         "Arsip vital: ya; Peran: Pengelola arsip")
        assert raw_identifiers(shown, "id") == []
    with app.test_request_context(), force_locale("en"):
        shown = "; ".join(f"{label}: {value}" for label, value in audit_details(entry))
        assert shown.startswith("From: unread; To: read; Before: –; Instructions: Untuk diketahui, Arsipkan")
        assert raw_identifiers(shown, "en") == []


def test_a_future_letter_date_is_refused_in_words(app, as_user, world):
    with app.extensions["lontar"].runtime.session_scope() as s:
        doc = make_document(s, ["halaman"], nomor="9/FUTURE/2024", unit_id=world.org.seksi_a1.id)
        doc_id, version = doc.id, doc.version
    client = as_user("arsiparis")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": csrf_token(client), "version": str(version),
                                                               "tanggal_surat": tomorrow}, follow_redirects=True)
    text = _visible(page)
    assert "Tanggal surat tidak boleh di masa depan" in text
    assert raw_identifiers(text, "id", allowed=frozenset({"arsiparis"})) == []
    saved = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": csrf_token(client), "version": str(version),
                                                                "perihal": "Perihal baru", "sender": "BKD"},
                        follow_redirects=True)
    assert "Perihal, Pengirim" in _visible(saved) or "Pengirim, Perihal" in _visible(saved)


def test_retention_note_without_letter_date_is_translated(app, as_user, world):
    with app.extensions["lontar"].runtime.session_scope() as s:
        retention.load_demo_schedule(s)
        doc = make_document(s, ["halaman"], nomor="9/NODATE/2024", unit_id=world.org.seksi_a1.id,
                            classification_code="000.9.2")
        retention.recompute_document(s, doc)
        doc_id = doc.id
    text = _visible(as_user("records").get(f"/documents/{doc_id}"))
    assert "dihitung dari tanggal unggah" in text and "counted from the upload date" not in text


def test_audit_objects_are_named_in_words(app):
    entry = SimpleNamespace(action="disposition_read", object_type="disposition_recipient", object_id=7, details={})
    with app.test_request_context(), force_locale("id"):
        assert audit_object(entry) == "disposisi kepada jabatan 7"
    with app.test_request_context(), force_locale("en"):
        assert audit_object(entry) == "disposition to a position 7"


def test_an_ingest_failure_in_the_timeline_is_one_translated_sentence(app):
    reason = "This is not a scanned letter but a ZIP archive (or an Office file). Only PDF, TIFF, PNG and JPEG files are accepted."
    entry = SimpleNamespace(action="upload_rejected", details={"code": "not_a_document", "reason": reason, "source": "web"})
    with app.test_request_context(), force_locale("id"):
        shown = audit_details(entry)
        assert shown[0][0] == "Masalah" and "ZIP" in shown[0][1] and "This is not" not in shown[0][1]
        assert raw_identifiers("; ".join(f"{a}: {b}" for a, b in shown), "id") == []


def test_a_retention_rule_change_reads_in_words(app):
    rule = {"active_years": 1, "inactive_years": 5, "final_disposition": "dinilai_kembali", "trigger": "while_in_force",
            "series": "Perjanjian"}
    entry = SimpleNamespace(action="rule_changed", details={"code": "000.8.3", "old": None, "new": rule})
    with app.test_request_context(), force_locale("id"):
        shown = "; ".join(f"{a}: {b}" for a, b in audit_details(entry))
        assert "Retensi aktif (tahun): 1" in shown and "dinilai_kembali" not in shown and "while_in_force" not in shown
        assert raw_identifiers(shown, "id") == []
