"""`lontar run` (web UI + a worker it starts itself + the watch folder) and `lontar worker`.

`lontar run` supervises its children: SIGTERM or SIGINT stops the web server and every
child (and the children's own processes) before it exits; a child that dies on its own
makes it say so, stop the rest and exit with status 1.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass

import click
from werkzeug.serving import make_server

from app.cli.main import pass_runtime
from config import Settings

STOP_TIMEOUT = 30  # seconds a worker may take to finish its document before it is killed
POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1


def _lontar(*args: str) -> list[str]:
    return [sys.executable, "-m", "app.cli", *args]


def _die_with_parent() -> None:
    # Linux: the child gets SIGTERM if `lontar run` itself is killed (even with SIGKILL).
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    proc: subprocess.Popen


class Children:
    """Child processes, each the leader of its own process group (so its own children go with it)."""

    def __init__(self) -> None:
        self.children: list[Child] = []

    def start(self, name: str, args: list[str]) -> None:
        proc = subprocess.Popen(args, env=os.environ.copy(), start_new_session=True, preexec_fn=_die_with_parent)
        self.children.append(Child(name, proc))

    def first_dead(self) -> Child | None:
        return next((c for c in self.children if c.proc.poll() is not None), None)

    def stop(self) -> None:
        for child in self.children:
            if child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)  # Celery: warm shutdown, its pool goes with it
        for child in self.children:
            try:
                child.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                click.echo(f"The {child.name} did not stop within {STOP_TIMEOUT} s; killing it.", err=True)
            # Whatever is left of its process group (a pool process, an OCR run) goes too.
            _kill_group(child.proc.pid)
            child.proc.wait()


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class StopRequest:
    """Set by SIGTERM/SIGINT; the main loop waits on it."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.event.set())


def serve(settings: Settings, host: str, port: int, with_worker: bool) -> int:
    """Serve the web UI with its children until a signal or a child's death; returns the exit status."""
    from app import create_app

    app = create_app(settings)  # refuses a missing secret key before anything starts
    server = make_server(host, port, app, threaded=True)  # a busy port fails here, before any child
    stop = StopRequest()
    stop.install()
    children = Children()
    try:
        if with_worker:
            children.start("worker", _lontar("worker", "--beat"))
        if settings.watch_dir:
            children.start("watch folder", _lontar("watch", str(settings.watch_dir)))
        web = threading.Thread(target=server.serve_forever, name="web", daemon=True)
        web.start()
        click.echo(f"Lontar on http://{host}:{port}/")
        return _supervise(stop, children, web)
    finally:
        server.shutdown()
        server.server_close()
        children.stop()


def _supervise(stop: StopRequest, children: Children, web: threading.Thread) -> int:
    while not stop.event.wait(POLL_SECONDS):
        dead = children.first_dead()
        if dead is not None:
            click.echo(f"The {dead.name} stopped unexpectedly (exit status {dead.proc.returncode}); "
                       "stopping Lontar.", err=True)
            return 1
        if not web.is_alive():
            click.echo("The web server stopped unexpectedly; stopping Lontar.", err=True)
            return 1
    click.echo("Stopping Lontar ...")
    return 0


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help="Do not start a worker (one runs elsewhere).")
@pass_runtime
def run_command(lazy, host, port, no_worker):
    """Web UI and a worker on the configured backends (and the watch folder if LONTAR_WATCH_DIR is set)."""
    sys.exit(serve(lazy.runtime.settings, host, port, with_worker=not no_worker))


@click.command("worker")
@click.option("--concurrency", type=int, default=None, help="Documents at once (default: OCR_JOBS + 2).")
@click.option("--beat/--no-beat", default=None,
              help="Also run the periodic sweep (index retry, stalled documents). "
                   "Default: on with the embedded broker, off otherwise (run one beat per cluster).")
@click.option("--loglevel", default="INFO", show_default=True)
@pass_runtime
def worker_command(lazy, concurrency, beat, loglevel):
    """A Celery worker processing documents (production: run several, one beat)."""
    from ingest.slots import worker_processes
    from workers.celery_app import make_celery

    settings = lazy.runtime.settings
    app = make_celery(settings)
    argv = ["worker", f"--loglevel={loglevel}", "--pool=prefork", "-Q", "lontar",
            f"--concurrency={concurrency or worker_processes(settings.ocr_jobs)}"]
    if beat if beat is not None else not settings.broker_url:
        argv += ["--beat", f"--schedule={settings.data_dir / 'celerybeat-schedule'}"]
    app.worker_main(argv)


COMMANDS = [run_command, worker_command]
