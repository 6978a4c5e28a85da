"""`lontar retention ...` end to end through click, on a migrated database."""
from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from app.cli.main import main
from tests.factories import make_document


def test_import_demo_classify_due_and_state(runtime, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("LONTAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LONTAR_SECRET_KEY", "test-secret")
    runner = CliRunner()
    run = lambda *args: runner.invoke(main, list(args), catch_exceptions=False)  # noqa: E731
    assert "demo schedule" in run("retention", "demo").output
    jra = tmp_path / "jra.yaml"
    jra.write_text("nodes:\n  - {code: '800.1', name: Formasi}\nrules:\n"
                   "  - {code: '800.1', active_years: 1, inactive_years: 2, final_disposition: musnah}\n")
    result = run("retention", "import", str(jra), "--reason", "JRA 2026")
    assert result.exit_code == 0 and "1 classification nodes and 1 changed rules" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,active_years,inactive_years,final_disposition\n800.2,X,satu,1,musnah\n")
    result = run("retention", "import", str(bad))
    assert result.exit_code == 1 and "active_years of 800.2 must be a whole number" in result.output
    assert "800.1" in run("retention", "rules").output

    with runtime.session_scope() as s:
        doc_id = make_document(s, ["formasi"], nomor="800.1/3/BKD/2019", tanggal_surat=date(2019, 1, 1)).id
    result = run("retention", "classify", str(doc_id), "800.1.4")
    assert result.exit_code == 0 and "inactive until 2022-01-01" in result.output
    assert json.loads(run("retention", "state", str(doc_id)).output)["final_disposition"] == "musnah"
    result = run("retention", "due")
    assert "disposal_review        1" in result.output
    out = tmp_path / "due.csv"
    run("retention", "due", "disposal_review", "--csv", str(out))
    assert "800.1/3/BKD/2019" in out.read_text()
    result = run("retention", "classify", str(doc_id), "abc")
    assert result.exit_code == 1 and "not a classification code" in result.output
