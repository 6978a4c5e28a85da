"""The session key (issue 15 item 7): no web app starts without a real one; `lontar demo`
makes one per data dir and keeps it there, readable by its owner only."""
from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.services.demo import demo_secret_key
from app.web.factory import create_app
from config import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "LONTAR_SECRET_KEY"}
    return {**env, "LONTAR_DATA_DIR": str(tmp_path / "data"), **extra}


@pytest.mark.parametrize("key", [None, "", "   ", "dev-insecure-change-me", "short-key"])
def test_the_web_app_refuses_to_start_without_a_real_key(tmp_path, key):
    env = {"LONTAR_DATA_DIR": str(tmp_path / "data")}
    if key is not None:
        env["LONTAR_SECRET_KEY"] = key
    with pytest.raises(SettingsError, match="LONTAR_SECRET_KEY"):
        create_app(load_settings(env))


def test_lontar_run_says_so_in_one_sentence_and_exits_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "app.cli", "run", "--port", "0"], env=_env(tmp_path), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Configuration error: LONTAR_SECRET_KEY: not set")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_gunicorns_entry_point_exits_2_with_the_sentence(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import app.wsgi"], env=_env(tmp_path, LONTAR_SECRET_KEY="abc"),
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "LONTAR_SECRET_KEY: too short" in result.stderr and "abc" not in result.stderr  # the key is never printed


def test_gunicorn_as_composed_stops_with_exit_2(tmp_path):
    """The command docker-compose.yml runs, without a key: one sentence, status 2, no restart loop."""
    command = shlex.split(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["command"])
    assert command[0] == "gunicorn" and "--preload" in command
    command[command.index("--bind") + 1] = "127.0.0.1:0"
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), *command[1:]], env=_env(tmp_path),
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Configuration error: LONTAR_SECRET_KEY: not set" in result.stderr and "Traceback" not in result.stderr


def test_other_commands_do_not_need_the_key(tmp_path):
    result = subprocess.run([sys.executable, "-m", "app.cli", "db", "upgrade"], env=_env(tmp_path), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_demo_key_is_made_once_per_data_dir_and_kept_private(tmp_path):
    one = load_settings({"LONTAR_DATA_DIR": str(tmp_path / "one")})
    two = load_settings({"LONTAR_DATA_DIR": str(tmp_path / "two")})
    key = demo_secret_key(one)
    assert len(key) >= 32 and demo_secret_key(one) == key  # kept: sessions survive a restart
    assert demo_secret_key(two) != key
    assert stat.S_IMODE(one.secret_key_file.stat().st_mode) == 0o600
    create_app(one.with_overrides(secret_key=key))  # accepted by the web app
    # A key set by the operator wins; a damaged key file is replaced.
    assert demo_secret_key(one.with_overrides(secret_key="operator-chosen-key-123")) == "operator-chosen-key-123"
    one.secret_key_file.write_text("\n")
    assert demo_secret_key(one) not in ("", key)
