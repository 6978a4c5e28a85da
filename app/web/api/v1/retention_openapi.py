"""OpenAPI entries of /api/v1/retention and /api/v1/audit, built from the body specs the views check."""
from __future__ import annotations

from app.services import audit, retention_lists
from app.services.params import MAX_ID, MAX_YEAR
from app.web.api.v1 import std_errors
from app.web.api.v1 import retention as views

_JSON = "application/json"


def _body(spec: dict) -> dict:
    schema = {"type": "object", "properties": {name: s for name, (s, _req) in spec.items()},
              "required": [name for name, (_s, req) in spec.items() if req]}
    return {"required": True, "content": {_JSON: {"schema": schema}}}


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


def _query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def _ok(description: str, ref: str, status: str = "200") -> dict:
    return {status: {"description": description, "content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}


def _nullable(kind: str, **extra) -> dict:
    return {"type": kind, "nullable": True, **extra}


FILTERS = [_query("code", {"type": "string", "pattern": views.CODE_PATTERN, "maxLength": 32}),
           _query("unit", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
           _query("year", {"type": "integer", "minimum": 1, "maximum": MAX_YEAR})]
PAGING = [_query("page", {"type": "integer", "minimum": 1, "maximum": 100000}),
          _query("per_page", {"type": "integer", "minimum": 1, "maximum": 500})]

OPENAPI_SCHEMAS = {
    "RetentionState": {"type": "object", "required": ["phase", "classification_code", "active_until", "inactive_until",
                                                      "final_disposition", "vital", "holds", "filed"],
                       "properties": {
                           "phase": {"type": "string"}, "classification_code": _nullable("string"),
                           "suggested_code": _nullable("string"), "active_until": _nullable("string", format="date"),
                           "inactive_until": _nullable("string", format="date"),
                           "trigger_date": _nullable("string", format="date"), "final_disposition": _nullable("string"),
                           "note": _nullable("string"), "vital": {"type": "boolean"}, "filed": {"type": "boolean"},
                           "holds": {"type": "array", "items": {"type": "object", "properties": {
                               "id": {"type": "integer"}, "reason": {"type": "string"}}}}}},
    "LegalHold": {"type": "object", "required": ["id", "document_id", "reason"],
                  "properties": {"id": {"type": "integer"}, "document_id": {"type": "integer"}, "reason": {"type": "string"}}},
    "RetentionRule": {"type": "object", "required": ["code", "active_years", "inactive_years", "final_disposition",
                                                     "trigger", "version"],
                      "properties": {"code": {"type": "string"}, "active_years": {"type": "integer"},
                                     "inactive_years": {"type": "integer"}, "final_disposition": {"type": "string"},
                                     "trigger": {"type": "string"}, "series": {"type": "string"},
                                     "version": {"type": "integer"}}},
    "RetentionRules": {"type": "object", "required": ["rules"],
                       "properties": {"rules": {"type": "array", "items": {"$ref": "#/components/schemas/RetentionRule"}}}},
    "RuleSaved": {"type": "object", "required": ["changed", "rule"],
                  "properties": {"changed": {"type": "boolean"}, "rule": {"$ref": "#/components/schemas/RetentionRule"}}},
    "DueCounts": {"type": "object", "required": ["counts"], "properties": {"counts": {
        "type": "object", "properties": {k: {"type": "integer"} for k in retention_lists.KINDS}}}},
    "DueList": {"type": "object", "required": ["total", "page", "per_page", "items"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "items": {"type": "array", "items": {"type": "object", "required": ["document_id"], "properties": {
            "document_id": {"type": "integer"}, "nomor": _nullable("string"), "perihal": _nullable("string"),
            "classification_code": _nullable("string"), "inactive_until": _nullable("string"),
            "final_disposition": _nullable("string"), "phase": {"type": "string"}, "vital": {"type": "boolean"},
            "on_hold": {"type": "boolean"}}}}}},
    "Person": {"type": "object", "description": "A person named on the berita acara", "properties": {
        "name": _nullable("string"), "jabatan": _nullable("string"), "nip": _nullable("string")}},
    "DisposalProposal": {"type": "object", "required": ["id", "status", "title", "items"], "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": ["draft", "reviewed", "approved", "executed"]},
        "title": {"type": "string"}, "committee": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
        "witnesses": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
        "reviewed_by_id": _nullable("integer"), "approved_by_id": _nullable("integer"), "executed_by_id": _nullable("integer"),
        "berita_acara_number": _nullable("string"), "berita_acara_document_id": _nullable("integer"),
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "document_id": {"type": "integer"}, "removed": {"type": "boolean"}, "removal_reason": _nullable("string")}}}}},
    "AuditEntries": {"type": "object", "required": ["total", "entries"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "entries": {"type": "array", "items": {"type": "object", "required": ["seq", "at", "actor", "action", "entry_hash"],
                                               "properties": {"seq": {"type": "integer"}, "at": {"type": "string"},
                                                              "actor": {"type": "string"}, "action": {"type": "string"},
                                                              "document_id": _nullable("integer"),
                                                              "redacted": {"type": "boolean", "description":
                                                                           "the letter's field values are hidden from you"},
                                                              "entry_hash": {"type": "string"}}}}}},
}


def _op(summary: str, op_id: str, responses: dict, errors: tuple, params=(), body=None) -> dict:
    op = {"summary": summary, "operationId": op_id, "responses": {**responses, **std_errors(*errors)}}
    if params:
        op["parameters"] = list(params)
    if body is not None:
        op["requestBody"] = _body(body)
    return op


_REFUSED = {"409": {"description": "Refused in the current state (the message says why)",
                    "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}}
_DOC, _PROP = _path_id("doc_id"), _path_id("proposal_id")

OPENAPI_PATHS = {
    "/api/v1/retention/documents/{doc_id}": {"get": _op(
        "Retention state of a document", "getRetentionState", _ok("The state", "RetentionState"), (401, 404), [_DOC])},
    "/api/v1/retention/documents/{doc_id}/classification": {"post": _op(
        "Set or confirm the classification code", "classifyDocument",
        {**_ok("The new state", "RetentionState"), **_REFUSED}, (400, 401, 403, 404), [_DOC], views.CLASSIFY_BODY)},
    "/api/v1/retention/documents/{doc_id}/vital": {"post": _op(
        "Set or clear the vital-record flag", "setVital", {**_ok("The new state", "RetentionState"), **_REFUSED},
        (400, 401, 403, 404), [_DOC], views.VITAL_BODY)},
    "/api/v1/retention/documents/{doc_id}/holds": {"post": _op(
        "Place a legal hold", "placeHold", {**_ok("The hold", "LegalHold", "201"), **_REFUSED},
        (400, 401, 403, 404), [_DOC], views.REASON_BODY)},
    "/api/v1/retention/holds/{hold_id}/release": {"post": _op(
        "Release a legal hold", "releaseHold", {**_ok("The new state", "RetentionState"), **_REFUSED},
        (400, 401, 403, 404), [_path_id("hold_id")], views.REASON_BODY)},
    "/api/v1/retention/rules": {
        "get": _op("Current rules of the retention schedule (JRA)", "listRules", _ok("Rules", "RetentionRules"), (401, 403)),
        "post": _op("Add or change a rule (a new version; a change needs a reason)", "saveRule",
                    {**_ok("Saved", "RuleSaved"), **_REFUSED}, (400, 401, 403), body=views.RULE_BODY)},
    "/api/v1/retention/due": {"get": _op(
        "Counts of the records-due lists", "dueCounts", _ok("Counts", "DueCounts"), (400, 401, 403), FILTERS)},
    **{f"/api/v1/retention/due/{kind}": {"get": _op(
        f"Records-due list: {retention_lists.KIND_LABELS[kind]}", f"dueList_{kind}", _ok("A page of the list", "DueList"),
        (400, 401, 403), [*FILTERS, *PAGING])} for kind in retention_lists.KINDS},
    "/api/v1/retention/proposals": {"post": _op(
        "Create a disposal proposal (given records, or everything due)", "createProposal",
        {**_ok("The proposal", "DisposalProposal", "201"), **_REFUSED}, (400, 401, 403), body=views.PROPOSAL_BODY)},
    "/api/v1/retention/proposals/{proposal_id}": {"get": _op(
        "A disposal proposal", "getProposal", _ok("The proposal", "DisposalProposal"), (401, 403, 404), [_PROP])},
    "/api/v1/retention/proposals/{proposal_id}/review": {"post": _op(
        "Record the committee review", "reviewProposal", {**_ok("The proposal", "DisposalProposal"), **_REFUSED},
        (400, 401, 403, 404), [_PROP], views.REVIEW_BODY)},
    "/api/v1/retention/proposals/{proposal_id}/approve": {"post": _op(
        "Record the approval and decision", "approveProposal", {**_ok("The proposal", "DisposalProposal"), **_REFUSED},
        (400, 401, 403, 404), [_PROP], views.APPROVE_BODY)},
    "/api/v1/retention/proposals/{proposal_id}/send-back": {"post": _op(
        "Withdraw the approval so that the list may change (a new approval is needed)", "sendBackProposal",
        {**_ok("The proposal", "DisposalProposal"), **_REFUSED}, (400, 401, 403, 404), [_PROP], views.SEND_BACK_BODY)},
    "/api/v1/retention/proposals/{proposal_id}/execute": {"post": _op(
        "Execute the approved disposal (irreversible)", "executeProposal",
        {**_ok("The proposal", "DisposalProposal"), **_REFUSED}, (400, 401, 403, 404), [_PROP], views.EXECUTE_BODY)},
    "/api/v1/audit": {"get": _op(
        "Audit trail entries, newest first", "auditEntries", _ok("A page of entries", "AuditEntries"), (400, 401, 403),
        [_query("action", {"type": "string", "enum": audit.actions()}), _query("actor", {"type": "string", "maxLength": 80}),
         _query("document", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
         _query("from", {"type": "string", "format": "date"}), _query("to", {"type": "string", "format": "date"}),
         *PAGING])},
}
