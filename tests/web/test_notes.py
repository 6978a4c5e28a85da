"""Notes on a letter: readers of the letter see and add them (page and API), nobody else
does; the author deletes his own; every add and delete is in the audit trail."""
from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Document, DocumentNote, Position, User
from app.services import localtime, notes
from app.services.access import context_for
from app.services.users import create_user
from tests.factories import PASSWORD, make_document
from tests.web.conftest import csrf_token, index_docs


@pytest.fixture(scope="module")
def other_unit_staf(web_env):
    """A staf member of Bidang Sekretariat (not the letters' Seksi Kurikulum)."""
    app, world = web_env
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        position = Position(name="Staf Sekretariat", unit_id=world.org.bidang_b.id, parent_id=world.org.kabid_b.id)
        s.add(position)
        s.flush()
        create_user(s, "staf_sek", PASSWORD, "staf", position_id=position.id, full_name="Rina Sekretariat")
    return "staf_sek"


_SERIAL = itertools.count(1)


@pytest.fixture
def letter(app, world):
    """A fresh letter of Seksi Kurikulum (readable by staf, not by the other unit's staf)."""
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        doc = make_document(s, [f"Surat catatan nomor {next(_SERIAL)}"], nomor="005/1/CAT/2024", perihal="Undangan catatan",
                            unit_id=world.org.seksi_a1.id)
        index_docs(runtime, [doc])
        return doc.id


def _user(s, name):
    return s.scalar(select(User).where(User.username == name))


def _add(client, doc_id, text):
    return client.post(f"/documents/{doc_id}/notes", data={"text": text, "csrf_token": csrf_token(client)})


def test_service_add_list_delete_audited(app, world, letter):
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        staf, kasi = _user(s, "staf"), _user(s, "kasi")
        doc = s.get(Document, letter)
        note = notes.add_note(s, context_for(s, staf), doc, staf, "  Mohon ditindaklanjuti\r\nbaris dua \x00 ")
        assert note.text == "Mohon ditindaklanjuti\nbaris dua"
        assert [n.id for n in notes.list_notes(s, context_for(s, kasi), doc)] == [note.id]
        with pytest.raises(notes.NotAuthor):
            notes.delete_note(s, context_for(s, kasi), doc, kasi, note.id)
        with pytest.raises(notes.NoteError):
            notes.add_note(s, context_for(s, kasi), doc, kasi, " \x07 ")
        notes.delete_note(s, context_for(s, staf), doc, staf, note.id)
        assert notes.list_notes(s, context_for(s, staf), doc) == []
        kept = s.get(DocumentNote, note.id)
        assert kept.deleted_at is not None and kept.deleted_by_id == staf.id and kept.text  # row kept
        trail = s.scalars(select(AuditEntry).where(AuditEntry.document_id == letter,
                                                   AuditEntry.object_type == "note")).all()
        assert [(e.action, e.actor_name, e.details["note"]) for e in trail] == [
            ("note_added", "staf", "Mohon ditindaklanjuti\nbaris dua"),
            ("note_deleted", "staf", "Mohon ditindaklanjuti\nbaris dua")]


def test_staf_of_another_unit_cannot_see_or_add_notes(app, world, letter, as_user, other_unit_staf):
    staf = as_user("staf")
    assert _add(staf, letter, "Catatan internal seksi").status_code == 302
    outsider = as_user(other_unit_staf)
    assert outsider.get(f"/documents/{letter}").status_code == 404
    assert outsider.get(f"/api/v1/documents/{letter}/notes").status_code == 404
    assert _add(outsider, letter, "coba").status_code == 404
    response = outsider.post(f"/api/v1/documents/{letter}/notes", json={"text": "coba"},
                             headers={"X-CSRFToken": csrf_token(outsider)})
    assert response.status_code == 404
    with app.extensions["lontar"].runtime.session_scope() as s:
        texts = s.scalars(select(DocumentNote.text).where(DocumentNote.document_id == letter)).all()
    assert texts == ["Catatan internal seksi"]
    # The restricted (rahasia) letter's notes are as hidden as the letter itself.
    assert staf.get(f"/api/v1/documents/{world.docs['rahasia_a']}/notes").status_code == 404


def test_note_on_the_letter_page_escaped_with_author_and_time(app, letter, as_user):
    with app.extensions["lontar"].runtime.session_scope() as s:
        _user(s, "staf").full_name = "Sari Staf Kurikulum"
    staf = as_user("staf")
    response = _add(staf, letter, "<script>alert('catatan')</script> Segera & cepat")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/documents/{letter}#notes")
    kasi = as_user("kasi")
    page = kasi.get(f"/documents/{letter}").get_data(as_text=True)
    panel = page[page.index('id="notes"'):page.index('id="note-form"')]
    assert "&lt;script&gt;alert(&#39;catatan&#39;)&lt;/script&gt; Segera &amp; cepat" in panel
    assert "<script>alert('catatan')" not in page
    assert "Sari Staf Kurikulum" in panel
    with app.extensions["lontar"].runtime.session_scope() as s:
        created = s.scalar(select(DocumentNote.created_at).where(DocumentNote.document_id == letter))
    zone = app.extensions["lontar"].settings.timezone
    shown = localtime.format_compact(created, zone)  # the office's zone (default WIB), not UTC
    assert shown.endswith(("WIB", "WITA", "WIT")) and f">{shown}</time>" in panel
    assert "catatan ditambahkan" in page  # the timeline, in Indonesian
    assert "Hapus" not in panel  # kasi is not the author: no delete button


def test_author_deletes_own_note_others_cannot(app, letter, as_user):
    staf, kasi = as_user("staf"), as_user("kasi")
    _add(staf, letter, "Catatan yang akan dihapus")
    with app.extensions["lontar"].runtime.session_scope() as s:
        note_id = s.scalar(select(DocumentNote.id).where(DocumentNote.document_id == letter))
    refused = kasi.post(f"/documents/{letter}/notes/{note_id}/delete", data={"csrf_token": csrf_token(kasi)},
                        follow_redirects=True)
    assert "Hanya penulis catatan yang boleh menghapusnya." in refused.get_data(as_text=True)
    assert staf.post(f"/documents/{letter}/notes/{note_id}/delete").status_code == 400  # no CSRF token
    done = staf.post(f"/documents/{letter}/notes/{note_id}/delete", data={"csrf_token": csrf_token(staf)},
                     follow_redirects=True)
    body = done.get_data(as_text=True)
    assert "Catatan dihapus." in body and "Catatan yang akan dihapus" not in body.split('id="notes"')[1].split("</div>")[0]
    assert "catatan dihapus" in body  # timeline entry
    again = staf.post(f"/documents/{letter}/notes/{note_id}/delete", data={"csrf_token": csrf_token(staf)})
    assert again.status_code == 404


def test_empty_or_too_long_note_is_refused_with_a_message(letter, as_user):
    staf = as_user("staf")
    empty = _add(staf, letter, "   ")
    assert empty.status_code == 302
    page = staf.get(f"/documents/{letter}").get_data(as_text=True)
    assert "Tulis catatannya dahulu." in page
    too_long = staf.post(f"/documents/{letter}/notes", data={"text": "x" * 5001, "csrf_token": csrf_token(staf)},
                         follow_redirects=True)
    assert "Tidak disimpan" in too_long.get_data(as_text=True)


def test_api_lists_and_adds_notes(app, letter):
    from app.services.users import issue_token

    with app.extensions["lontar"].runtime.session_scope() as s:
        token = issue_token(s, _user(s, "kabid_a"), "notes")
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    created = client.post(f"/api/v1/documents/{letter}/notes", json={"text": "Lewat API"}, headers=auth)
    assert created.status_code == 201, created.json
    assert created.json["text"] == "Lewat API" and created.json["author"] == "kabid_a"
    listed = client.get(f"/api/v1/documents/{letter}/notes", headers=auth)
    assert [n["text"] for n in listed.json["notes"]] == ["Lewat API"]
    bad = client.post(f"/api/v1/documents/{letter}/notes", json={"text": " "}, headers={**auth, "Accept-Language": "en"})
    assert bad.status_code == 400 and bad.json["error"]["message"] == "Write the note first."
    assert client.post(f"/api/v1/documents/{letter}/notes", json=["x"], headers=auth).status_code == 400
    assert client.get(f"/api/v1/documents/{letter}/notes").status_code == 401
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/api/v1/documents/{doc_id}/notes"]) == {"get", "post"}
