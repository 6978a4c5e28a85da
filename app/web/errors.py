"""One place that turns errors into pages or JSON: a clear 4xx, never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _message(exc: HTTPException) -> str:
    if isinstance(exc, CSRFError):
        return _("The form expired or was sent from another page. Reload the page and try again.")
    if isinstance(exc, RequestEntityTooLarge):
        from app.web.security import current_settings

        limit = current_settings().max_upload_mb
        return _("The upload is too large: the limit is %(mb)s MB per request.", mb=limit)
    custom = getattr(exc, "lontar_message", None)
    if custom:
        return custom
    defaults = {
        400: _("The request is not valid."),
        401: _("Please log in."),
        403: _("You do not have permission to do this."),
        404: _("Not found. It may not exist, or you may not have access to it."),
        405: _("This action is not allowed here."),
        409: _("Someone else changed this in the meantime. Reload and try again."),
        429: _("Too many attempts. Wait a minute and try again."),
    }
    return defaults.get(exc.code or 500, exc.description or _("Something went wrong."))


def _code_slug(exc: HTTPException) -> str:
    if isinstance(exc, CSRFError):
        return "csrf_failed"
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def handle_http_error(exc: HTTPException):
    status = exc.code or 500
    message = _message(exc)
    if _wants_json():
        return jsonify({"error": {"code": _code_slug(exc), "message": message}}), status
    return render_template("errors/error.html", status=status, message=message), status


def handle_unexpected(exc: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)


def abort_with(status: int, message: str):
    """abort() with a message for people (shown on the page or in the JSON error)."""
    from werkzeug.exceptions import default_exceptions

    exc = default_exceptions[status]()
    exc.lontar_message = message
    raise exc
