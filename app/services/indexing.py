"""Keeping the search index in step with the metadata database (owned by the search work).

Interface every domain service uses (implemented by the search work):

    mark_changed(session, document_id, fields=None)
        Call inside the transaction that changed a document. ``fields`` None means
        "the whole document" (text and fields); a set of field names means a partial
        update (e.g. {"disposition"} or {"perihal", "sender"}). The index work runs
        after the commit, never inside the transaction.

    mark_removed(session, document_id)
        The document must leave the index (destroyed or discarded), after the commit.
"""
from __future__ import annotations

from sqlalchemy.orm import Session


def mark_changed(session: Session, document_id: int, fields: set[str] | None = None) -> None:
    pending = session.info.setdefault("lontar_index_changes", {})
    current = pending.get(document_id, set())
    pending[document_id] = None if fields is None or current is None else current | set(fields)


def mark_removed(session: Session, document_id: int) -> None:
    session.info.setdefault("lontar_index_removals", set()).add(document_id)
