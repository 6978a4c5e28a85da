"""Retention is never counted from a letter date that OCR read and flagged for review."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Document, DocumentRetention
from app.services import documents, retention
from tests.factories import make_document


@pytest.fixture
def rm_session(session, org, manager):
    """A classified letter (000.9.2: 1 + 1 years, musnah) and the arsiparis who corrects its fields."""
    doc = make_document(session, ["x"], nomor="000.9.2/5/DISDIK/I/2015", tanggal_surat=date(2015, 1, 15))
    retention.classify(session, manager, doc.id, "000.9.2")
    return session, doc, org.users["arsiparis"]


def _flag_date(session, doc: Document, day: date) -> None:
    doc.tanggal_surat = day
    doc.field_meta = {**(doc.field_meta or {}), "tanggal_surat": {"confidence": 0.45, "review": True,
                                                                  "extracted": day.isoformat()}}
    session.flush()


def test_a_flagged_date_keeps_the_letter_out_of_retention_until_confirmed(rm_session):
    session, doc, actor = rm_session
    _flag_date(session, doc, date(2015, 1, 15))
    row = retention.recompute_document(session, doc)
    assert row.trigger_date is None and row.inactive_until is None
    assert row.note == "the letter date needs confirming"
    assert not retention.retention_ended(row, date(2099, 1, 1))
    # The clerk saves the date as read: confirmed, audited, counted from.
    documents.edit_fields(session, doc, {"tanggal_surat": date(2015, 1, 15)}, actor, doc.version)
    row = session.get(DocumentRetention, doc.id)
    assert row.trigger_date is not None and row.note is None
    assert doc.field_meta["tanggal_surat"]["review"] is False
    actions = session.execute(select(AuditEntry.action).where(AuditEntry.document_id == doc.id)).scalars().all()
    assert "field_confirmed" in actions


def test_correcting_the_date_recomputes_the_retention_dates(rm_session):
    session, doc, actor = rm_session
    _flag_date(session, doc, date(2015, 1, 15))
    retention.recompute_document(session, doc)
    documents.edit_fields(session, doc, {"tanggal_surat": date(2020, 6, 1)}, actor, doc.version)
    row = session.get(DocumentRetention, doc.id)
    assert row.trigger_date is not None and row.trigger_date.year >= 2020
