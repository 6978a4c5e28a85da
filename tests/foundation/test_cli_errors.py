"""One error handler for the CLI (issue 13): a foreseeable failure is one sentence and exit 1
(2 for a bad setting), never a traceback; `lontar --debug` shows the traceback."""
from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import explain

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE_DB = "postgresql+psycopg://lontar@127.0.0.1:1/lontar"  # port 1: refused at once


def _lontar(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {"PATH": "/usr/bin:/bin", "LONTAR_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env={**base, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _one_sentence(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_unreachable_database_is_one_sentence(tmp_path):
    for args in (("doc", "1"), ("db", "upgrade"), ("users", "token", "sari")):
        result = _lontar(tmp_path, *args, DATABASE_URL=UNREACHABLE_DB)
        assert result.returncode == 1, args
        assert _one_sentence(result).startswith("Error: The database cannot be used: connection failed"), args


def test_a_value_the_archive_refuses_is_one_sentence(tmp_path):
    assert _lontar(tmp_path, "db", "upgrade").returncode == 0
    result = _lontar(tmp_path, "users", "create", "budi santoso", "--role", "staf", "--password", "lumbung-padi-99")
    assert result.returncode == 1 and "only letters a-z, digits" in _one_sentence(result)


def test_a_bad_setting_is_exit_2(tmp_path):
    result = _lontar(tmp_path, "doc", "1", OCR_JOBS="many")
    assert result.returncode == 2 and _one_sentence(result) == "Configuration error: OCR_JOBS='many': expected a whole number"


def test_debug_shows_the_traceback(tmp_path):
    result = _lontar(tmp_path, "--debug", "doc", "1", DATABASE_URL=UNREACHABLE_DB)
    assert result.returncode == 1 and "Traceback" in result.stderr and "OperationalError" in result.stderr
    also = _lontar(tmp_path, "doc", "1", DATABASE_URL=UNREACHABLE_DB, LONTAR_DEBUG="1")
    assert "Traceback" in also.stderr


@pytest.mark.parametrize("exc, sentence", [
    (OSError(errno.ENOSPC, "No space left on device", "/data/originals/ab/cd"),
     "Cannot use /data/originals/ab/cd: No space left on device."),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "letters.csv"),
     "Cannot use letters.csv: No such file or directory."),
])
def test_file_system_failures_are_said_plainly(exc, sentence):
    assert explain(exc) == sentence


def test_an_unforeseen_error_says_how_to_see_more(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from app.cli import main as cli_main
    from app.cli.doc import show

    def broken(*_args, **_kwargs):  # a fault injected into one command
        raise RuntimeError("boom")

    monkeypatch.setattr(show, "callback", broken)
    result = CliRunner().invoke(cli_main.main, ["doc", "1"], env={"LONTAR_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 1
    assert "Unexpected error: RuntimeError: boom (run `lontar --debug ...` to see the traceback)." in result.output
