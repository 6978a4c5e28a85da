"""Document list, page, downloads, field edits, upload endpoint and status polling."""
from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import select

from app.models import AuditEntry, Document
from tests.factories import make_document
from tests.web.conftest import csrf_token


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_list_shows_readable_letters_only(as_user, world):
    page = _text(as_user("staf").get("/documents/"))
    assert "005/123/DISDIK/2024" in page          # own unit
    assert "800/45/SEK/2024" not in page          # other unit
    assert "700/9/R/2024" not in page             # rahasia
    records = _text(as_user("records").get("/documents/"))
    assert "800/45/SEK/2024" in records and "700/9/R/2024" in records


def test_list_filters_and_bad_filters(as_user):
    client = as_user("admin")
    assert "800/45/SEK/2024" in _text(client.get("/documents/?sender=bkd"))
    assert "005/123" not in _text(client.get("/documents/?sender=bkd"))
    assert "005/123" in _text(client.get("/documents/?date_from=2024-03-01&date_to=2024-03-31"))
    for bad in ("?date_from=2024-13-45", "?bogus=1", "?status=lost", "?page=0", "?per_page=100000", "?sort=x",
                "?nomor=" + "x" * 500):
        response = client.get("/documents/" + bad)
        assert response.status_code == 400, bad
        assert "Traceback" not in _text(response)


def test_document_page_escapes_ocr_text_and_fields(as_user, world):
    page = _text(as_user("admin").get(f"/documents/{world.docs['xss']}"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;ocr&#39;)" in page
    assert "<img src=x" not in page and "<b>X</b>" not in page


def test_document_page_highlights_query_terms(as_user, world):
    page = _text(as_user("staf").get(f"/documents/{world.docs['biasa_a']}?q=koordinasi"))
    assert "<mark>koordinasi</mark>" in page
    second = _text(as_user("staf").get(f"/documents/{world.docs['biasa_a']}?page=2&q=jadwal"))
    assert "<mark>jadwal</mark>" in second


def test_unreadable_wrong_and_bad_ids_are_404(as_user, world):
    staf = as_user("staf")
    for url in (f"/documents/{world.docs['rahasia_a']}", f"/documents/{world.docs['biasa_b']}", "/documents/999999",
                f"/documents/{world.docs['rahasia_a']}/original", f"/documents/{world.docs['biasa_b']}/searchable.pdf",
                f"/documents/{world.docs['biasa_b']}/pages/1.jpg", f"/documents/{world.docs['biasa_a']}?page=9",
                f"/documents/{world.docs['biasa_a']}?page=abc", "/documents/99999999999999999999999"):
        assert staf.get(url).status_code == 404, url


def test_view_is_audited(app, as_user, world):
    as_user("staf").get(f"/documents/{world.docs['biasa_a']}")
    with app.extensions["lontar"].runtime.session_scope() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.document_id == world.docs["biasa_a"])).all()
    assert "viewed" in actions


def _new_doc(app, world, **fields):
    with app.extensions["lontar"].runtime.session_scope() as s:
        doc = make_document(s, ["halaman"], unit_id=world.org.seksi_a1.id, **fields)
        doc.field_meta = {"perihal": {"review": True, "confidence": 0.4}}
        s.flush()
        return doc.id, doc.version


def test_edit_fields_with_validation_and_optimistic_locking(app, as_user, world):
    doc_id, v = _new_doc(app, world, nomor="1/EDIT/2024", perihal="Perihal lama")
    client = as_user("arsiparis")
    token = csrf_token(client)
    response = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": token, "version": str(v), "perihal": "Perihal baru"})
    assert response.status_code == 302
    page = _text(client.get(f"/documents/{doc_id}"))
    assert "Perihal baru" in page and "Perihal lama" in page  # timeline shows old -> new
    # A stale form (version 1 again) is refused, the newer value stays.
    stale = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": token, "version": str(v), "perihal": "Lagi"},
                        follow_redirects=True)
    assert "orang lain" in _text(stale).lower() or "someone else" in _text(stale).lower()
    current = re.search(r'name="version" value="(\d+)"', page).group(1)
    bad = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": token, "version": current, "tanggal_surat": "31-02-2024"},
                      follow_redirects=True)
    assert "2024-03-31" in _text(bad)
    huge = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": token, "version": current, "nomor": "x" * 5000},
                       follow_redirects=True)
    assert huge.status_code == 400 and "200" in _text(huge)  # "at most 200 characters"
    # A refused save keeps what was typed in the form (the perihal typed beside a wrong date).
    kept = client.post(f"/documents/{doc_id}/fields", data={"csrf_token": token, "version": current,
                                                              "perihal": "Perihal yang diketik", "tanggal_surat": "2099-01-01"})
    assert kept.status_code == 400 and "Perihal yang diketik</textarea>" in kept.get_data(as_text=True)
    with app.extensions["lontar"].runtime.session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc.perihal == "Perihal baru" and doc.version > v and not doc.field_meta["perihal"]["review"]


def test_staf_cannot_edit_fields(as_user, world):
    client = as_user("staf")
    response = client.post(f"/documents/{world.docs['biasa_a']}/fields", data={"csrf_token": csrf_token(client), "version": "1"})
    assert response.status_code == 403


def _png_bytes(text: str = "x") -> bytes:
    image = Image.new("RGB", (400, 300), "white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_upload_queue_duplicate_and_rejection(app, as_user):
    client = as_user("arsiparis")
    headers = {"X-CSRFToken": csrf_token(client)}
    png = _png_bytes()
    first = client.post("/documents/upload", data={"file": [(io.BytesIO(png), "scan.png"), (io.BytesIO(b"hello"), "notes.txt")]},
                        headers=headers, content_type="multipart/form-data")
    assert first.status_code == 200
    ok, bad = first.json["results"]
    assert ok["state"] == "queued" and ok["document_id"]
    assert bad["state"] in ("rejected", "failed") and bad["message"]
    again = client.post("/documents/upload", data={"file": (io.BytesIO(png), "scan-again.png")}, headers=headers,
                        content_type="multipart/form-data")
    assert again.json["results"][0]["state"] == "duplicate"
    status = client.get(f"/documents/status?ids={ok['document_id']}").json["documents"]
    assert status[0]["status"] == "queued" and status[0]["filename"] == "scan.png"
    assert client.get("/documents/status?ids=1,abc").status_code == 400
    assert client.post("/documents/upload", headers=headers).status_code == 400


def test_upload_without_csrf_is_refused(as_user):
    response = as_user("arsiparis").post("/documents/upload", data={"file": (io.BytesIO(b"x"), "a.png")},
                                         content_type="multipart/form-data")
    assert response.status_code == 400


def test_upload_too_large_is_413_with_message(app, world):
    from tests.web.conftest import login

    small = app.__class__  # noqa: F841 (same app class; a second app with a tiny limit)
    from app.web.factory import create_app

    runtime = app.extensions["lontar"].runtime
    tiny = create_app(runtime.settings.with_overrides(max_upload_mb=1), runtime=runtime, TESTING=True)
    client = tiny.test_client()
    login(client, "arsiparis")
    response = client.post("/documents/upload", data={"file": (io.BytesIO(b"x" * (2 * 1024 * 1024)), "big.pdf")},
                           headers={"X-CSRFToken": csrf_token(client)}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "1 MB" in _text(response)
