"""An archive with letters whose sifat is not yet confirmed, on either search engine.

Letters of the uploader ``staf`` (Seksi Kurikulum): one waiting in the queue, one whose
processing failed (both stored through the real intake), one processed but read with an
uncertain sifat (indexed, with its files on disk), and a confirmed sibling of it. The
``arsiparis`` (Sekretariat) uploads letters the confirmation tests change.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.migrate import upgrade
from app.models import Position
from app.runtime import Runtime
from app.services import indexing
from app.services.users import create_user
from app.web.factory import create_app
from ingest.errors import OcrEngineError
from ingest.intake import store_upload
from ingest.stages.record import record_failure
from ingest.storage import original_path, page_image_path, searchable_pdf_path, thumbnail_path
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document, make_org
from tests.ingest.samples import write_png
from tests.web.conftest import logged_in_clients

ENGINES = ("embedded", "elastic")
# Who may read a letter of staf (Seksi Kurikulum) whose sifat is not confirmed: the uploader
# and the officials cleared for the highest level over that unit. Everyone else is refused,
# including another staf of the same unit and the archive-wide roles.
ALLOWED = ("staf", "kasi", "kabid_a", "kadis")
REFUSED = ("staf2", "admin", "arsiparis", "records", "kabid_b")
SECRET_WORD = "zamrud"                      # only in the uncertain letter
SECRET_SENDER = "Badan Zamrud Khatulistiwa"


@dataclass
class World:
    app: object
    runtime: Runtime
    engine: str
    docs: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)

    def client(self, username: str):
        return logged_in_clients(self.app)(username)


def _settings(tmp: Path, engine: str):
    env = {}
    if engine == "elastic":
        from tests.conftest import ES_URL

        env = {"SEARCH_URL": ES_URL, "SEARCH_INDEX_PREFIX": f"lontar-test-{uuid.uuid4().hex[:10]}"}
    return make_settings(tmp / "data", **env)


def build(tmp: Path, engine: str) -> World:
    settings = _settings(tmp, engine)
    upgrade(settings)
    runtime = Runtime(settings)
    if engine == "elastic":
        runtime.search.refresh = "wait_for"
    runtime.search.ensure_index()
    world = World(create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute"),
                  runtime, engine)
    with runtime.session_scope() as s:
        org = make_org(s)
        second = Position(name="Staf Seksi Kurikulum 2", unit_id=org.seksi_a1.id, parent_id=org.kasi_a1.id)
        s.add(second)
        s.flush()
        org.users["staf2"] = create_user(s, "staf2", PASSWORD, "staf", position_id=second.id)
        world.users = {name: u.id for name, u in org.users.items()}
        world.units = {"seksi": org.seksi_a1.id, "sekretariat": org.bidang_b.id}
    world.docs["queued"] = upload(world, tmp / "queued.png", "staf", "seksi", "SURAT RAHASIA dalam antrean")
    world.docs["failed"] = upload(world, tmp / "failed.png", "staf", "seksi", "SURAT RAHASIA yang gagal")
    fail(world, world.docs["failed"])
    world.docs["uncertain"] = letter(world, "staf", "seksi", confirmed=False)
    world.docs["sibling"] = letter(world, "staf", "seksi", confirmed=True, secret=False)
    return world


def upload(world: World, path: Path, username: str, unit: str, text: str) -> int:
    """A real intake: the original stored, the letter queued (the worker is not asked)."""
    write_png(path, [text, uuid.uuid4().hex])
    result = store_upload(world.runtime, path, uploaded_by_id=world.users[username], unit_id=world.units[unit],
                          source="web", enqueue=False)
    assert result.ok, result
    return result.document_id


def fail(world: World, doc_id: int) -> None:
    assert record_failure(world.runtime, doc_id, OcrEngineError(page=1), final=True) == "failed"


def letter(world: World, username: str, unit: str, confirmed: bool, secret: bool = True) -> int:
    """A processed letter (indexed, files on disk); ``secret`` letters carry the secret words."""
    words = f"Laporan {SECRET_WORD} pengamanan gudang senjata" if secret else "Laporan pengamanan gudang arsip"
    with world.runtime.session_scope() as s:
        doc = make_document(s, [f"{words} tahun anggaran {uuid.uuid4().hex[:6]}", "Halaman dua pengamanan gudang"],
                            nomor=f"700/{uuid.uuid4().hex[:4]}/2024", perihal=f"{words} kabupaten",
                            sender=SECRET_SENDER if secret else "Dinas Perhubungan", tanggal_surat=date(2024, 5, 6),
                            unit_id=world.units[unit], uploaded_by_id=world.users[username],
                            sifat_confirmed=confirmed, has_searchable_pdf=True)
        indexing.mark_changed(s, doc.id)
        doc_id, checksum = doc.id, doc.checksum
    settings = world.runtime.settings
    for path in (original_path(settings, checksum), searchable_pdf_path(settings, doc_id),
                 page_image_path(settings, doc_id, 1), thumbnail_path(settings, doc_id, 1)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 stand-in bytes of a stored file")
    return doc_id


def close(world: World) -> None:
    if world.engine == "elastic":
        world.runtime.search.delete_all()
    world.runtime.close()
