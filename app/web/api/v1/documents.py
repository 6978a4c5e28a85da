"""/api/v1/documents: list with filters and pagination, get, upload, edit fields."""
from __future__ import annotations

from flask import jsonify, request

from app.models import Document
from app.services.documents import DocumentError, discard_upload, document_json as service_document_json
from app.web.api.v1 import api_document_or_404, api_error, api_user, bp, std_errors
from app.web.documents.fields import EDITABLE, FieldError, VersionConflict, apply_changes, parse_changes
from app.web.documents.queries import MAX_ID, FILTER_KEYS, SIFATS, SORTS, STATUSES, FilterError, list_documents, parse_list_filters
from app.web.documents.uploads import store_files
from app.web.domain_messages import localize
from app.web.labels import ingest_error_message
from app.web.permissions import EDIT_FIELDS_ROLES, UPLOAD_ROLES
from app.web.security import current_access, db_session


def document_json(doc: Document, with_pages: bool = False) -> dict:
    data = service_document_json(db_session(), doc, include_text=with_pages)
    if data.get("error"):  # the code stays as stored; the message in the request's language
        data["error"]["message"] = ingest_error_message(data["error"]["code"], data["error"]["message"])
    return data


@bp.get("/documents")
def list_documents_api():
    try:
        filters = parse_list_filters(request.args)
    except FilterError as exc:
        return api_error("bad_filter", str(exc), 400)
    total, docs = list_documents(db_session(), current_access(), filters)
    return jsonify({"total": total, "page": filters.page, "per_page": filters.per_page,
                    "documents": [document_json(d) for d in docs]})


@bp.get("/documents/<int:doc_id>")
def get_document(doc_id: int):
    return jsonify(document_json(api_document_or_404(doc_id), with_pages=True))


@bp.post("/documents")
def upload_documents():
    if api_user().role not in UPLOAD_ROLES:
        return api_error("forbidden", "Your role may not upload documents.", 403)
    files = request.files.getlist("file")
    if not files:
        return api_error("no_file", "Send the file(s) as multipart/form-data in the field 'file'.", 400)
    results = store_files(files, api_user(), source="api")
    return jsonify({"results": results}), 201 if any(r["state"] == "queued" for r in results) else 200


@bp.patch("/documents/<int:doc_id>")
def edit_document(doc_id: int):
    if api_user().role not in EDIT_FIELDS_ROLES:
        return api_error("forbidden", "Your role may not edit letter fields.", 403)
    doc = api_document_or_404(doc_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
        return api_error("bad_request", 'Send JSON like {"version": 3, "fields": {"perihal": "..."}}.', 400)
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return api_error("bad_request", "'version' (the document version you edited) must be a whole number.", 400)
    try:
        changes = parse_changes(doc, body["fields"], partial=True)
        if changes:
            apply_changes(db_session(), doc, changes, api_user(), version)
            db_session().commit()
    except FieldError as exc:
        return api_error("invalid_field", f"{exc.field}: {exc.message}", 400)
    except VersionConflict:
        return api_error("version_conflict", "The document changed since that version; fetch it again.", 409)
    return jsonify(document_json(doc))


@bp.post("/documents/<int:doc_id>/discard")
def discard_document(doc_id: int):
    """Discard a failed or mistaken upload: the uploader or an archivist, before registration."""
    doc = api_document_or_404(doc_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("reason"), str):
        return api_error("bad_request", 'Send JSON like {"reason": "wrong file scanned"}.', 400)
    try:
        discard_upload(db_session(), doc, api_user(), body["reason"])
    except DocumentError as exc:
        db_session().rollback()
        status = {"forbidden": 403, "invalid_field": 400}.get(exc.code, 409)
        return api_error(exc.code, localize(exc), status)
    db_session().commit()
    return jsonify({"id": doc.id, "status": doc.status})


_STRING_OR_NULL = {"type": "string", "nullable": True}
_DOC_PROPS = {
    "id": {"type": "integer"}, "status": {"type": "string"}, "filename": {"type": "string"},
    "mime_type": {"type": "string"}, "page_count": {"type": "integer"}, "pages_done": {"type": "integer"},
    "nomor": _STRING_OR_NULL, "tanggal_surat": {"type": "string", "format": "date", "nullable": True},
    "perihal": _STRING_OR_NULL, "sender": _STRING_OR_NULL, "addressee": _STRING_OR_NULL, "lampiran": _STRING_OR_NULL,
    "signer_name": _STRING_OR_NULL, "signer_position": _STRING_OR_NULL, "sifat": {"type": "string", "enum": list(SIFATS)},
    "urgensi": {"type": "string"}, "classification_code": _STRING_OR_NULL, "unit_id": {"type": "integer", "nullable": True},
    "needs_review": {"type": "array", "items": {"type": "string"}}, "version": {"type": "integer"},
    "sifat_confirmed": {"type": "boolean", "description": "False until the sifat is read with confidence or set by "
                        "a person; until then only the uploader and officials cleared for sangat_rahasia see it"},
    "created_at": _STRING_OR_NULL, "error_code": _STRING_OR_NULL, "error_message": _STRING_OR_NULL,
}
_FIELD_PROPS = {
    name: ({"type": "string", "enum": list(rule)} if kind == "choice" else
           {"type": "string", "format": "date", "nullable": True} if kind == "date" else
           {"type": "string", "maxLength": rule, "nullable": True})
    for name, (kind, rule) in EDITABLE.items()
}

OPENAPI_SCHEMAS = {
    "Document": {"type": "object", "required": ["id", "status", "version"], "properties": _DOC_PROPS},
    "DocumentDetail": {"allOf": [{"$ref": "#/components/schemas/Document"}, {"type": "object", "properties": {
        "pages": {"type": "array", "items": {"type": "object", "properties": {
            "number": {"type": "integer"}, "text": {"type": "string"}}}}}}]},
    "DocumentList": {"type": "object", "required": ["total", "documents"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}}}},
    "FieldEdit": {"type": "object", "required": ["version", "fields"], "properties": {
        "version": {"type": "integer"},
        "fields": {"type": "object", "properties": _FIELD_PROPS, "additionalProperties": False}}},
    "DiscardRequest": {"type": "object", "required": ["reason"], "properties": {
        "reason": {"type": "string", "minLength": 1, "maxLength": 500}}},
    "DiscardResult": {"type": "object", "required": ["id", "status"], "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": ["discarded"]}}},
    "UploadResults": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {
        "type": "object", "properties": {
            "filename": _STRING_OR_NULL, "document_id": {"type": "integer", "nullable": True},
            "duplicate_of": {"type": "integer", "nullable": True},
            "state": {"type": "string", "enum": ["queued", "duplicate", "failed", "rejected"]},
            "message": {"type": "string"}, "error_code": _STRING_OR_NULL}}}}},
}


def _query_param(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
_JSON = "application/json"

OPENAPI_PATHS = {
    "/api/v1/documents": {
        "get": {
            "summary": "Documents the user may read, filtered and paginated",
            "operationId": "listDocuments",
            "parameters": [
                _query_param("status", {"type": "string", "enum": list(STATUSES)}),
                _query_param("sifat", {"type": "string", "enum": list(SIFATS)}),
                _query_param("nomor", {"type": "string", "maxLength": 200}),
                _query_param("sender", {"type": "string", "maxLength": 200}),
                _query_param("date_from", {"type": "string", "format": "date"}),
                _query_param("date_to", {"type": "string", "format": "date"}),
                _query_param("uploaded_by", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
                _query_param("page", {"type": "integer", "minimum": 1, "maximum": 100000}),
                _query_param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
                _query_param("sort", {"type": "string", "enum": list(SORTS)}),
            ],
            "responses": {"200": {"description": "A page of documents", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/DocumentList"}}}},
                          **std_errors(400, 401)},
        },
        "post": {
            "summary": "Upload one or more scanned letters",
            "operationId": "uploadDocuments",
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "properties": {"file": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"type": "string", "format": "binary"}}}}}}},
            "responses": {
                "201": {"description": "At least one file queued", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/UploadResults"}}}},
                "200": {"description": "Nothing new queued (duplicates or refused files)", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/UploadResults"}}}},
                **std_errors(400, 401, 403, 413)},
        },
    },
    "/api/v1/documents/{doc_id}": {
        "get": {
            "summary": "One document with its letter fields and page texts",
            "operationId": "getDocument",
            "parameters": [_ID],
            "responses": {"200": {"description": "The document", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/DocumentDetail"}}}},
                          **std_errors(401, 404)},
        },
        "patch": {
            "summary": "Correct letter fields (optimistic locking by version)",
            "operationId": "editDocument",
            "parameters": [_ID],
            "requestBody": {"required": True, "content": {_JSON: {"schema": {"$ref": "#/components/schemas/FieldEdit"}}}},
            "responses": {"200": {"description": "The updated document", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Document"}}}},
                          **std_errors(400, 401, 403, 404, 409)},
        },
    },
}
OPENAPI_PATHS["/api/v1/documents/{doc_id}/discard"] = {
    "post": {
        "summary": "Discard a failed or mistaken upload that is not registered (the uploader or an archivist)",
        "operationId": "discardDocument",
        "parameters": [_ID],
        "requestBody": {"required": True, "content": {_JSON: {"schema": {"$ref": "#/components/schemas/DiscardRequest"}}}},
        "responses": {"200": {"description": "Discarded", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/DiscardResult"}}}},
                      **std_errors(400, 401, 403, 404, 409)},
    },
}
assert set(FILTER_KEYS) == {p["name"] for p in OPENAPI_PATHS["/api/v1/documents"]["get"]["parameters"]}
