"""/api/v1/documents/{id}/notes: the notes on a letter (list, add). Same rule as the letter
page: whoever may read the letter reads and adds notes; others get 404."""
from __future__ import annotations

from flask import jsonify, request

from app.models import DocumentNote
from app.services import notes
from app.web.api.v1 import api_document_or_404, api_error, api_user, bp, std_errors
from app.web.domain_messages import localize
from app.web.security import current_access, db_session


def note_json(note: DocumentNote) -> dict:
    return {"id": note.id, "document_id": note.document_id, "author_id": note.author_id,
            "author": notes.author_name(note), "text": note.text,
            "created_at": note.created_at.isoformat() if note.created_at else None}


@bp.get("/documents/<int:doc_id>/notes")
def list_notes(doc_id: int):
    doc = api_document_or_404(doc_id)
    return jsonify({"notes": [note_json(n) for n in notes.list_notes(db_session(), current_access(), doc)]})


@bp.post("/documents/<int:doc_id>/notes")
def add_note(doc_id: int):
    doc = api_document_or_404(doc_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        return api_error("bad_request", 'Send JSON like {"text": "..."}.', 400)
    try:
        note = notes.add_note(db_session(), current_access(), doc, api_user(), body["text"])
        db_session().commit()
    except notes.NoteNotFound as exc:
        db_session().rollback()
        return api_error("not_found", localize(exc), 404)
    except notes.NoteError as exc:
        db_session().rollback()
        return api_error("invalid_note", localize(exc), 400)
    return jsonify(note_json(note)), 201


_JSON = "application/json"
_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}

OPENAPI_SCHEMAS = {
    "Note": {"type": "object", "required": ["id", "document_id", "author", "text", "created_at"], "properties": {
        "id": {"type": "integer"}, "document_id": {"type": "integer"}, "author_id": {"type": "integer"},
        "author": {"type": "string", "description": "full name (username when none is set)"},
        "text": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}},
    "NoteList": {"type": "object", "required": ["notes"], "properties": {
        "notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}}}},
    "NoteInput": {"type": "object", "required": ["text"], "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": notes.MAX_NOTE,
                 "pattern": "[^\\s\\u0000-\\u001f\\u007f]", "description": "at least one visible character"}}},
}

OPENAPI_PATHS = {
    "/api/v1/documents/{doc_id}/notes": {
        "get": {
            "summary": "The notes on a letter the user may read, oldest first",
            "operationId": "listNotes",
            "parameters": [_ID],
            "responses": {"200": {"description": "The notes", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/NoteList"}}}},
                          **std_errors(401, 404)},
        },
        "post": {
            "summary": "Add a note to a letter the user may read (audited)",
            "operationId": "addNote",
            "parameters": [_ID],
            "requestBody": {"required": True, "content": {_JSON: {"schema": {"$ref": "#/components/schemas/NoteInput"}}}},
            "responses": {"201": {"description": "The note added", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Note"}}}},
                          **std_errors(400, 401, 404)},
        },
    },
}
