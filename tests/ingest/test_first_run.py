"""First run: a never-used data dir just works on the embedded default; a PostgreSQL database
without the newest schema stops a command with one sentence naming `lontar db upgrade`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

from app.migrate import alembic_config, upgrade
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]


def _lontar(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("BROKER_URL", "SEARCH_URL", "DATABASE_URL")}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env={**clean, "LONTAR_SECRET_KEY": "t",
                          "OCR_JOBS": "1", **env}, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ingest_wait_on_a_never_used_data_dir_creates_the_schema_itself(tmp_path, good_files):
    data = tmp_path / "baru" / "arsip"  # does not exist yet
    result = _lontar({"LONTAR_DATA_DIR": str(data)}, "ingest", str(good_files["png"]), "--wait")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == f"1 done {good_files['png']}"
    assert "Traceback" not in result.stderr
    engine = create_engine(f"sqlite:///{data / 'lontar.sqlite'}")
    assert {"documents", "outbox", "alembic_version"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_postgres_without_the_schema_stops_with_one_sentence(tmp_path, good_files, postgres_url):
    env = {"LONTAR_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": postgres_url}
    result = _lontar(env, "ingest", str(good_files["png"]), "--wait")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "no Lontar tables yet" in line and "`lontar db upgrade`" in line and "lontar:" not in line.split("@")[0]
    engine = create_engine(postgres_url)
    assert inspect(engine).get_table_names() == []  # nothing was created behind the operator's back
    assert not (tmp_path / "data" / "originals").exists() or not any((tmp_path / "data" / "originals").rglob("*"))

    settings = make_settings(tmp_path / "data", DATABASE_URL=postgres_url)
    upgrade(settings)
    command.downgrade(alembic_config(settings), "-1")  # a schema one migration behind
    old = _lontar(env, "doc", "1")
    assert old.returncode == 2 and "older than this version" in old.stderr and "`lontar db upgrade`" in old.stderr
    assert len(old.stderr.strip().splitlines()) == 1
    assert _lontar(env, "db", "upgrade").returncode == 0
    now = _lontar(env, "ingest", str(good_files["png"]), "--wait")
    assert now.returncode == 0 and now.stdout.strip() == f"1 done {good_files['png']}", now.stderr[-3000:]
    engine.dispose()
