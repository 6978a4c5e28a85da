"""`lontar run` (web UI + a worker it starts itself + the watch folder) and `lontar worker`."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import click

from app.cli.main import pass_runtime


def _lontar(*args: str) -> list[str]:
    return [sys.executable, "-m", "app.cli", *args]


def _stop(processes: list[subprocess.Popen]) -> None:
    for proc in processes:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in processes:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help="Do not start a worker (one runs elsewhere).")
@pass_runtime
def run_command(lazy, host, port, no_worker):
    """Web UI and a worker on the configured backends (and the watch folder if LONTAR_WATCH_DIR is set)."""
    from werkzeug.serving import run_simple

    from app import create_app

    settings = lazy.runtime.settings
    children: list[subprocess.Popen] = []
    if not no_worker:
        children.append(subprocess.Popen(_lontar("worker", "--beat"), env=os.environ.copy()))
    if settings.watch_dir:
        children.append(subprocess.Popen(_lontar("watch", str(settings.watch_dir)), env=os.environ.copy()))
    try:
        click.echo(f"Lontar on http://{host}:{port}/")
        run_simple(host, port, create_app(settings), threaded=True, use_reloader=False)
    finally:
        _stop(children)


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
