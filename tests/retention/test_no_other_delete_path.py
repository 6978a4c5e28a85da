"""Only legal disposal destroys a registered record: discard is for unregistered uploads only."""
from __future__ import annotations

from datetime import date

import pytest

from app.models import AuditEntry, Document, Registration
from app.services import documents
from tests.factories import make_document


def test_discard_refused_after_registration_and_recorded_before(session, org):
    clerk = org.users["arsiparis"]
    mistaken = make_document(session, ["salah unggah"])
    documents.discard_upload(session, mistaken, clerk, "salah pindai")
    assert session.get(Document, mistaken.id).status == "discarded"
    entry = session.query(AuditEntry).filter_by(action="discarded", document_id=mistaken.id).one()
    assert entry.actor_name == "arsiparis" and entry.details["reason"] == "salah pindai"

    letter = make_document(session, ["surat masuk"], nomor="005/1/X/2024", tanggal_surat=date(2024, 1, 2))
    session.add(Registration(document_id=letter.id, year=2024, agenda_number=1, received_date=date(2024, 1, 3),
                             sender="Bappeda", nomor_surat="005/1/X/2024", sifat="biasa", urgensi="biasa",
                             perihal="Undangan", registered_by_id=clerk.id))
    session.flush()
    with pytest.raises(documents.NotDiscardable, match="legal disposal"):
        documents.discard_upload(session, letter, clerk, "coba hapus")
    assert session.get(Document, letter.id).status == "done"
    assert session.query(AuditEntry).filter_by(action="discarded", document_id=letter.id).count() == 0


def test_no_service_exposes_a_delete_of_documents():
    import app.services as services
    import pkgutil
    import importlib

    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"app.services.{module_info.name}")
        names = [n for n in dir(module) if callable(getattr(module, n)) and not n.startswith("_")]
        offenders = [n for n in names if n.startswith(("delete", "remove", "purge", "destroy", "wipe"))
                     and any(word in n for word in ("doc", "letter", "record", "page", "original", "file"))]
        assert not offenders, f"app.services.{module_info.name}: {offenders}"


def test_discard_refused_for_a_vital_unregistered_record(session, org):
    from app.services import retention

    clerk = org.users["arsiparis"]
    scan = make_document(session, ["arsip vital belum diregistrasi"])
    retention.set_vital(session, org.users["records"], scan.id, True, reason="akta")
    with pytest.raises(documents.NotDiscardable):
        documents.discard_upload(session, scan, clerk, "salah pindai")
    assert session.get(Document, scan.id).status == "done"
