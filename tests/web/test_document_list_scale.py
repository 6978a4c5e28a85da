"""The document list stays fast on a large archive: the access-filtered count reads an
index only, a page walks the sort column's index (no sort of every readable row), and a
page past the end costs no scan. Results are the same as the plain access rule's."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.models import Document
from app.services.access import can_read, context_for
from app.models import User
from app.web.documents.queries import ListFilters, list_documents, readable_clause
from tests.factories import make_document, make_org

SIFATS = ("biasa", "terbatas", "rahasia", "sangat_rahasia")


@pytest.fixture
def archive(session):
    org = make_org(session)
    units = [org.seksi_a1.id, org.bidang_b.id, org.bidang_a.id, None]
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for n in range(60):
        make_document(session, [f"surat nomor {n}"], nomor=f"{n}/X/2024", sifat=SIFATS[n % 4 if n % 3 else 0],
                      unit_id=units[n % 4], tanggal_surat=date(2024, 1, 1) + timedelta(days=(n * 7) % 50),
                      created_at=start + timedelta(hours=(n * 13) % 60))
    session.flush()
    return org


def _expected(session, ctx, key) -> list[int]:
    docs = [d for d in session.scalars(select(Document)) if can_read(session, ctx, d)]
    return [d.id for d in sorted(docs, key=key)]


@pytest.mark.parametrize("username", ["staf", "kasi", "arsiparis", "records"])
def test_pages_and_counts_match_the_access_rule(session, archive, username):
    user = session.scalar(select(User).where(User.username == username))
    ctx = context_for(session, user, True)
    orders = {
        "newest": lambda d: (-d.created_at.timestamp(), -d.id),
        "date_asc": lambda d: (d.tanggal_surat, d.id),
    }
    for sort, key in orders.items():
        expected = _expected(session, ctx, key)
        got, page = [], 1
        while True:
            total, docs = list_documents(session, ctx, ListFilters(sort=sort, page=page, per_page=7))
            assert total == len(expected)
            if not docs:
                break
            got += [d.id for d in docs]
            page += 1
        assert got == expected, (username, sort)
    assert list_documents(session, ctx, ListFilters(page=999, per_page=7)) == (len(expected), [])


def _plan(session, statement) -> str:
    sql = str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    return " | ".join(row[3] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_sqlite_plans_use_the_indexes(session, archive):
    ctx = context_for(session, archive.users["staf"], True)
    count_plan = _plan(session, select(func.count()).select_from(Document).where(readable_clause(ctx)))
    assert "COVERING INDEX ix_documents_unit_access" in count_plan, count_plan
    wide = context_for(session, archive.users["arsiparis"], True)
    # Either access index covers every column of the rule (the uploader branch included).
    assert "COVERING INDEX ix_documents_" in _plan(
        session, select(func.count()).select_from(Document).where(readable_clause(wide)))
    for ctx_ in (ctx, wide):
        page_plan = _plan(session, select(Document).where(readable_clause(ctx_, for_ordered_scan=True))
                          .order_by(Document.created_at.desc(), Document.id.desc()).limit(25))
        assert "ix_documents_created_at" in page_plan and "TEMP B-TREE" not in page_plan, page_plan
