"""Issue 11 blocker: after a change to a letter, every letter page must still render,
similar letters included, on both engines (tantivy used to panic counting the deleted
old copy of the updated document)."""
from __future__ import annotations

from sqlalchemy import select

from app.models import AuditEntry
from tests.search.apps import letters_app  # noqa: F401 - the fixture
from tests.web.conftest import csrf_token, logged_in_clients

def _views(runtime, doc_id) -> int:
    with runtime.session_scope() as s:
        return len(list(s.scalars(select(AuditEntry).where(AuditEntry.document_id == doc_id,
                                                             AuditEntry.action == "viewed"))))


def test_letter_pages_render_after_an_edit(letters_app):
    app, runtime, ids = letters_app
    client = logged_in_clients(app)("arsiparis")
    page = client.get(f"/documents/{ids[0]}")
    assert page.status_code == 200
    version = page.get_data(as_text=True).split('name="version" value="', 1)[1].split('"', 1)[0]
    saved = client.post(f"/documents/{ids[0]}/fields", data={"version": version, "tanggal_surat": "2024-03-06",
                                                             "csrf_token": csrf_token(client)})
    assert saved.status_code == 302
    for doc_id in ids:                               # the edited letter and the others
        views = _views(runtime, doc_id)
        response = client.get(f"/documents/{doc_id}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and 'id="similar"' in html
        assert _views(runtime, doc_id) == views + 1
        others = [i for i in ids if i != doc_id]
        assert any(f'href="/documents/{i}"' in html for i in others), "similar letters lost"
        api = client.get(f"/api/v1/documents/{doc_id}/similar")
        assert api.status_code == 200
        assert sorted(h["id"] for h in api.get_json()["similar"]) == others


def test_a_page_that_fails_to_render_is_not_audited_as_viewed(letters_app, monkeypatch):
    app, runtime, ids = letters_app
    client = logged_in_clients(app)("arsiparis")
    import app.web.documents.views as views_module

    def broken(*_args, **_kwargs):              # fault injection: the page cannot be built
        raise RuntimeError("template input broken")

    monkeypatch.setattr(views_module, "highlight", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        assert client.get(f"/documents/{ids[1]}").status_code == 500
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert _views(runtime, ids[1]) == 0


def test_a_failing_similar_panel_leaves_the_page_standing(letters_app, monkeypatch):
    app, runtime, ids = letters_app
    client = logged_in_clients(app)("arsiparis")

    def crash(*_args, **_kwargs):               # fault injection: an unexpected bug in the panel
        raise RuntimeError("similar letters exploded")

    monkeypatch.setattr(runtime.search, "similar", crash)
    response = client.get(f"/documents/{ids[0]}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="similar"' in html and "exploded" not in html
    assert "Bagian halaman ini tidak dapat ditampilkan" in html
    assert _views(runtime, ids[0]) == 1


def test_letter_pages_render_after_a_registration(letters_app):
    """Registering (like disposing, reading, completing) changes the indexed copy too."""
    from app.models import Document, Position, User
    from app.services import registration
    from tests.disposition.conftest import form

    app, runtime, ids = letters_app
    with runtime.session_scope() as s:
        clerk = s.scalar(select(User).where(User.username == "arsiparis"))
        head = s.scalar(select(Position).where(Position.name == "Kepala Dinas"))
        data = form(type("Org", (), {"kepala_dinas": head})())
        registration.register(s, s.get(Document, ids[2]), clerk, data)
    client = logged_in_clients(app)("kadis")
    for doc_id in ids:
        response = client.get(f"/documents/{doc_id}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert any(f'href="/documents/{i}"' in html for i in ids if i != doc_id), "similar letters lost"
