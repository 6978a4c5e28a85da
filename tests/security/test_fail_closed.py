"""Issue 15 item 1: a letter whose sifat is not yet read (queued), could not be read (failed)
or was read with doubt is closed: only its uploader and the officials cleared for the highest
level over its unit see it, on every channel and on both engines, until a person sets its sifat.
"""
from __future__ import annotations

import pytest

from app.models import Document
from tests.security.access_world import ALLOWED, ENGINES, REFUSED, SECRET_SENDER, SECRET_WORD, build, close, letter, \
    upload, fail
from tests.web.conftest import csrf_from

CLOSED = ("queued", "failed", "uncertain")
FILES = ("/original", "/searchable.pdf", "/pages/1.jpg", "/thumbs/1.jpg")


@pytest.fixture(scope="module", params=ENGINES)
def world(request, tmp_path_factory, es_url):
    built = build(tmp_path_factory.mktemp(f"closed-{request.param}"), request.param)
    yield built
    close(built)


@pytest.fixture(scope="module")
def clients(world):
    return {name: world.client(name) for name in ALLOWED + REFUSED}


def _ids(items) -> set[int]:
    return {item["id"] for item in items}


@pytest.mark.parametrize("state", CLOSED)
def test_refused_users_get_404_on_every_file_page_and_record(world, clients, state):
    doc_id = world.docs[state]
    for name in REFUSED:
        c = clients[name]
        for path in ("", *FILES):
            assert c.get(f"/documents/{doc_id}{path}").status_code == 404, (name, state, path)
        for path in ("", "/similar", "/disposition"):
            assert c.get(f"/api/v1/documents/{doc_id}{path}").status_code == 404, (name, state, path)
        assert doc_id not in _ids(c.get("/api/v1/documents?per_page=100").get_json()["documents"]), (name, state)
        assert c.get(f"/documents/status?ids={doc_id}").get_json() == {"documents": []}, (name, state)


@pytest.mark.parametrize("state", CLOSED)
def test_uploader_and_cleared_officials_read_it(world, clients, state):
    doc_id = world.docs[state]
    for name in ALLOWED:
        c = clients[name]
        assert c.get(f"/documents/{doc_id}").status_code == 200, (name, state)
        original = c.get(f"/documents/{doc_id}/original")
        assert original.status_code == 200 and original.data, (name, state)
        record = c.get(f"/api/v1/documents/{doc_id}").get_json()
        assert record["id"] == doc_id and record["sifat_confirmed"] is False
        assert doc_id in _ids(c.get("/api/v1/documents?per_page=100").get_json()["documents"]), (name, state)
    assert clients["staf"].get(f"/documents/status?ids={doc_id}").get_json()["documents"][0]["id"] == doc_id
    page = clients["staf"].get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'id="sifat-unconfirmed"' in page and "belum dipastikan" in page     # the uploader is told why


def test_files_of_the_processed_letter_open_only_to_its_readers(world, clients):
    doc_id = world.docs["uncertain"]
    for path in FILES:
        assert clients["kasi"].get(f"/documents/{doc_id}{path}").status_code == 200, path
        assert clients["staf2"].get(f"/documents/{doc_id}{path}").status_code == 404, path


def _search(c, query: str) -> dict:
    response = c.get(f"/api/v1/search?q={query}&per_page=100")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_search_hits_counts_and_facets_leave_it_out(world, clients):
    doc_id = world.docs["uncertain"]
    for name in REFUSED:
        found = _search(clients[name], SECRET_WORD)
        assert found["total"] == 0 and found["hits"] == [], name
        everything = _search(clients[name], "pengamanan")
        assert doc_id not in {h["id"] for h in everything["hits"]}, name
        assert SECRET_SENDER not in {f["value"] for f in everything["facets"]["sender"]}, name
        assert clients[name].get(f"/search/?q={SECRET_WORD}").get_data(as_text=True).count(SECRET_SENDER) == 0, name
    for name in ALLOWED:
        found = _search(clients[name], SECRET_WORD)
        assert [h["id"] for h in found["hits"]] == [doc_id] and found["total"] == 1, name
        assert SECRET_SENDER in {f["value"] for f in found["facets"]["sender"]}, name


def _suggestions(c, prefix: str) -> list[str]:
    response = c.get(f"/api/v1/search/suggest?q={prefix}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [s["text"] for s in response.get_json()["suggestions"]]


def test_suggestions_and_similar_letters_leave_it_out(world, clients):
    doc_id, sibling = world.docs["uncertain"], world.docs["sibling"]
    assert any(SECRET_WORD in s.lower() for s in _suggestions(clients["kasi"], "zamr"))
    similar = clients["kasi"].get(f"/api/v1/documents/{sibling}/similar?limit=20").get_json()["similar"]
    assert doc_id in _ids(similar)
    for name in REFUSED:
        assert not any(SECRET_WORD in s.lower() for s in _suggestions(clients[name], "zamr")), name
        if name in ("staf2",):      # the sibling is readable to staf of the unit only (biasa, Seksi)
            similar = clients[name].get(f"/api/v1/documents/{sibling}/similar?limit=20").get_json()["similar"]
            assert doc_id not in _ids(similar), name


def _set_sifat(c, doc_id: int, sifat: str) -> None:
    page = c.get(f"/documents/{doc_id}").get_data(as_text=True)
    version = page.split('name="version" value="', 1)[1].split('"', 1)[0]
    response = c.post(f"/documents/{doc_id}/fields", data={"sifat": sifat, "version": version,
                                                           "csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)


def _confirmed(world, doc_id: int) -> tuple[bool, str]:
    with world.runtime.session_scope() as s:
        doc = s.get(Document, doc_id)
        return doc.sifat_confirmed, doc.sifat


def test_a_person_confirming_the_sifat_opens_the_letter(world, clients):
    doc_id = letter(world, "arsiparis", "sekretariat", confirmed=False)
    admin = clients["admin"]
    assert admin.get(f"/documents/{doc_id}").status_code == 404
    assert doc_id not in {h["id"] for h in _search(admin, SECRET_WORD)["hits"]}
    _set_sifat(clients["arsiparis"], doc_id, "biasa")       # the value read, now confirmed by a person
    assert _confirmed(world, doc_id) == (True, "biasa")
    page = admin.get(f"/documents/{doc_id}")
    assert page.status_code == 200 and 'id="sifat-unconfirmed"' not in page.get_data(as_text=True)
    assert doc_id in {h["id"] for h in _search(admin, SECRET_WORD)["hits"]}


def test_raising_the_sifat_closes_it_to_the_uploader_too(world, clients, tmp_path):
    doc_id = letter(world, "arsiparis", "sekretariat", confirmed=False)
    _set_sifat(clients["arsiparis"], doc_id, "rahasia")
    assert _confirmed(world, doc_id) == (True, "rahasia")
    for name in ("arsiparis", "admin"):          # cleared to terbatas: the uploader branch has ended
        assert clients[name].get(f"/documents/{doc_id}/original").status_code == 404, name
        assert doc_id not in {h["id"] for h in _search(clients[name], SECRET_WORD)["hits"]}, name
    assert clients["records"].get(f"/documents/{doc_id}/original").status_code == 200
    assert doc_id in {h["id"] for h in _search(clients["records"], SECRET_WORD)["hits"]}


def test_a_failed_letter_stays_closed_until_someone_sets_its_sifat(world, clients, tmp_path):
    doc_id = upload(world, tmp_path / "gagal.png", "arsiparis", "sekretariat", "SURAT yang gagal dibaca")
    fail(world, doc_id)
    assert clients["admin"].get(f"/documents/{doc_id}/original").status_code == 404
    _set_sifat(clients["arsiparis"], doc_id, "terbatas")
    assert _confirmed(world, doc_id) == (True, "terbatas")
    assert clients["admin"].get(f"/documents/{doc_id}/original").status_code == 200
