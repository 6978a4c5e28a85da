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


# --- the keyed chain and its anchors (issue 15, item 19) --------------------------------

def rechain_with_sha256(runtime, from_seq: int, keyed: bool = True):
    """What a forger with database access but without the key does: edit a row, then
    recompute every later hash with plain sha256 so that the links still hold."""
    import hashlib

    from sqlalchemy import select

    from app.models import AuditEntry
    from app.services import audit_chain

    with runtime.session_scope() as s:
        rows = list(s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
        prev = rows[from_seq - 2].entry_hash if from_seq > 1 else audit_chain.GENESIS
        for row in rows[from_seq - 1:]:
            if row.seq == from_seq:
                row.details = {"n": 999}
            row.prev_hash, row.keyed = prev, keyed
            row.entry_hash = hashlib.sha256(audit_chain.entry_blob(row)).hexdigest()
            prev = row.entry_hash


def test_first_commit_anchors_the_head_outside_the_database(cli, settings):
    import json

    lines = [json.loads(line) for line in settings.audit_anchor_path.read_text().splitlines()]
    assert lines and lines[0]["count"] == 6 and len(lines[0]["head"]) == 64 and lines[0]["mac"]
    assert oct(settings.audit_anchor_path.stat().st_mode & 0o777) == "0o600"
    assert oct(settings.audit_key_path.stat().st_mode & 0o777) == "0o600"
    assert cli("audit", "verify").exit_code == 0


def test_verify_reports_truncated_tail(cli, runtime):
    tamper(runtime, "DELETE FROM audit_entries WHERE seq > 4")
    result = cli("audit", "verify")
    assert result.exit_code == 1, result.output
    assert "truncated tail" in result.output and "entries 5 to 6 were removed" in result.output


def test_verify_reports_emptied_table(cli, runtime):
    tamper(runtime, "DELETE FROM audit_entries")
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "truncated tail" in result.output and "the table holds 0" in result.output


def test_verify_reports_rows_rechained_with_plain_sha256(cli, runtime):
    rechain_with_sha256(runtime, 3)
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "BROKEN at entry 3" in result.output and "HMAC" in result.output


def test_rows_marked_unkeyed_and_rechained_are_refused_and_never_rekeyed(cli, runtime):
    rechain_with_sha256(runtime, 1, keyed=False)
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "BROKEN at entry 1" in result.output and "not keyed" in result.output
    from app.services import audit_verify

    with runtime.session_scope() as s:  # the chain was anchored already: the forgery is not blessed
        with pytest.raises(audit_verify.RekeyRefused, match="already keyed and anchored"):
            audit_verify.rekey_legacy(s, runtime.settings)
    assert cli("audit", "verify").exit_code == 1


def test_verify_reports_removed_or_edited_anchor_file(cli, settings):
    text = settings.audit_anchor_path.read_text()
    settings.audit_anchor_path.write_text(text.replace('"count":6', '"count":5'))
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "anchor line 1 was altered" in result.output
    settings.audit_anchor_path.unlink()
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "anchor file was removed" in result.output


def test_manual_anchor_catches_a_later_truncation(cli, runtime):
    with runtime.session_scope() as s:
        audit.record(s, audit.Action.VIEWED, document_id=12)  # 7: not anchored by the interval
    result = cli("audit", "anchor")
    assert result.exit_code == 0 and "anchored entry 7" in result.output
    tamper(runtime, "DELETE FROM audit_entries WHERE seq = 7")
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "entries 7 to 7 were removed" in result.output


def test_a_wrong_key_fails_verification(cli, settings, monkeypatch):
    monkeypatch.setenv("LONTAR_AUDIT_KEY", "x" * 40)  # not the key the chain was written with
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "HMAC" in result.output


def test_upgrade_rekeys_a_chain_written_before_the_key(runtime, settings, monkeypatch):
    """Rows of an older release (plain sha256, keyed = false) are re-keyed once, with an anchor,
    by the first process that opens the upgraded database."""
    import hashlib
    import json
    from datetime import datetime

    from app.models import AuditEntry
    from app.services import audit_chain

    monkeypatch.setenv("LONTAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LONTAR_SECRET_KEY", "test-secret")
    prev = audit_chain.GENESIS
    with runtime.session_scope() as s:
        for seq in range(1, 4):
            row = AuditEntry(seq=seq, at=datetime(2025, 1, seq), actor_name="system", action="viewed",
                             document_id=1, details={"n": seq}, prev_hash=prev, entry_hash="", keyed=False)
            row.entry_hash = hashlib.sha256(audit_chain.entry_blob(row)).hexdigest()
            prev = row.entry_hash
            s.add(row)
    with runtime.session_scope() as s:
        assert not audit.verify_session(s).ok  # the old chain as it stands: not keyed
    runner = CliRunner()
    result = runner.invoke(main, ["audit", "verify"])  # a new process opens the database
    assert result.exit_code == 0 and "4 entries verified" in result.output, result.output
    anchors = [json.loads(line) for line in settings.audit_anchor_path.read_text().splitlines()]
    assert anchors[-1]["why"] == "rekey" and anchors[-1]["legacy_head"] == prev and anchors[-1]["count"] == 4
    with runtime.session_scope() as s:
        rekeyed = s.query(AuditEntry).filter_by(seq=4).one()
        assert rekeyed.action == "audit_rekeyed" and rekeyed.details["legacy_head"] == prev
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0 and runner.invoke(main, ["audit", "verify"]).exit_code == 0
