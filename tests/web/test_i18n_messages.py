"""Domain refusals, validation errors, ingest failures, search errors and audit actions are
shown in the reader's language (Indonesian by default, English when chosen)."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from app.models import User
from app.services import audit
from app.services import disposition as dsp
from app.services import registration as reg
from app.services.i18n import N_, join, msg
from app.services.users import issue_token
from app.web.domain_messages import localize
from app.web.labels import ACTIONS, INGEST_ERRORS, ingest_error_message
from app.web.search.query_errors import query_error_message
from tests.factories import make_document
from tests.web.conftest import csrf_from, csrf_token


def _registration_form(world, **overrides) -> dict:
    data = {
        "tanggal_surat": (date.today() - timedelta(days=3)).isoformat(), "asal_surat": "Bappeda",
        "nomor_surat": "045/9/BAPP/2025", "sifat": "biasa", "urgensi": "segera", "lampiran": "-",
        "perihal": "Undangan rapat", "ringkasan": "", "kode_klasifikasi": "045", "tujuan": world.org.kepala_dinas.id,
    }
    return {**data, **overrides}


@pytest.fixture(scope="module")
def letter(web_env):
    """A registered letter addressed to the Kepala Dinas, and API tokens."""
    app, world = web_env
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        doc = make_document(s, ["Undangan rapat koordinasi"], nomor="045/9/BAPP/2025", perihal="Undangan rapat",
                            sender="Bappeda", tanggal_surat=date.today() - timedelta(days=3), unit_id=world.org.dinas.id)
        clerk = s.get(User, world.org.users["arsiparis"].id)
        registration = reg.register(s, doc, clerk, _registration_form(world))
        token = issue_token(s, clerk, "i18n test")
        return {"doc_id": doc.id, "reg_id": registration.id, "token": token}


@pytest.fixture
def english(as_user):
    """as_user with English chosen; the choice is put back afterwards (it is stored per user)."""
    chosen = []

    def make(username: str):
        client = as_user(username)
        client.post("/language/en", headers={"X-CSRFToken": csrf_token(client)})
        chosen.append(client)
        return client

    yield make
    for client in chosen:
        client.post("/language/id", headers={"X-CSRFToken": csrf_token(client)})


def _text(response) -> str:
    """The page's text with HTML entities for quotes undone (refusals quote names)."""
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')


def _dispose_as_clerk(client, letter, world):
    page = f"/disposisi/letter/{letter['reg_id']}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(f"{page}/dispose", data={"positions": [world.org.kabid_a.id], "instructions": ["Untuk diketahui"],
                                                "csrf_token": token}, follow_redirects=True)


# --- (i) a disposition refusal: page and API -----------------------------------------------------

def test_disposition_refusal_on_the_page_in_indonesian(as_user, world, letter):
    page = _text(_dispose_as_clerk(as_user("arsiparis"), letter, world))
    assert "Tidak dilakukan: Anda tidak memegang jabatan 'Kepala Dinas'; hanya pemegangnya atau Plt/Plh" in page
    assert "you do not hold" not in page


def test_disposition_refusal_on_the_page_in_english(english, world, letter):
    page = _text(_dispose_as_clerk(english("arsiparis"), letter, world))
    assert "Not done: you do not hold the position 'Kepala Dinas'; only its holder or Plt/Plh may act for it" in page


def test_disposition_refusal_in_the_api_follows_the_request_language(client, world, letter):
    url = f"/api/v1/registrations/{letter['reg_id']}/dispositions"
    body = {"positions": [world.org.kabid_a.id], "instructions": ["Untuk diketahui"]}
    auth = {"Authorization": f"Bearer {letter['token']}"}
    indonesian = client.post(url, json=body, headers=auth)
    assert indonesian.status_code == 403 and indonesian.json["error"]["code"] == "forbidden"
    assert indonesian.json["error"]["message"].startswith("Anda tidak memegang jabatan 'Kepala Dinas'")
    english = client.post(url, json=body, headers={**auth, "Accept-Language": "en"})
    assert english.status_code == 403 and english.json["error"]["code"] == "forbidden"
    assert english.json["error"]["message"].startswith("you do not hold the position 'Kepala Dinas'")


def test_registration_field_errors_in_the_api(app, client, world, letter):
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        doc_id = make_document(s, ["Surat pemberitahuan"], nomor="005/2/X/2025", unit_id=world.org.dinas.id).id
    url = f"/api/v1/documents/{doc_id}/registration"
    body = _registration_form(world, perihal=" ", tanggal_surat=(date.today() + timedelta(days=4)).isoformat())
    auth = {"Authorization": f"Bearer {letter['token']}"}
    indonesian = client.post(url, json=body, headers=auth).json["error"]
    assert indonesian["code"] == "invalid" and indonesian["fields"]["perihal"] == "wajib diisi"
    assert indonesian["fields"]["tanggal_surat"].endswith("ada di masa depan")
    assert "Perihal: wajib diisi" in indonesian["message"]
    english = client.post(url, json=body, headers={**auth, "Accept-Language": "en"}).json["error"]
    assert english["code"] == "invalid" and english["fields"]["perihal"] == "is required"
    already = client.post(f"/api/v1/documents/{letter['doc_id']}/registration", json=_registration_form(world),
                          headers=auth).json["error"]
    assert already["code"] == "already_registered" and "sudah diregistrasi dengan nomor agenda" in already["message"]


# --- (ii) registration validation ---------------------------------------------------------------

def _register_invalid(client, app, world, language: str):
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        doc_id = make_document(s, [f"Surat permohonan data ({language})"], nomor="470/1/X/2025", unit_id=world.org.dinas.id).id
    url = f"/disposisi/register/{doc_id}"
    token = csrf_from(client.get(url).get_data(as_text=True))
    future = (date.today() + timedelta(days=5)).isoformat()
    data = {**_registration_form(world, perihal="", tanggal_surat=future, nomor_agenda="nol"), "csrf_token": token}
    return client.post(url, data=data), future


def test_registration_validation_in_indonesian(app, as_user, world):
    response, future = _register_invalid(as_user("arsiparis"), app, world, "id")
    page = _text(response)
    assert response.status_code == 400
    assert f"{future} ada di masa depan" in page and "wajib diisi" in page
    assert "harus bilangan bulat (kosongkan untuk penomoran otomatis)" in page
    assert "is required" not in page and "is in the future" not in page


def test_registration_validation_in_english(app, english, world):
    response, future = _register_invalid(english("arsiparis"), app, world, "en")
    page = _text(response)
    assert response.status_code == 400
    assert f"{future} is in the future" in page and "is required" in page


# --- (iii) a failed upload's reason -------------------------------------------------------------

def _upload_empty(client):
    return client.post("/documents/upload", data={"file": (io.BytesIO(b""), "kosong.pdf")},
                       headers={"X-CSRFToken": csrf_token(client)}, content_type="multipart/form-data")


def test_empty_upload_reason_in_indonesian_and_english(as_user, english):
    result = _upload_empty(as_user("arsiparis")).json["results"][0]
    assert result["state"] == "rejected" and result["error_code"] == "empty_file"
    assert result["message"] == "Berkas kosong (0 byte). Pindai atau ekspor ulang suratnya."
    result = _upload_empty(english("arsiparis")).json["results"][0]
    assert result["message"] == "The file is empty (0 bytes). Scan or export the letter again."


@pytest.fixture(scope="module")
def failed_docs(web_env):
    """Letters whose processing failed, as ingest stores them (code + English message)."""
    app, world = web_env
    runtime = app.extensions["lontar"].runtime
    stored = {
        "too_many_pages": "The file has 900 pages; the limit is 500. Split it into separate letters.",
        "not_a_document": ("This is not a scanned letter but a ZIP archive (or an Office file). "
                           "Only PDF, TIFF, PNG and JPEG files are accepted."),
        "some_new_code": "A reason ingest learnt yesterday.",
    }
    ids = {}
    with runtime.session_scope() as s:
        for code, message in stored.items():
            doc = make_document(s, [f"failed upload {code}"], unit_id=world.org.seksi_a1.id)
            doc.status, doc.error_code, doc.error_message = "failed", code, message
            ids[code] = doc.id
    return ids


def test_failed_document_reason_on_page_status_and_api(as_user, failed_docs, english):
    client = as_user("admin")
    page = _text(client.get(f"/documents/{failed_docs['too_many_pages']}"))
    assert "Berkas berisi 900 halaman; batasnya 500. Pisahkan menjadi surat-surat tersendiri." in page
    status = client.get(f"/documents/status?ids={failed_docs['not_a_document']}").json["documents"][0]
    assert status["error_code"] == "not_a_document"
    assert status["error_message"].startswith("Ini bukan pindaian surat, melainkan arsip ZIP (atau berkas Office).")
    api = client.get(f"/api/v1/documents/{failed_docs['too_many_pages']}").json
    assert api["error"] == {"code": "too_many_pages",
                            "message": "Berkas berisi 900 halaman; batasnya 500. Pisahkan menjadi surat-surat tersendiri."}
    unknown = client.get(f"/api/v1/documents/{failed_docs['some_new_code']}").json
    assert unknown["error"] == {"code": "some_new_code", "message": "A reason ingest learnt yesterday."}
    page = _text(english("admin").get(f"/documents/{failed_docs['too_many_pages']}"))
    assert "The file has 900 pages; the limit is 500." in page


def test_every_ingest_error_code_has_its_message(app):
    from ingest.errors import ALL_ERRORS, IngestError

    expected = {cls.code: re.sub(r"\{(\w+)\}", r"%(\1)s", cls.message) for cls in ALL_ERRORS.values()}
    expected[IngestError.code] = IngestError.message
    assert {code: INGEST_ERRORS.get(code) for code in expected} == expected
    with app.test_request_context(), force_locale("id"):
        assert ingest_error_message("file_too_large", "The file is larger than the limit of 50 MB.") == \
            "Berkas lebih besar dari batas 50 MB."
        assert ingest_error_message("internal_error", "Joining the pages into one PDF failed: gs exited 1").startswith(
            "Terjadi kesalahan tak terduga")
        assert ingest_error_message(None, None) == ""


# --- search errors, audit actions, the message helper ---------------------------------------------

def test_search_query_error_in_indonesian(as_user):
    page = _text(as_user("staf").get("/search/?q=tahun:abc"))
    assert "tahun: memerlukan tahun seperti 2024 atau rentang 2020..2023, bukan 'abc'." in page
    page = _text(as_user("staf").get("/search/?q=rapat&page=nol"))
    assert "'page' harus bilangan bulat dari 1 sampai 1000." in page
    api = as_user("staf").get("/api/v1/search?q=tahun:abc", headers={"Accept-Language": "en"})
    assert api.status_code == 400 and api.json["error"]["code"] == "bad_query"
    assert api.json["error"]["message"].startswith("tahun: expects a year")


def test_search_query_errors_are_translated(app):
    from search import QueryError
    from search.query import parse

    queries = ["tahun:abc", "tanggal:kemarin", "sifat:umum", "klasifikasi:abc", "warna:merah", "x" * 1001]
    with app.test_request_context(), force_locale("id"):
        for query in queries:
            with pytest.raises(QueryError) as caught:
                parse(query)
            translated = query_error_message(caught.value)
            assert translated != str(caught.value), f"{str(caught.value)!r} has no Indonesian translation"
        assert query_error_message(QueryError("Something new.")) == "Something new."


def test_every_audit_action_has_a_translated_label(app):
    names = {value for key, value in vars(audit.Action).items() if key.isupper()} | {"upload_rejected"}
    assert names <= set(ACTIONS)
    with app.test_request_context(), force_locale("id"):
        assert str(ACTIONS["disposition_read"]) == "disposisi dibaca"
        untranslated = [name for name in names if str(ACTIONS[name]) in (name, name.replace("_", " "))]
        assert not untranslated


def test_localize_keeps_english_in_str_and_translates_nested_parts(app):
    refusal = dsp.InvalidState(msg(N_("%(document)s: %(reasons)s"), document=msg(N_("document %(id)s"), id=7),
                                   reasons=join("; ", [N_("it is a vital record (arsip vital)"),
                                                       msg(N_("it is on legal hold: %(reason)s"), reason="perkara 12")])))
    assert str(refusal) == "document 7: it is a vital record (arsip vital); it is on legal hold: perkara 12"
    assert refusal.template == "%(document)s: %(reasons)s" and set(refusal.params) == {"document", "reasons"}
    with app.test_request_context(), force_locale("id"):
        assert localize(refusal) == "dokumen 7: merupakan arsip vital; sedang dalam penahanan hukum: perkara 12"
        assert localize(ValueError("not a known message")) == "not a known message"
    with app.test_request_context(), force_locale("en"):
        assert localize(refusal) == str(refusal)

