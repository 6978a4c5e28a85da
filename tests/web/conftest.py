"""Web fixtures: one migrated archive with an organisation and letters, shared by the module.

Tests that change data make their own documents, so the shared ones stay as built here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.orm import object_session

from app.migrate import upgrade
from app.models import Document
from app.runtime import Runtime
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import PASSWORD, Org, make_document, make_org


@dataclass
class World:
    org: Org
    docs: dict[str, int]  # name -> document id


def build_world(runtime: Runtime) -> World:
    with runtime.session_scope() as s:
        org = make_org(s)
        docs = {
            "biasa_a": make_document(s, ["SURAT UNDANGAN rapat koordinasi kurikulum", "Halaman dua lampiran jadwal"],
                                     nomor="005/123/DISDIK/2024", perihal="Undangan rapat koordinasi",
                                     sender="Dinas Kesehatan", tanggal_surat=date(2024, 3, 5), unit_id=org.seksi_a1.id),
            "biasa_b": make_document(s, ["Surat edaran sekretariat tentang cuti bersama"], nomor="800/45/SEK/2024",
                                     perihal="Edaran cuti bersama", sender="BKD", tanggal_surat=date(2024, 4, 1),
                                     unit_id=org.bidang_b.id),
            "rahasia_a": make_document(s, ["Laporan hasil pemeriksaan rahasia"], nomor="700/9/R/2024",
                                       perihal="Laporan pemeriksaan", sender="Inspektorat", sifat="rahasia",
                                       tanggal_surat=date(2024, 5, 6), unit_id=org.seksi_a1.id),
            "xss": make_document(s, ["<script>alert('ocr')</script> teks halaman"], nomor="<b>X</b>/1",
                                 perihal="<img src=x onerror=alert(1)>", sender="Evil <script>", unit_id=org.seksi_a1.id),
        }
        ids = {name: d.id for name, d in docs.items()}
        index_docs(runtime, list(docs.values()))
        s.expunge_all()
    return World(org=org, docs=ids)


def index_docs(runtime: Runtime, docs: list[Document]) -> None:
    """Put documents into the real (embedded) search index as the indexing service would."""
    from search import IndexDoc
    from app.models import Sifat

    runtime.search.ensure_index()
    runtime.search.index_documents([
        IndexDoc(id=d.id, pages=[p.text for p in d.pages], nomor=d.nomor, tanggal=d.tanggal_surat, perihal=d.perihal,
                 sender=d.sender, sifat=d.sifat, sifat_level=Sifat(d.sifat).level, sifat_confirmed=d.sifat_confirmed,
                 uploader_id=d.uploaded_by_id, unit_id=d.unit_id,
                 created_at=d.created_at)
        for d in docs
    ])
    for d in docs:
        d.index_state = "indexed"             # as the service records it (pending letters are withheld)
    for session in {object_session(d) for d in docs} - {None}:
        session.flush()                       # callers may expunge before their commit


@pytest.fixture(scope="module")
def web_env(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("web") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    world = build_world(runtime)
    app = create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    yield app, world
    runtime.close()


@pytest.fixture
def app(web_env):
    return web_env[0]


@pytest.fixture
def world(web_env):
    return web_env[1]


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def csrf_token(client) -> str:
    """The CSRF token of a logged-in client's session (from the page's meta tag)."""
    return csrf_from(client.get("/").get_data(as_text=True))


def logged_in_clients(app):
    """A function: username -> a test client of ``app`` logged in as that user."""

    def make(username: str):
        c = app.test_client()
        response = login(c, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return c

    return make


@pytest.fixture
def as_user(app):
    """as_user("staf") -> a test client logged in as that user."""
    return logged_in_clients(app)
