"""Grants from registration and disposition follow live state only (issue 15, item 3).

A cancelled entry or a cancelled registration stops granting the letter on every channel
at once: the letter page, its original, its API record, the document list and search,
on both engines (tantivy and the real Elasticsearch node), through the real index.
"""
from __future__ import annotations

import shutil
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import Document, Notification, User
from app.runtime import Runtime
from app.services import access, indexing, notifications
from app.services import disposition as dsp
from app.services import registration as reg
from ingest.storage import original_path
from search import SearchRequest
from tests.conftest import make_settings
from tests.disposition.conftest import DB_NAME, form, load_org
from tests.factories import make_document

SUBJECT = "Permohonan data guru honorer triwulan"


@pytest.fixture(params=["embedded", "elastic"])
def runtime(request, tmp_path, org_template):
    """The disposition tests' office on each engine (this module's own ``runtime``)."""
    env = {}
    if request.param == "elastic":
        env = {"SEARCH_URL": request.getfixturevalue("es_url"), "SEARCH_INDEX_PREFIX": f"lontar-grants-{uuid.uuid4().hex[:8]}"}
    settings = make_settings(tmp_path / "data", **env)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(org_template, settings.data_dir / DB_NAME)
    rt = Runtime(settings)
    rt.search.ensure_index()
    yield rt
    if request.param == "elastic":
        rt.search.delete_all()
    rt.close()


def _letter(runtime, unit: str = "dinas") -> int:
    with runtime.session_scope() as s:
        org = load_org(s)
        doc = make_document(s, [f"Kepada Yth. Kepala Dinas. Perihal: {SUBJECT}"], nomor="800/77/BKPSDM/2025",
                            perihal=SUBJECT, sender="BKPSDM", tanggal_surat=date.today() - timedelta(days=2),
                            unit_id=getattr(org, unit).id)
        indexing.mark_changed(s, doc.id)
        path = original_path(runtime.settings, doc.checksum)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 original scan")
        return doc.id


def _channels(runtime, client, username: str, doc_id: int) -> dict[str, bool]:
    """Where ``username`` finds the letter: page, original, API record, document list, search."""
    with runtime.session_scope() as s:
        user = s.scalar(select(User).where(User.username == username))
        ctx = access.context_for(s, user, runtime.settings.restrict_to_unit)
        readable = access.can_read(s, ctx, s.get(Document, doc_id))
    hits = runtime.search.search(SearchRequest("guru honorer", per_page=50), ctx).hits
    listed = client.get("/api/v1/documents?per_page=100").get_json()
    return {
        "can_read": readable,
        "page": client.get(f"/documents/{doc_id}").status_code == 200,
        "original": client.get(f"/documents/{doc_id}/original").status_code == 200,
        "api": client.get(f"/api/v1/documents/{doc_id}").status_code == 200,
        "list": doc_id in {d["id"] for d in listed["documents"]},
        "search": doc_id in {h.doc_id for h in hits},
    }


def _dispose_to_both(runtime, doc_id: int) -> tuple[int, dict[str, int]]:
    with runtime.session_scope() as s:
        org = load_org(s)
        registration = reg.register(s, s.get(Document, doc_id), org.users["arsiparis"], form(org, perihal=SUBJECT))
        top = dsp.dispose(s, org.users["kadis"], registration, [org.kabid_a.id, org.kabid_b.id],
                          ["Untuk ditindaklanjuti"])
        return registration.id, {("kabid_a" if r.position_id == org.kabid_a.id else "kabid_b"): r.id for r in top.recipients}


def test_cancelled_entry_stops_granting_on_every_channel(runtime, as_user):
    doc_id = _letter(runtime)
    _reg_id, entries = _dispose_to_both(runtime, doc_id)
    kabid = as_user("kabid_a")  # another unit (Bidang Pendidikan Dasar): reads the letter only through the grant
    assert set(_channels(runtime, kabid, "kabid_a", doc_id).values()) == {True}
    with runtime.session_scope() as s:
        dsp.cancel_entry(s, load_org(s).users["kadis"], entries["kabid_a"])
    assert set(_channels(runtime, kabid, "kabid_a", doc_id).values()) == {False}
    assert kabid.get(f"/disposisi/entry/{entries['kabid_a']}").status_code == 404
    assert kabid.get(f"/api/v1/disposition-entries/{entries['kabid_a']}").status_code == 404
    with runtime.session_scope() as s:  # the other recipient and the sender keep theirs
        org = load_org(s)
        assert org.kabid_b.id in access.granted_position_ids(s, doc_id)
        assert org.kabid_a.id not in access.granted_position_ids(s, doc_id)


def test_cancelled_registration_stops_granting_its_tujuan_and_recipients(runtime, as_user):
    doc_id = _letter(runtime, unit="bidang_b")  # Sekretariat's letter: kabid_a reads it only through grants
    with runtime.session_scope() as s:
        org = load_org(s)
        registration = reg.register(s, s.get(Document, doc_id), org.users["arsiparis"],
                                    form(org, perihal=SUBJECT, tujuan=org.kabid_a.id))
        dsp.dispose(s, org.users["kabid_a"], registration, [org.kasi_a1.id], ["Untuk diketahui"])
        reg_id = registration.id
    kabid, kasi = as_user("kabid_a"), as_user("kasi")
    assert set(_channels(runtime, kabid, "kabid_a", doc_id).values()) == {True}  # addressed to him (tujuan)
    assert set(_channels(runtime, kasi, "kasi", doc_id).values()) == {True}      # disposed to him
    with runtime.session_scope() as s:
        reg.cancel(s, s.get(reg.Registration, reg_id), load_org(s).users["arsiparis"], "salah alamat")
    assert set(_channels(runtime, kabid, "kabid_a", doc_id).values()) == {False}
    assert set(_channels(runtime, kasi, "kasi", doc_id).values()) == {False}
    assert kabid.get(f"/disposisi/letter/{reg_id}").status_code == 404


def test_the_notification_of_a_cancelled_entry_drops_the_subject(runtime, as_user):
    doc_id = _letter(runtime)
    _reg_id, entries = _dispose_to_both(runtime, doc_id)
    with runtime.session_scope() as s:
        org = load_org(s)
        before = s.scalar(select(Notification).where(Notification.link == f"/disposisi/entry/{entries['kabid_a']}"))
        assert SUBJECT in before.message
        dsp.cancel_entry(s, org.users["kadis"], entries["kabid_a"])
    with runtime.session_scope() as s:
        mine = s.scalars(select(Notification).where(Notification.user_id == load_org(s).users["kabid_a"].id)).all()
        assert mine and all(SUBJECT not in n.message for n in mine)
        assert any("dibatalkan" in notifications.render_in(n, "id") for n in mine)
        other = s.scalar(select(Notification).where(Notification.link == f"/disposisi/entry/{entries['kabid_b']}"))
        assert SUBJECT in other.message  # the live one is untouched
    page = as_user("kabid_a").get("/disposisi/").get_data(as_text=True)
    assert SUBJECT not in page
