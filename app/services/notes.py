"""Notes on a letter: whoever may read the letter may read its notes and add one; an
author may delete his own. Both are audited; a deleted note keeps its row (marked deleted)
and its text stays in the audit trail. No Flask here.

Every function takes the reader's access context and checks the letter itself, so the
page and the API cannot differ on who sees what.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Document, DocumentNote, DocumentStatus, User
from app.services import audit
from app.services.access import can_read
from app.services.i18n import N_, Translatable, msg
from search.access import AccessContext

MAX_NOTE = 5000
GONE = (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value)
# Control characters other than tab and line breaks: invisible, and NUL cannot be stored in PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NoteError(Translatable, ValueError):
    code = "note_error"


class NoteNotFound(NoteError):
    code = "not_found"


class NotAuthor(NoteError):
    code = "forbidden"


def _readable(session: Session, ctx: AccessContext, document: Document | None) -> Document:
    if document is None or document.status in GONE or not can_read(session, ctx, document):
        raise NoteNotFound(N_("This letter does not exist or you may not read it."))
    return document


def _clean(text: str | None) -> str:
    clean = _CONTROL.sub("", (text or "").replace("\r\n", "\n")).strip()
    if not clean:
        raise NoteError(N_("Write the note first."))
    if len(clean) > MAX_NOTE:
        raise NoteError(msg(N_("The note is too long (at most %(n)s characters)."), n=MAX_NOTE))
    return clean


def list_notes(session: Session, ctx: AccessContext, document: Document) -> list[DocumentNote]:
    """The letter's notes, oldest first (deleted ones left out)."""
    _readable(session, ctx, document)
    return list(session.scalars(
        select(DocumentNote).options(selectinload(DocumentNote.author))
        .where(DocumentNote.document_id == document.id, DocumentNote.deleted_at.is_(None))
        .order_by(DocumentNote.created_at, DocumentNote.id)))


def add_note(session: Session, ctx: AccessContext, document: Document, author: User, text: str) -> DocumentNote:
    _readable(session, ctx, document)
    note = DocumentNote(document_id=document.id, author_id=author.id, text=_clean(text))
    session.add(note)
    session.flush()
    audit.record(session, audit.Action.NOTE_ADDED, actor=author, document_id=document.id, object_type="note",
                 object_id=note.id, note=note.text)
    return note


def delete_note(session: Session, ctx: AccessContext, document: Document, actor: User, note_id: int) -> DocumentNote:
    """Only the author deletes, and only while he may still read the letter."""
    _readable(session, ctx, document)
    note = session.get(DocumentNote, note_id) if 0 < note_id < 2**62 else None
    if note is None or note.document_id != document.id or note.deleted_at is not None:
        raise NoteNotFound(N_("This note does not exist or was already deleted."))
    if note.author_id != actor.id:
        raise NotAuthor(N_("Only the author of a note may delete it."))
    note.deleted_at, note.deleted_by_id = datetime.now(timezone.utc), actor.id
    session.flush()
    audit.record(session, audit.Action.NOTE_DELETED, actor=actor, document_id=document.id, object_type="note",
                 object_id=note.id, note=note.text)
    return note


def author_name(note: DocumentNote) -> str:
    return note.author.full_name or note.author.username
