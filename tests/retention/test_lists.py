from datetime import date

import pytest

from app.services import access, retention, retention_lists
from app.services.classification import InvalidInput
from app.services.retention_lists import Filters
from tests.factories import make_document

TODAY = date(2026, 6, 1)


def classified(session, manager, code, tanggal, **fields):
    doc = make_document(session, [f"{code} {tanggal}"], nomor=f"{code}/1/X/{tanggal.year}", tanggal_surat=tanggal, **fields)
    retention.classify(session, manager, doc.id, code)
    return doc


def test_due_lists_counts_filters_and_csv(session, org, manager):
    monthly_old = classified(session, manager, "000.9.2", date(2020, 1, 5), perihal="Laporan, bulanan \"Januari\"")
    monthly_mid = classified(session, manager, "000.9.2", date(2025, 3, 1), unit_id=org.bidang_a.id)
    annual_old = classified(session, manager, "000.9.1", date(2015, 1, 1))
    pks = classified(session, manager, "000.8.3", date(2010, 1, 1))
    retention.set_event_end(session, manager, pks.id, date(2012, 1, 1))
    secret = classified(session, manager, "000.9.2", date(2019, 1, 1), sifat="sangat_rahasia")
    bare = make_document(session, ["tanpa kode"], tanggal_surat=date(2024, 1, 1))

    ctx = access.context_for(session, manager)
    counts = retention_lists.counts(session, TODAY, ctx=ctx)
    assert counts == {"move_inactive": 4, "disposal_review": 1, "transfer": 1, "reappraisal": 1, "unclassified": 1}
    total, rows = retention_lists.list_due(session, "move_inactive", TODAY, ctx=ctx)
    assert {r["document_id"] for r in rows} == {monthly_old.id, monthly_mid.id, annual_old.id, pks.id}
    assert secret.id not in {r["document_id"] for r in rows}  # sangat rahasia: beyond a records manager's clearance
    assert retention_lists.list_due(session, "unclassified", TODAY, ctx=ctx)[1][0]["document_id"] == bare.id
    assert retention_lists.counts(session, TODAY, Filters.parse(code="000.9"), ctx)["move_inactive"] == 3
    assert retention_lists.counts(session, TODAY, Filters.parse(unit_id=str(org.bidang_a.id)), ctx)["move_inactive"] == 1
    assert retention_lists.counts(session, TODAY, Filters.parse(year="2020"), ctx)["disposal_review"] == 1

    retention.move_to_inactive(session, manager, [monthly_mid.id], "BA pemindahan 1/2026")
    assert retention_lists.counts(session, TODAY, ctx=ctx)["move_inactive"] == 3
    retention.set_hold(session, manager, monthly_old.id, "perkara")
    csv_text = retention_lists.export_csv(session, "disposal_review", TODAY, ctx=ctx)
    lines = csv_text.splitlines()
    assert lines[0].startswith("document_id,nomor,tanggal_surat,perihal")
    assert f'{monthly_old.id},000.9.2/1/X/2020,2020-01-05,"Laporan, bulanan ""Januari"""' in lines[1]
    assert lines[1].endswith(",False,True") and len(lines) == 2


def test_bad_filters_are_refused(session, org):
    with pytest.raises(InvalidInput, match="not a classification code"):
        Filters.parse(code="x1")
    with pytest.raises(InvalidInput, match="'year' must be a whole number from 1 to 9999"):
        Filters.parse(year="dua ribu")
    with pytest.raises(InvalidInput, match="'unit' must be a whole number"):
        Filters.parse(unit_id="99999999999999999999999")       # once an OverflowError in the database driver
    with pytest.raises(InvalidInput, match="unknown list"):
        retention_lists.list_due(session, "everything")
