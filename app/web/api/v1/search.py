"""/api/v1/search: the same search as the page, as JSON."""
from __future__ import annotations

from flask import jsonify, request

from app.services.params import ParamError as BoundError, whole_number
from app.web.api.v1 import api_document_or_404, api_error, bp, std_errors
from app.web.domain_messages import localize
from app.web.search.live import MAX_SIMILAR, SIMILAR_LIMIT, run_similar, run_suggest
from app.web.search.params import ParamError, parse_search_params
from app.web.search.suggest import DEFAULT_LIMIT, MAX_LIMIT, MAX_PREFIX, SuggestError, parse_suggest_args
from app.web.search.views import run_search
from search.model import MAX_PER_PAGE, SORTS
from search.query import SIFAT_VALUES


@bp.get("/search")
def search_api():
    try:
        params = parse_search_params(request.args)
    except ParamError as exc:
        return api_error("bad_parameter", str(exc), 400)
    results, error, status = run_search(params, allow_empty=True)
    if error:
        return api_error(error.code, error, status)
    return jsonify({**results.as_dict(), "query": params.full_query})


@bp.get("/search/suggest")
def suggest_api():
    try:
        prefix, limit = parse_suggest_args(request.args)
    except SuggestError as exc:
        return api_error("bad_parameter", str(exc), 400)
    items, error, status = run_suggest(prefix, limit)
    if error:
        return api_error(error.code, error, status)
    return jsonify({"suggestions": [s.as_dict() for s in items]})


@bp.get("/documents/<int:doc_id>/similar")
def similar_api(doc_id: int):
    unknown = sorted(set(request.args) - {"limit"})
    if unknown:
        return api_error("bad_parameter", f"Unknown parameter {unknown[0]!r}; known: limit.", 400)
    try:
        limit = whole_number(request.args.get("limit"), "limit", 1, MAX_SIMILAR, SIMILAR_LIMIT)
    except BoundError as exc:
        return api_error(exc.code, localize(exc), 400)
    api_document_or_404(doc_id)
    hits, error, status = run_similar(doc_id, limit)
    if error:
        return api_error(error.code, error, status)
    return jsonify({"id": doc_id, "similar": [_similar_dict(h) for h in hits]})


def _similar_dict(hit) -> dict:
    data = hit.as_dict()
    data.pop("snippet", None)   # similar letters carry no query, so no highlights
    data.pop("page", None)
    return data


_HIT = {"type": "object", "required": ["id", "page"], "properties": {
    "id": {"type": "integer"}, "score": {"type": "number"}, "nomor": {"type": "string", "nullable": True},
    "perihal": {"type": "string", "nullable": True}, "tanggal": {"type": "string", "format": "date", "nullable": True},
    "sender": {"type": "string", "nullable": True}, "page": {"type": "integer"},
    "snippet": {"type": "string", "description": "HTML-escaped page text with <mark> around matches"}}}

_SIMILAR = {"type": "object", "required": ["id"], "properties": {
    "id": {"type": "integer"}, "score": {"type": "number"}, "nomor": {"type": "string", "nullable": True},
    "perihal": {"type": "string", "nullable": True}, "tanggal": {"type": "string", "format": "date", "nullable": True},
    "sender": {"type": "string", "nullable": True}}}

OPENAPI_SCHEMAS = {
    "Suggestions": {"type": "object", "required": ["suggestions"], "properties": {
        "suggestions": {"type": "array", "items": {"type": "object", "required": ["text", "completion"], "properties": {
            "text": {"type": "string", "description": "A word or a sender from letters the user may read"},
            "completion": {"type": "string", "description": "The whole query with the suggestion applied"}}}}}},
    "SimilarLetters": {"type": "object", "required": ["id", "similar"], "properties": {
        "id": {"type": "integer"}, "similar": {"type": "array", "items": _SIMILAR}}},
    "SearchResults": {"type": "object", "required": ["total", "hits", "facets"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "query": {"type": "string"},
        "hits": {"type": "array", "items": _HIT},
        "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object", "properties": {
            "value": {"type": "string"}, "count": {"type": "integer"}}}}}}},
}


def _q(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_MAX = {"type": "string", "maxLength": 200}
_503 = {"description": "Search engine unreachable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

OPENAPI_PATHS = {
    "/api/v1/search": {
        "get": {
            "summary": "Full-text search of the letters the user may read",
            "operationId": "search",
            "parameters": [
                _q("q", {"type": "string", "maxLength": 1000}, "Search language: words, \"phrases\", OR, -not, prefix*, field:value"),
                _q("sort", {"type": "string", "enum": list(SORTS)}),
                _q("page", {"type": "integer", "minimum": 1, "maximum": 1000}),
                _q("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
                _q("date_from", {"type": "string", "format": "date"}),
                _q("date_to", {"type": "string", "format": "date"}),
                _q("sifat", {"type": "string", "enum": list(SIFAT_VALUES)}),
                _q("year", {"type": "string", "pattern": r"^[0-9]{4}(\.\.[0-9]{4})?$"}, "2024 or 2020..2023"),
                _q("classification", {"type": "string", "pattern": r"^[0-9][0-9.]{0,30}$"}, "e.g. 800 or 000.5.2"),
                _q("status", {"type": "string", "pattern": r"^[a-z_]{1,30}$"}, "disposition status, or terlambat"),
                _q("sender", _MAX),
            ],
            "responses": {"200": {"description": "Hits and facets", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                          **std_errors(400, 401), "503": _503},
        }
    },
    "/api/v1/search/suggest": {
        "get": {
            "summary": "Words and senders completing what the user typed (only from letters the user may read)",
            "operationId": "searchSuggest",
            "parameters": [
                _q("q", {"type": "string", "maxLength": MAX_PREFIX}, "What is typed in the search box so far"),
                _q("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
            ],
            "responses": {"200": {"description": "Suggestions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Suggestions"}}}},
                          **std_errors(400, 401), "503": _503},
        }
    },
    "/api/v1/documents/{doc_id}/similar": {
        "get": {
            "summary": "Letters like this one, among those the user may read",
            "operationId": "similarDocuments",
            "parameters": [
                {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                _q("limit", {"type": "integer", "minimum": 1, "maximum": MAX_SIMILAR, "default": SIMILAR_LIMIT}),
            ],
            "responses": {"200": {"description": "Similar letters, most alike first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SimilarLetters"}}}},
                          **std_errors(400, 401, 404), "503": _503},
        }
    },
}
