"""Shared fixtures: settings on a temporary data dir, a migrated database, real services.

Services (Elasticsearch, Redis) are real. `make test` starts them; when a fixture finds
one unreachable it tries the start script once and otherwise fails the test loudly:
never a silent skip.
"""
from __future__ import annotations

import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

from app.migrate import upgrade
from app.runtime import Runtime
from config import load_settings

ROOT = Path(__file__).resolve().parent.parent
ES_URL = os.environ.get("LONTAR_TEST_ES_URL", "http://127.0.0.1:9200")
REDIS_URL = os.environ.get("LONTAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def make_settings(data_dir: Path, **env):
    base = {"LONTAR_DATA_DIR": str(data_dir), "OCR_JOBS": "2", "LONTAR_SECRET_KEY": "test-secret-key-0123456789"}
    base.update({k: str(v) for k, v in env.items()})
    return load_settings(base)


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path / "data")


@pytest.fixture
def runtime(settings):
    upgrade(settings)
    rt = Runtime(settings)
    yield rt
    rt.close()


@pytest.fixture
def session(runtime):
    with runtime.session_scope() as s:
        yield s


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def es_url() -> str:
    """URL of a real Elasticsearch node (started by scripts/elasticsearch.sh if needed)."""
    if not _reachable(ES_URL + "/_cluster/health"):
        result = subprocess.run([str(ROOT / "scripts/elasticsearch.sh"), "start"], capture_output=True, text=True)
        if result.returncode != 0 or not _reachable(ES_URL + "/_cluster/health"):
            pytest.fail(f"Elasticsearch is not reachable at {ES_URL} and could not be started:\n{result.stderr[-2000:]}")
    return ES_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a real Redis server (started by scripts/redis.sh if needed)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        result = subprocess.run([str(ROOT / "scripts/redis.sh"), "start"], capture_output=True, text=True)
        try:
            client.ping()
        except redis.ConnectionError:
            pytest.fail(f"Redis is not reachable at {REDIS_URL} and could not be started:\n{result.stderr[-2000:]}")
    return REDIS_URL


PG_ADMIN_URL = os.environ.get("LONTAR_TEST_PG_URL", "postgresql+psycopg://lontar@127.0.0.1:55432/postgres")


@pytest.fixture
def postgres_url():
    """A fresh database on a real PostgreSQL (scripts/postgres.sh), dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        admin.connect().close()
    except Exception:
        result = subprocess.run([str(ROOT / "scripts/postgres.sh"), "start"], capture_output=True, text=True)
        try:
            admin.connect().close()
        except Exception as exc:
            pytest.fail(f"PostgreSQL is not reachable and could not be started: {exc}\n{result.stderr[-2000:]}")
    name = f"lontar_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
