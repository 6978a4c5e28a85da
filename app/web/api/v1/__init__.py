"""JSON API v1: one blueprint under /api/v1, one module per resource (CTFd style).

Every request is authenticated (Bearer token or the browser session; session requests
that change something also need the CSRF token in ``X-CSRFToken``). Errors are
``{"error": {"code": ..., "message": ...}}``. Each resource module exports
``OPENAPI_PATHS`` (and optionally ``OPENAPI_SCHEMAS``), merged into
``/api/v1/openapi.json``.
"""
from __future__ import annotations

import importlib
import importlib.util

from flask import Blueprint, abort, g, jsonify, request
from flask_login import current_user

from app.models import Document, User

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")

# Resource modules below this package, in menu order. Missing ones (being written) are skipped.
RESOURCES = ("documents", "notes", "search", "dispositions", "retention", "meta")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiError(Exception):
    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def api_error(code: str, message: str, status: int = 400):
    """A JSON error response: ``return api_error("not_found", "No such document", 404)``."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


@bp.errorhandler(ApiError)
def _handle_api_error(exc: ApiError):
    return api_error(exc.code, exc.message, exc.status)


def api_user() -> User:
    """The authenticated ``User`` row (the blueprint refused anonymous requests already)."""
    return current_user.user


def api_document_or_404(doc_id: int) -> Document:
    from app.web.security import get_readable_document_or_404

    return get_readable_document_or_404(doc_id)


@bp.before_request
def _authenticate():
    if request.endpoint == "api_v1.openapi":
        return None
    if not current_user.is_authenticated:
        if g.get("lontar_bad_token"):
            return api_error("invalid_token", "The API token is unknown or revoked.", 401)
        return api_error("unauthorized", "Log in or send an API token (Authorization: Bearer <token>).", 401)
    if g.get("lontar_auth_via") != "token" and request.method not in SAFE_METHODS:
        from app.web.extensions import csrf

        csrf.protect()  # browser session: the same CSRF rule as forms
    return None


def _resource_modules():
    for name in RESOURCES:
        full = f"{__name__}.{name}"
        if importlib.util.find_spec(full) is not None:
            yield importlib.import_module(full)


def load_resources() -> None:
    """Import every resource module so its routes are on ``bp`` (idempotent)."""
    list(_resource_modules())


def openapi_document() -> dict:
    paths: dict = {}
    schemas: dict = dict(BASE_SCHEMAS)
    for module in _resource_modules():
        paths.update(getattr(module, "OPENAPI_PATHS", {}))
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Lontar API", "version": "1.0.0",
                 "description": "Letters archive: documents, search, dispositions, retention."},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": ERROR_RESPONSES,
        },
        "paths": dict(sorted(paths.items())),
    }


BASE_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    }
}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


ERROR_RESPONSES = {
    "BadRequest": _error_response("Malformed input"),
    "Unauthorized": _error_response("Missing or invalid credentials"),
    "Forbidden": _error_response("Not allowed for this role"),
    "NotFound": _error_response("No such object, or not readable by this user"),
    "Conflict": _error_response("Changed by someone else (stale version)"),
    "TooLarge": _error_response("Upload larger than the limit"),
}


def std_errors(*codes: int) -> dict:
    """Response entries for an OpenAPI operation: ``{**std_errors(400, 401, 404)}``."""
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 413: "TooLarge"}
    return {str(c): {"$ref": f"#/components/responses/{names[c]}"} for c in codes}


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
