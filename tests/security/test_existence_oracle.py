"""Issue 15 item 5: uploading a copy of a letter one may not read says it is already in the
archive without naming it (web upload and API); its uploader and readers still get its number."""
from __future__ import annotations

import io

import pytest

from app.models import Document
from tests.security.access_world import build, close, upload
from tests.web.conftest import csrf_token


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oracle")
    built = build(tmp, "embedded")
    built.docs["secret"] = upload(built, tmp / "rahasia.png", "arsiparis", "sekretariat", "LAPORAN RAHASIA")
    with built.runtime.session_scope() as s:       # read and confirmed as rahasia
        doc = s.get(Document, built.docs["secret"])
        doc.sifat, doc.sifat_confirmed = "rahasia", True
    built.secret_bytes = (tmp / "rahasia.png").read_bytes()
    yield built
    close(built)


def _upload(world, username: str, path: str):
    client = world.client(username)
    response = client.post(path, data={"file": (io.BytesIO(world.secret_bytes), "salinan.png")},
                           headers={"X-CSRFToken": csrf_token(client)}, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    [result] = response.get_json()["results"]
    return result


@pytest.mark.parametrize("path", ["/documents/upload", "/api/v1/documents"])
def test_a_copy_of_an_unreadable_letter_names_no_document(world, path):
    result = _upload(world, "staf", path)
    secret = str(world.docs["secret"])
    assert result["state"] == "duplicate" and result["document_id"] is None and result["duplicate_of"] is None
    assert result["message"] == "Sudah ada di arsip." and secret not in result["message"]


def test_a_reader_of_the_letter_is_told_which_one(world, tmp_path):
    doc_id = upload(world, tmp_path / "biasa.png", "staf", "seksi", "SURAT BIASA")
    with world.runtime.session_scope() as s:
        s.get(Document, doc_id).sifat_confirmed = True          # biasa, read with confidence
    client = world.client("staf2")
    response = client.post("/api/v1/documents", data={"file": (io.BytesIO((tmp_path / "biasa.png").read_bytes()), "x.png")},
                           headers={"X-CSRFToken": csrf_token(client)}, content_type="multipart/form-data")
    [result] = response.get_json()["results"]
    assert result["duplicate_of"] == doc_id and result["message"] == f"Sudah ada di arsip sebagai dokumen {doc_id}."
