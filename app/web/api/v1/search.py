"""/api/v1/search: the same search as the page, as JSON."""
from __future__ import annotations

from flask import jsonify, request

from app.web.api.v1 import api_error, bp, std_errors
from app.web.search.params import ParamError, parse_search_params
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
        return api_error("bad_query" if status == 400 else "search_unavailable", error, status)
    return jsonify({**results.as_dict(), "query": params.full_query})


_HIT = {"type": "object", "required": ["id", "page"], "properties": {
    "id": {"type": "integer"}, "score": {"type": "number"}, "nomor": {"type": "string", "nullable": True},
    "perihal": {"type": "string", "nullable": True}, "tanggal": {"type": "string", "format": "date", "nullable": True},
    "sender": {"type": "string", "nullable": True}, "page": {"type": "integer"},
    "snippet": {"type": "string", "description": "HTML-escaped page text with <mark> around matches"}}}

OPENAPI_SCHEMAS = {
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
    }
}
