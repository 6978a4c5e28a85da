"""Handing documents to the workers: by id only, through an outbox in the database.

The database, not the broker, says what must be processed. Whatever makes a document wait
for a worker writes an ``OutboxMessage`` in the same transaction (``add``); after the commit
the message is sent and its row deleted (``send``). A row left behind — the broker was down
or lost the message — is sent by the sweep once due (``send_due``). A message sent twice is
harmless: the worker's claim lock and status check (``ingest.claims``, ``stages.record``)
make the second delivery a no-op.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update

from app.models import OutboxMessage

log = logging.getLogger(__name__)

PROCESS = "lontar.process_document"
SEND_GRACE = timedelta(seconds=30)        # intake's own send after its commit comes first
REDELIVERY_GRACE = timedelta(minutes=15)  # longer than Celery's longest retry back-off (10 min)
STORAGE_RETRY = timedelta(seconds=60)    # a document waiting for disk space is tried again this often
SWEEP_BATCH = 500


def _now() -> datetime:
    return datetime.now(timezone.utc)


def add(session, document_id: int, *, after: timedelta = SEND_GRACE, task: str = PROCESS) -> None:
    """Record, in the caller's transaction, that ``task`` must reach a worker for the document."""
    session.add(OutboxMessage(task=task, document_id=document_id, due_at=_now() + after))


def consume(session, document_id: int, task: str = PROCESS) -> None:
    """A worker started on the document: its waiting messages have done their work."""
    session.execute(delete(OutboxMessage).where(OutboxMessage.document_id == document_id,
                                                OutboxMessage.task == task))


def send(runtime, document_id: int, task: str = PROCESS) -> bool:
    """Send now (after the commit that added the row); False (logged) if the broker is
    unreachable: the row stays and the sweep sends it later."""
    sent = _publish(runtime.settings, task, document_id)
    with runtime.session_scope() as session:
        if sent:
            consume(session, document_id, task)
        else:  # known not to have reached the broker: the next sweep sends it, grace or not
            session.execute(update(OutboxMessage).where(OutboxMessage.document_id == document_id,
                                                        OutboxMessage.task == task).values(due_at=_now()))
    return sent


def send_due(runtime) -> int:
    """The sweep: send every message past its due time; stop at the first broker failure."""
    with runtime.session_scope() as session:
        due = session.execute(select(OutboxMessage.id, OutboxMessage.task, OutboxMessage.document_id)
                              .where(OutboxMessage.due_at <= _now()).order_by(OutboxMessage.id)
                              .limit(SWEEP_BATCH)).all()
    sent = 0
    for row_id, task, document_id in due:
        if not _publish(runtime.settings, task, document_id):
            break
        with runtime.session_scope() as session:
            session.execute(delete(OutboxMessage).where(OutboxMessage.id == row_id))
        sent += 1
    if sent:
        log.warning("sent %s message(s) that had not reached the broker", sent)
    return sent


def _publish(settings, task: str, document_id: int) -> bool:
    from workers.celery_app import celery_for

    try:
        celery_for(settings).send_task(task, args=[document_id])
        return True
    except Exception as exc:  # kombu raises many kinds; none may lose the stored upload
        log.warning("could not queue %s for document %s: %s", task, document_id, exc)
        return False


def enqueue_pdfa(settings, document_id: int) -> bool:
    """Queue the optional PDF/A archival copy of a done document; False (logged) if the broker
    is unreachable (the searchable PDF is there either way)."""
    return _publish(settings, "lontar.make_pdfa", document_id)
