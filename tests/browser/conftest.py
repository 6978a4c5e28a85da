"""Browser fixtures: Debian's Chromium through Playwright, a logged-in page per person, and
the real `lontar run` (web + worker) as a restartable process on a free port."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lontar_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, check=True, cwd=ROOT, capture_output=True)


class LontarServer:
    """`lontar run` on a data dir; ``restart`` starts it again with changed environment (e.g. the clock)."""

    def __init__(self, data: Path, env: dict):
        self.data, self.env, self.port = data, env, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self) -> None:
        self._log = open(self.data / "server.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", "run", "--port", str(self.port)], env=self.env,
                                     cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(900):
            try:
                urllib.request.urlopen(self.base + "/login", timeout=2)
                return
            except OSError:
                if self.proc.poll() is not None:
                    pytest.fail("lontar run exited:\n" + self.log_tail())
                time.sleep(0.2)
        pytest.fail("lontar run did not answer within 3 minutes:\n" + self.log_tail())

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            self.proc.wait(timeout=90)
        if self._log:
            self._log.close()

    def restart(self, **env: str) -> None:
        self.stop()
        self.env = {**self.env, **env}
        self.start()

    def log_tail(self, chars: int = 3000) -> str:
        return (self.data / "server.log").read_text(errors="replace")[-chars:]


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def overflow(page) -> int:
    """How many CSS pixels the page is wider than its window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def login(browser, base: str, username: str, password: str, *, viewport=None, timeout_ms: int = 60_000):
    """A fresh browser context logged in as ``username``; returns its page on the dashboard."""
    page = browser.new_context(viewport=viewport or DESKTOP).new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_have_text("Dasbor")
    return page
