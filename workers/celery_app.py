"""The Celery application, built from Settings (never at import).

JSON only (ids through the broker, never pickles), late acknowledgement and requeue when a
worker process dies, one task prefetched per process, recycled processes and hard time
limits. No result backend: a document's status lives in the database.
"""
from __future__ import annotations

from celery import Celery
from celery.signals import worker_ready

from config import Settings
from ingest.slots import worker_processes

TASK_SOFT_LIMIT = 3 * 3600   # a 500-page scan at ~2 s a page on one core, with margin
TASK_HARD_LIMIT = TASK_SOFT_LIMIT + 300
SWEEP_SECONDS = 60.0
_SENDERS: dict[str, Celery] = {}


def make_celery(settings: Settings) -> Celery:
    app = Celery("lontar", broker=settings.effective_broker_url, include=["workers.tasks"])
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=50,
        # More processes than OCR slots (ingest.slots caps Tesseract at ocr_jobs): the spare
        # ones keep the slots busy while another saves, indexes or opens a document.
        worker_concurrency=worker_processes(settings.ocr_jobs),
        task_soft_time_limit=TASK_SOFT_LIMIT,
        task_time_limit=TASK_HARD_LIMIT,
        task_default_queue="lontar",
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        broker_transport_options=_transport_options(settings.effective_broker_url),
        beat_schedule={
            "lontar-sweep": {"task": "lontar.sweep", "schedule": SWEEP_SECONDS},
        },
    )
    app.lontar_settings = settings
    return app


def _transport_options(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        # Redis redelivers an unacknowledged task after this long: longer than any task may run.
        return {"visibility_timeout": TASK_HARD_LIMIT + 600}
    return {}  # kombu's SQLAlchemy transport hands its options to create_engine: none


def celery_for(settings: Settings) -> Celery:
    """A Celery app for sending tasks (cached per broker: the web app and CLI send often)."""
    url = settings.effective_broker_url
    if url not in _SENDERS:
        _SENDERS[url] = make_celery(settings)
    return _SENDERS[url]


@worker_ready.connect
def _sweep_at_start(sender=None, **_kwargs) -> None:
    """A worker starting up (perhaps after one was killed) looks for documents whose worker died,
    at once rather than at the next beat."""
    try:
        sender.app.send_task("lontar.sweep")
    except Exception:  # noqa: BLE001 - the periodic sweep will do it
        import logging

        logging.getLogger(__name__).warning("start-up sweep not queued", exc_info=True)
