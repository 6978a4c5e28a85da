"""`lontar run` stops its whole tree (issue 13): SIGTERM or SIGINT ends the web server, the
worker and the worker's pool processes; a child that dies makes it say so and exit 1."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
LONTAR = [sys.executable, "-m", "app.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SEARCH_URL", "BROKER_URL", "DATABASE_URL")}
    return {**env, "LONTAR_DATA_DIR": str(tmp_path / "data"), "LONTAR_SECRET_KEY": "run-signals-secret-key",
            "OCR_JOBS": "1", "LONTAR_WATCH_DIR": str(tmp_path / "inbox")}


def _start(tmp_path):
    env = _env(tmp_path)
    (tmp_path / "inbox").mkdir()
    subprocess.run([*LONTAR, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    log = (tmp_path / "run.log").open("wb")
    proc = subprocess.Popen([*LONTAR, "run", "--port", str(port)], env=env, cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    return proc, port, tmp_path / "run.log"


def _wait_until_running(proc, port, log) -> list[psutil.Process]:
    """The tree once the web answers and the worker's pool is up (worker, its pool, the watcher)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        tree = psutil.Process(proc.pid).children(recursive=True)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
            if len(tree) >= 4:  # worker + >= 2 pool processes + watch folder
                return tree
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("lontar run did not come up:\n" + log.read_text()[-3000:])


def _alive(processes: list[psutil.Process]) -> list[str]:
    left = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                left.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
        except psutil.NoSuchProcess:
            pass
    return left


def _kill_leftovers(proc, tree) -> None:
    for p in [psutil.Process(proc.pid), *tree] if proc.poll() is None else tree:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_every_process_of_the_tree(tmp_path, signum):
    proc, port, log = _start(tmp_path)
    tree = []
    try:
        tree = _wait_until_running(proc, port, log)
        proc.send_signal(signum)
        assert proc.wait(timeout=90) == 0, log.read_text()[-3000:]
        deadline = time.monotonic() + 10
        while _alive(tree) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(tree), _alive(tree)
        assert "Stopping Lontar" in log.read_text()
    finally:
        _kill_leftovers(proc, tree)


def test_a_dead_worker_is_reported_and_stops_lontar_run(tmp_path):
    proc, port, log = _start(tmp_path)
    tree = []
    try:
        tree = _wait_until_running(proc, port, log)
        worker = next(p for p in psutil.Process(proc.pid).children() if "worker" in p.cmdline())
        worker.kill()
        assert proc.wait(timeout=90) == 1
        assert "The worker stopped unexpectedly (exit status -9)" in log.read_text()
        deadline = time.monotonic() + 10
        while _alive(tree) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(tree), _alive(tree)  # its orphaned pool processes went too
    finally:
        _kill_leftovers(proc, tree)
