"""`lontar audit verify|export|show` against a real database, tampered with by hand."""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from app.cli.main import main
from app.services import audit


@pytest.fixture
def cli(runtime, settings, monkeypatch):
    monkeypatch.setenv("LONTAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LONTAR_SECRET_KEY", "test-secret")
    with runtime.session_scope() as s:
        for i in range(6):
            audit.record(s, audit.Action.VIEWED if i % 2 else audit.Action.CLASSIFIED, document_id=10 + i % 2, n=i)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def tamper(runtime, *statements):
    with runtime.session_scope() as s:
        for statement in statements:
            s.execute(text(statement))


def test_verify_intact(cli):
    result = cli("audit", "verify")
    assert result.exit_code == 0 and "6 entries verified" in result.output


def test_verify_reports_edited_row(cli, runtime):
    tamper(runtime, "UPDATE audit_entries SET actor_name = 'someone' WHERE seq = 4")
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "BROKEN at entry 4" in result.output and "changed" in result.output


def test_verify_reports_deleted_row(cli, runtime):
    tamper(runtime, "DELETE FROM audit_entries WHERE seq = 3")
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "BROKEN at entry 4" in result.output


def test_verify_reports_deleted_tail_renumbered(cli, runtime):
    # A careful forger deletes a row and renumbers the rest: the hash links still break.
    tamper(runtime, "DELETE FROM audit_entries WHERE seq = 2",
           *[f"UPDATE audit_entries SET seq = {n - 1} WHERE seq = {n}" for n in range(3, 7)])
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "BROKEN at entry 2" in result.output


def test_verify_reports_reordered_rows(cli, runtime):
    tamper(runtime, "UPDATE audit_entries SET seq = -1 WHERE seq = 5",
           "UPDATE audit_entries SET seq = 5 WHERE seq = 2", "UPDATE audit_entries SET seq = 2 WHERE seq = -1")
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "BROKEN at entry 2" in result.output


def test_export_and_show_with_filters(cli, tmp_path):
    out = tmp_path / "audit.csv"
    result = cli("audit", "export", "--document", "11", "-o", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["seq"] for r in rows] == ["2", "4", "6"] and {r["action"] for r in rows} == {"viewed"}
    assert all(len(r["entry_hash"]) == 64 for r in rows)
    result = cli("audit", "show", "--action", "classified")
    assert result.exit_code == 0 and result.output.count("classified") == 3
    result = cli("audit", "show", "--action", "nonsense")
    assert result.exit_code == 2 and "unknown action" in result.output
