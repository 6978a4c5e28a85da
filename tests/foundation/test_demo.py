"""End to end: `make demo` serves the sample archive, and a word from one sample letter is
found by `lontar search`."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONTAR = [sys.executable, "-m", "app.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_http(url: str, proc: subprocess.Popen, log: Path) -> int:
    while proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"make demo exited with {proc.returncode}:\n{log.read_text()[-3000:]}")


def test_make_demo_serves_and_search_finds_a_sample_word(tmp_path):
    data_dir = tmp_path / "var"
    port = _free_port()
    env = {**os.environ, "LONTAR_DATA_DIR": str(data_dir), "OCR_JOBS": "2"}
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "-C", str(ROOT), "demo", f"PORT={port}", "DEMO_COUNT=3", f"VENV={Path(sys.prefix)}"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        status = _wait_for_http(f"http://127.0.0.1:{port}/login", proc, log)
        assert status == 200
        assert "lontar-demo" in log.read_text()  # the login help is printed

        truths = [json.loads(p.read_text()) for p in sorted((data_dir / "demo-letters").glob("*.json"))]
        truth = next(t for t in truths if t["fields"]["perihal"])
        word = max(truth["fields"]["perihal"].split(), key=len)
        result = subprocess.run([*LONTAR, "search", word, "--json"], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        hit_ids = [hit["id"] for hit in json.loads(result.stdout)["hits"]]
        assert hit_ids, f"no hit for {word!r}"
        files = set()
        for doc_id in hit_ids:
            doc = subprocess.run([*LONTAR, "doc", str(doc_id), "--json"], env=env, capture_output=True, text=True)
            files.add(json.loads(doc.stdout)["original_filename"])
        assert truth["render"]["file"] in files
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
