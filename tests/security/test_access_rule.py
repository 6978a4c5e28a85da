"""The access rule is one definition: the Python check, the SQL clause and both engines' filters
admit exactly the same letters for every user, over every combination the rule reads (sifat,
confirmed or not, unit, uploader). And processing opens a letter only on a certain reading.
"""
from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import select

from app.models import Document, User
from app.services import indexing
from app.services.access import can_read, context_for, readable_clause
from app.services import retention_lists
from ingest.stages import record
from ingest.stages.page import PageResult
from search import SearchRequest
from tests.factories import make_document
from tests.security.access_world import ENGINES, build, close, upload

SIFATS = ("biasa", "terbatas", "rahasia", "sangat_rahasia")


@pytest.fixture(scope="module", params=ENGINES)
def world(request, tmp_path_factory, es_url):
    built = build(tmp_path_factory.mktemp(f"rule-{request.param}"), request.param)
    with built.runtime.session_scope() as s:
        units = [built.units["seksi"], built.units["sekretariat"], None]
        uploaders = [built.users["staf"], built.users["arsiparis"], None]
        for n, (sifat, confirmed, unit, uploader) in enumerate(
                itertools.product(SIFATS, (True, False), units, uploaders)):
            doc = make_document(s, [f"Surat kombinasi nomor {n} tentang aturan akses"], nomor=f"000/{n}/RULE",
                                sifat=sifat, sifat_confirmed=confirmed, unit_id=unit, uploaded_by_id=uploader,
                                tanggal_surat=date(2024, 1, 1), classification_code="000.1")
            indexing.mark_changed(s, doc.id)
    yield built
    close(built)


def test_python_sql_and_engine_agree_for_every_user(world):
    with world.runtime.session_scope() as s:
        docs = list(s.scalars(select(Document)))
        for user in s.scalars(select(User)):
            ctx = context_for(s, user, True)
            by_python = {d.id for d in docs if can_read(s, ctx, d)}
            by_sql = set(s.scalars(select(Document.id).where(readable_clause(ctx))))
            found = world.runtime.search.search(SearchRequest("aturan akses", per_page=100), ctx)
            combos = {d.id for d in docs if d.nomor and d.nomor.endswith("/RULE")}
            assert by_sql == by_python, user.username
            assert {h.doc_id for h in found.hits} == by_python & combos, user.username
            assert found.total == len(by_python & combos), user.username


def test_retention_lists_use_the_same_rule(world):
    """The records manager's lists (issue 14: their SQL once left out grants and now the uploader)."""
    with world.runtime.session_scope() as s:
        staf = s.scalar(select(User).where(User.username == "staf"))
        ctx = context_for(s, staf, True)
        _total, rows = retention_lists.list_due(s, "unclassified", ctx=ctx, limit=500)
        listed = {r["document_id"] for r in rows}
        assert listed and all(can_read(s, ctx, s.get(Document, i)) for i in listed)
        closed_own = s.scalars(select(Document.id).where(Document.uploaded_by_id == staf.id,
                                                         Document.sifat_confirmed.is_(False),
                                                         Document.status == "done")).all()
        assert set(closed_own) <= set(s.scalars(select(Document.id).where(readable_clause(ctx))))


@pytest.mark.parametrize("reading, opened", [
    ({"value": "biasa", "confidence": 0.93, "review": False}, True),
    ({"value": "biasa", "confidence": 0.4, "review": True}, False),     # a field block without a readable Sifat
    ({"value": "biasa", "confidence": 0.6, "review": False}, False),    # low confidence
    (None, False),                                                      # the extractor found nothing
])
def test_processing_opens_a_letter_only_on_a_certain_reading(world, tmp_path, reading, opened):
    doc_id = upload(world, tmp_path / "scan.png", "staf", "seksi", "SURAT hasil pemindaian")
    job = record.claim(world.runtime, doc_id)
    fields = {"sifat": reading} if reading else {}
    page = PageResult(number=1, text="Surat hasil pemindaian pemrosesan", confidence=90.0, width=10, height=10)
    assert record.save_results(world.runtime, job, [page], fields, seconds=1.0)
    with world.runtime.session_scope() as s:
        assert s.get(Document, doc_id).sifat_confirmed is opened
        staf2 = context_for(s, s.scalar(select(User).where(User.username == "staf2")), True)
        uploader = context_for(s, s.scalar(select(User).where(User.username == "staf")), True)
    hits = world.runtime.search.search(SearchRequest("pemrosesan", per_page=100), staf2).hits
    assert (doc_id in {h.doc_id for h in hits}) is opened
    assert doc_id in {h.doc_id for h in world.runtime.search.search(SearchRequest("pemrosesan", per_page=100),
                                                                    uploader).hits}
