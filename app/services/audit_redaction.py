"""What the audit views show of an entry: the field values of a letter the viewer may not read
are hidden (a clerk auditing the trail must not read a rahasia letter's old and new subject there).

The entry stays in the list (that something happened, when and by whom is not secret); only
the values that repeat the letter's content are replaced. Entries are never changed: the views
get copies (the trail is append-only and hashed).
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Document
from app.services.access import readable_clause
from search.access import AccessContext

# Details that carry a letter's field values (edits, classification, what extraction read).
REDACTED_KEYS = ("old", "new", "extracted")


class ShownEntry:
    """An entry as a view shows it: every attribute of the entry, ``details`` possibly redacted."""

    def __init__(self, entry: AuditEntry, details: dict[str, Any], redacted: bool):
        self._entry, self.details, self.redacted = entry, details, redacted

    def __getattr__(self, name: str):
        return getattr(self._entry, name)


def readable_ids(session: Session, ctx: AccessContext, ids: Iterable[int | None]) -> set[int]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return set()
    stmt = select(Document.id).where(Document.id.in_(wanted), readable_clause(ctx, include_gone=True))
    return set(session.scalars(stmt))


def shown(session: Session, ctx: AccessContext | None, entries: list[AuditEntry], hidden: Any) -> list[ShownEntry]:
    """``entries`` with the values of unreadable letters replaced by ``hidden``; ``ctx`` None
    (an operator at the command line) shows everything."""
    readable = None if ctx is None else readable_ids(session, ctx, (e.document_id for e in entries))
    out = []
    for entry in entries:
        details = dict(entry.details or {})
        closed = readable is not None and entry.document_id is not None and entry.document_id not in readable
        closed = closed and any(key in details for key in REDACTED_KEYS)
        if closed:
            details.update({key: hidden for key in REDACTED_KEYS if key in details})
        out.append(ShownEntry(entry, details, closed))
    return out
