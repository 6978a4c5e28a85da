"""Handing a stored document to the workers: by id only, after the intake transaction."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def enqueue_processing(settings, document_id: int) -> bool:
    """Queue processing; False (logged) if the broker is unreachable.

    The document stays ``queued`` in the database either way: the periodic sweep and a
    re-run of ``lontar ingest`` put queued documents back on the broker.
    """
    from workers.celery_app import celery_for

    try:
        celery_for(settings).send_task("lontar.process_document", args=[document_id])
        return True
    except Exception as exc:  # kombu raises many kinds; none may lose the stored upload
        log.warning("could not queue document %s: %s", document_id, exc)
        return False


def enqueue_pdfa(settings, document_id: int) -> bool:
    """Queue the optional PDF/A archival copy of a done document; False (logged) if the broker
    is unreachable (the searchable PDF is there either way)."""
    from workers.celery_app import celery_for

    try:
        celery_for(settings).send_task("lontar.make_pdfa", args=[document_id])
        return True
    except Exception as exc:  # kombu raises many kinds
        log.warning("could not queue the PDF/A copy of document %s: %s", document_id, exc)
        return False
