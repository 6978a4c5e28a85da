"""JSON API: documents, search, permissions, errors; and the OpenAPI document."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.models import User
from app.services.users import issue_token


@pytest.fixture(scope="module")
def tokens(web_env):
    app, _world = web_env
    out = {}
    with app.extensions["lontar"].runtime.session_scope() as s:
        for user in s.scalars(select(User)):
            out[user.username] = issue_token(s, user, "tests")
    return out


@pytest.fixture
def api(app, tokens):
    client = app.test_client()

    def call(method: str, url: str, user: str = "admin", **kwargs):
        headers = {"Authorization": f"Bearer {tokens[user]}"}
        return client.open(url, method=method, headers=headers, **kwargs)

    return call


def test_list_documents_respects_access(api, world):
    staf = api("GET", "/api/v1/documents", "staf").json
    ids = {d["id"] for d in staf["documents"]}
    assert world.docs["biasa_a"] in ids and world.docs["rahasia_a"] not in ids and world.docs["biasa_b"] not in ids
    assert staf["total"] == len(ids)
    records = api("GET", "/api/v1/documents?per_page=100", "records").json
    assert world.docs["rahasia_a"] in {d["id"] for d in records["documents"]}


def test_list_filters_and_errors(api, world):
    found = api("GET", "/api/v1/documents?nomor=800/45").json
    assert [d["id"] for d in found["documents"]] == [world.docs["biasa_b"]]
    for bad in ("?unknown=1", "?date_from=yesterday", "?per_page=0", "?sifat=secret"):
        response = api("GET", "/api/v1/documents" + bad)
        assert response.status_code == 400 and response.json["error"]["message"], bad


def test_get_document_and_404s(api, world):
    doc = api("GET", f"/api/v1/documents/{world.docs['biasa_a']}", "staf").json
    assert doc["fields"]["nomor"]["value"] == "005/123/DISDIK/2024" and doc["pages"][1]["number"] == 2
    assert api("GET", f"/api/v1/documents/{world.docs['rahasia_a']}", "staf").status_code == 404
    assert api("GET", "/api/v1/documents/424242", "staf").json["error"]["code"] == "not_found"


def test_edit_fields_via_api(app, api, world):
    from tests.factories import make_document

    with app.extensions["lontar"].runtime.session_scope() as s:
        doc = make_document(s, ["api edit"], nomor="API/1", unit_id=world.org.seksi_a1.id)
        doc_id, version = doc.id, doc.version
    ok = api("PATCH", f"/api/v1/documents/{doc_id}", "arsiparis", json={"version": version, "fields": {"perihal": "Lewat API"}})
    assert ok.status_code == 200 and ok.json["fields"]["perihal"]["value"] == "Lewat API"
    stale = api("PATCH", f"/api/v1/documents/{doc_id}", "arsiparis", json={"version": version, "fields": {"perihal": "x"}})
    assert stale.status_code == 409
    fresh = ok.json["version"]
    assert api("PATCH", f"/api/v1/documents/{doc_id}", "arsiparis", json={"version": fresh, "fields": {"tanggal_surat": "2024-02-30"}}).status_code == 400
    assert api("PATCH", f"/api/v1/documents/{doc_id}", "arsiparis", json={"version": fresh, "fields": {"checksum": "x"}}).status_code == 400
    assert api("PATCH", f"/api/v1/documents/{doc_id}", "arsiparis", data="not json").status_code == 400
    assert api("PATCH", f"/api/v1/documents/{doc_id}", "staf", json={"version": fresh, "fields": {}}).status_code == 403


def test_upload_via_api(api):
    response = api("POST", "/api/v1/documents", "arsiparis", data={"file": (io.BytesIO(b"%PDF-1.4 broken"), "broken.pdf")},
                   content_type="multipart/form-data")
    assert response.status_code in (200, 201)
    assert response.json["results"][0]["state"] in ("failed", "rejected", "queued")
    assert api("POST", "/api/v1/documents", "kadis", data={}, content_type="multipart/form-data").status_code == 403
    assert api("POST", "/api/v1/documents", "arsiparis", data={}, content_type="multipart/form-data").status_code == 400


def test_session_auth_needs_csrf_for_writes(as_user, world):
    client = as_user("arsiparis")
    response = client.patch(f"/api/v1/documents/{world.docs['biasa_a']}", json={"version": 1, "fields": {}})
    assert response.status_code == 400 and response.json["error"]["code"] == "csrf_failed"
    assert client.get("/api/v1/documents").status_code == 200


def test_search_api(api, world):
    body = api("GET", "/api/v1/search?q=koordinasi", "staf").json
    assert body["total"] == 1 and body["hits"][0]["id"] == world.docs["biasa_a"] and "<mark>" in body["hits"][0]["snippet"]
    assert api("GET", "/api/v1/search?q=pemeriksaan", "staf").json["total"] == 0
    assert api("GET", "/api/v1/search?q=foo:bar").status_code == 400
    everything = api("GET", "/api/v1/search", "staf").json  # no query: every readable letter
    assert everything["total"] >= 1 and world.docs["rahasia_a"] not in {h["id"] for h in everything["hits"]}
