"""OpenAPI path items and schemas of the disposition API (kept apart from the routes)."""
from __future__ import annotations

from app.web.api.v1 import std_errors

_JSON = "application/json"
_STR_OR_NULL = {"type": "string", "nullable": True}
_STATUS = {"type": "string", "enum": ["belum_dibaca", "dibaca", "diproses", "selesai", "dibatalkan"]}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


def _ok(description: str, schema: str, status: str = "200") -> dict:
    return {status: {"description": description, "content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


def _body(schema: str, required: bool = True) -> dict:
    return {"required": required, "content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


REFUSED = {"409": {"description": "Refused by the rules: wrong state, not below the sender, invalid field, stale version",
                   "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}}

OPENAPI_SCHEMAS = {
    "DispositionEntry": {"type": "object", "required": ["id", "status", "version"], "properties": {
        "id": {"type": "integer"}, "disposition_id": {"type": "integer"}, "document_id": {"type": "integer"},
        "registration_id": {"type": "integer"}, "agenda": {"type": "string"}, "perihal": {"type": "string"},
        "sender": _STR_OR_NULL, "from_position_id": {"type": "integer"}, "from_position": {"type": "string"},
        "position_id": {"type": "integer"}, "position": {"type": "string"}, "status": _STATUS,
        "version": {"type": "integer"}, "instructions": {"type": "array", "items": {"type": "string"}},
        "note": _STR_OR_NULL, "deadline": {**_STR_OR_NULL, "format": "date"},
        "due": {"type": "string", "nullable": True, "enum": ["overdue", "due_soon", None]},
        "completion_note": _STR_OR_NULL, "has_attachment": {"type": "boolean"},
        "read_at": _STR_OR_NULL, "completed_at": _STR_OR_NULL,
        "children": {"type": "array", "items": {"type": "object"}}}},
    "AwaitingLetter": {"type": "object", "required": ["registration_id", "document_id", "deadline"], "properties": {
        "registration_id": {"type": "integer"}, "document_id": {"type": "integer"}, "agenda": {"type": "string"},
        "perihal": {"type": "string"}, "sender": _STR_OR_NULL, "nomor_surat": _STR_OR_NULL,
        "received_date": {"type": "string", "format": "date"}, "urgensi": {"type": "string"},
        "position_id": {"type": "integer"}, "position": {"type": "string"},
        "deadline": {"type": "string", "format": "date", "description": "received + the office's days for the urgency"},
        "due": {"type": "string", "nullable": True, "enum": ["overdue", "due_soon", None]}}},
    "DispositionInbox": {"type": "object", "required": ["counts", "entries", "to_dispose"], "properties": {
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "entries": {"type": "array", "items": {"$ref": "#/components/schemas/DispositionEntry"}},
        "to_dispose": {"type": "array", "items": {"$ref": "#/components/schemas/AwaitingLetter"},
                       "description": "registered letters addressed to my positions waiting for their first disposition"}}},
    "SentDisposition": {"type": "object", "required": ["id", "registration_id", "recipients"], "properties": {
        "id": {"type": "integer"}, "registration_id": {"type": "integer"}, "agenda": {"type": "string"},
        "perihal": {"type": "string"}, "deadline": _STR_OR_NULL,
        "recipients": {"type": "array", "items": {"$ref": "#/components/schemas/DispositionEntry"}}}},
    "SentDispositions": {"type": "object", "required": ["dispositions"], "properties": {
        "dispositions": {"type": "array", "items": {"$ref": "#/components/schemas/SentDisposition"}}}},
    "DispositionState": {"type": "object", "required": ["registered", "statuses", "assignee_position_ids", "overdue", "tree"], "properties": {
        "registered": {"type": "boolean"}, "agenda": _STR_OR_NULL, "registration_id": {"type": "integer", "nullable": True},
        "received_date": _STR_OR_NULL, "tujuan_position_id": {"type": "integer", "nullable": True},
        "statuses": {"type": "array", "items": _STATUS},
        "assignee_position_ids": {"type": "array", "items": {"type": "integer"}},
        "overdue": {"type": "boolean"}, "due_soon": {"type": "boolean"},
        "tree": {"type": "array", "items": {"type": "object"}}}},
    "RegistrationInput": {"type": "object", "properties": {
        "nomor_agenda": {"type": "string", "description": "empty: next number of the year"},
        "tanggal_diterima": {"type": "string", "description": "YYYY-MM-DD; empty: today"},
        "tanggal_surat": {"type": "string"}, "asal_surat": {"type": "string"}, "nomor_surat": {"type": "string"},
        "sifat": {"type": "string", "enum": ["biasa", "terbatas", "rahasia", "sangat_rahasia"]},
        "urgensi": {"type": "string", "enum": ["biasa", "penting", "segera", "sangat_segera"]},
        "lampiran": {"type": "string"}, "perihal": {"type": "string"}, "ringkasan": {"type": "string"},
        "kode_klasifikasi": {"type": "string"}, "tujuan": {"type": "integer", "minimum": 1}}},
    "Registration": {"type": "object", "required": ["id", "document_id", "agenda"], "properties": {
        "id": {"type": "integer"}, "document_id": {"type": "integer"}, "agenda": {"type": "string"},
        "agenda_number": {"type": "integer"}, "year": {"type": "integer"}, "tanggal_diterima": {"type": "string"},
        "tanggal_surat": _STR_OR_NULL, "asal_surat": {"type": "string"}, "nomor_surat": {"type": "string"},
        "sifat": {"type": "string"}, "urgensi": {"type": "string"}, "lampiran": _STR_OR_NULL, "perihal": {"type": "string"},
        "ringkasan": _STR_OR_NULL, "kode_klasifikasi": _STR_OR_NULL, "tujuan": {"type": "integer", "nullable": True},
        "cancelled": {"type": "boolean"}, "handled": {"type": "boolean"}, "handled_note": _STR_OR_NULL}},
    "CancelRegistration": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
    "HandleRegistration": {"type": "object", "required": ["note"], "properties": {"note": {"type": "string"}}},
    "DisposeInput": {"type": "object", "required": ["positions"], "properties": {
        "positions": {"type": "array", "items": {"type": "integer"}, "description": "positions below the sender's"},
        "instructions": {"type": "array", "items": {"type": "string"}, "description": "labels from the office's list"},
        "note": {"type": "string", "nullable": True}, "deadline": {"type": "string", "nullable": True, "description": "YYYY-MM-DD; empty: from urgency"}}},
    "Disposition": {"type": "object", "required": ["id", "registration_id", "recipients"], "properties": {
        "id": {"type": "integer"}, "registration_id": {"type": "integer"}, "deadline": {"type": "string"},
        "recipients": {"type": "array", "items": {"$ref": "#/components/schemas/DispositionEntry"}}}},
    "EntryAction": {"type": "object", "properties": {"version": {"type": "integer", "description": "the version you saw (optional)"}}},
    "CompleteEntry": {"type": "object", "required": ["note"], "properties": {"note": {"type": "string"}, "version": {"type": "integer"}}},
}

_ENTRY = "/api/v1/disposition-entries/{entry_id}"
OPENAPI_PATHS = {
    "/api/v1/dispositions/inbox": {"get": {
        "summary": "Disposition entries and letters waiting for my first disposition (my positions incl. Plt/Plh), with counts",
        "operationId": "dispositionInbox",
        "parameters": [{"name": "done", "in": "query", "required": False, "schema": {"type": "string", "enum": ["0", "1"]}}],
        "responses": {**_ok("Inbox", "DispositionInbox"), **std_errors(401)}}},
    "/api/v1/dispositions/sent": {"get": {
        "summary": "Dispositions I sent", "operationId": "dispositionsSent",
        "responses": {**_ok("Sent dispositions", "SentDispositions"), **std_errors(401)}}},
    "/api/v1/documents/{doc_id}/disposition": {"get": {
        "summary": "Registration and disposition state of a letter (the tree)", "operationId": "documentDisposition",
        "parameters": [_id("doc_id")], "responses": {**_ok("State", "DispositionState"), **std_errors(401, 404)}}},
    "/api/v1/documents/{doc_id}/registration": {"post": {
        "summary": "Register the letter (nomor agenda assigned)", "operationId": "registerDocument",
        "parameters": [_id("doc_id")], "requestBody": _body("RegistrationInput"),
        "responses": {**_ok("Registered", "Registration", "201"), **std_errors(400, 401, 403, 404), **REFUSED}}},
    "/api/v1/registrations/{reg_id}/cancel": {"post": {
        "summary": "Cancel a registration (its number stays used)", "operationId": "cancelRegistration",
        "parameters": [_id("reg_id")], "requestBody": _body("CancelRegistration"),
        "responses": {**_ok("Cancelled", "Registration"), **std_errors(400, 401, 403, 404), **REFUSED}}},
    "/api/v1/registrations/{reg_id}/handled": {"post": {
        "summary": "Mark a letter addressed to me as handled without disposing it", "operationId": "handleRegistration",
        "parameters": [_id("reg_id")], "requestBody": _body("HandleRegistration"),
        "responses": {**_ok("Handled", "Registration"), **std_errors(400, 401, 403, 404), **REFUSED}}},
    "/api/v1/registrations/{reg_id}/dispositions": {"post": {
        "summary": "Dispose the letter from its tujuan position", "operationId": "disposeRegistration",
        "parameters": [_id("reg_id")], "requestBody": _body("DisposeInput"),
        "responses": {**_ok("Disposed", "Disposition", "201"), **std_errors(400, 401, 403, 404), **REFUSED}}},
    "/api/v1/registrations/{reg_id}/lembar.pdf": {"get": {
        "summary": "The lembar disposisi (PDF)", "operationId": "lembarDisposisi", "parameters": [_id("reg_id")],
        "responses": {"200": {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                      **std_errors(401, 404)}}},
    _ENTRY: {"get": {
        "summary": "One disposition entry (does not mark it read)", "operationId": "getDispositionEntry",
        "parameters": [_id("entry_id")], "responses": {**_ok("Entry", "DispositionEntry"), **std_errors(401, 404)}}},
    _ENTRY + "/dispositions": {"post": {
        "summary": "Dispose further down from an entry addressed to me", "operationId": "disposeEntry",
        "parameters": [_id("entry_id")], "requestBody": _body("DisposeInput"),
        "responses": {**_ok("Disposed", "Disposition", "201"), **std_errors(400, 401, 403, 404), **REFUSED}}},
}
for _action, _summary, _schema in (("read", "Mark read (as its holder)", "EntryAction"),
                                   ("start", "Mark in progress", "EntryAction"),
                                   ("complete", "Report done with a completion note", "CompleteEntry"),
                                   ("cancel", "Cancel (sender, while unread)", "EntryAction")):
    OPENAPI_PATHS[f"{_ENTRY}/{_action}"] = {"post": {
        "summary": _summary, "operationId": f"{_action}DispositionEntry", "parameters": [_id("entry_id")],
        "requestBody": _body(_schema, required=_action == "complete"),
        "responses": {**_ok("The entry after the step", "DispositionEntry"), **std_errors(400, 401, 403, 404), **REFUSED}}}
