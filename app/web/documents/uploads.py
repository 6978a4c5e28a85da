"""Storing uploaded files through ``ingest.intake`` and reporting their state as JSON."""
from __future__ import annotations

from flask_babel import gettext as _

from app.models import Document, User
from app.web.documents.queries import documents_by_ids
from app.web.labels import ingest_error_message
from app.web.security import current_access, current_runtime, db_session, release_db

MAX_FILES_PER_REQUEST = 50


def _unit_of(user: User) -> int | None:
    return user.position.unit_id if user.position else None


def store_files(uploaded, user: User, source: str) -> list[dict]:
    from ingest.intake import store_upload

    unit_id = _unit_of(user)
    user_id = user.id
    release_db()  # intake opens its own short transactions (SQLite write lock)
    results = []
    for storage in uploaded[:MAX_FILES_PER_REQUEST]:
        result = store_upload(current_runtime(), storage.stream, storage.filename, uploaded_by_id=user_id,
                              unit_id=unit_id, source=source)
        results.append(intake_json(storage.filename, result))
    _hide_unreadable_duplicates(results)
    for storage in uploaded[MAX_FILES_PER_REQUEST:]:
        results.append({"filename": storage.filename, "document_id": None, "state": "rejected",
                        "message": _("Too many files at once: send at most %(n)s per request.", n=MAX_FILES_PER_REQUEST)})
    return results


def _hide_unreadable_duplicates(results: list[dict]) -> None:
    """A copy of a letter the uploader may not read is "already in the archive", no number:
    naming it would tell him that the letter exists and which one it is."""
    ids = [r["duplicate_of"] for r in results if r["duplicate_of"] is not None]
    readable = documents_by_ids(db_session(), current_access(), ids) if ids else {}
    for item in results:
        if item["duplicate_of"] is not None and item["duplicate_of"] not in readable:
            item.update(document_id=None, duplicate_of=None, message=_("Already in the archive."))


def intake_json(filename: str | None, result) -> dict:
    if result.error is not None:
        state = "rejected" if result.document_id is None else "failed"
        message = ingest_error_message(result.error.code, result.error.text)
    elif result.duplicate_of is not None:
        state, message = "duplicate", _("Already in the archive as document %(id)s.", id=result.duplicate_of)
    else:
        state, message = "queued", _("Queued for processing.")
    return {"filename": filename, "document_id": result.document_id, "duplicate_of": result.duplicate_of,
            "state": state, "message": message, "error_code": result.error.code if result.error else None}


def status_json(doc: Document) -> dict:
    return {
        "id": doc.id, "status": doc.status, "pages_done": doc.pages_done, "page_count": doc.page_count,
        "filename": doc.original_filename, "error_code": doc.error_code,
        "error_message": ingest_error_message(doc.error_code, doc.error_message) if doc.error_code else doc.error_message,
        "nomor": doc.nomor, "perihal": doc.perihal,
    }
