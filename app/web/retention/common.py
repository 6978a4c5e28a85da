"""Helpers shared by the retention pages: roles, refusals, form parsing, CSV responses."""
from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, request
from flask_babel import gettext as _

from app.services.params import ParamError, whole_number
from app.web.domain_messages import localize
from app.web.permissions import ADMIN, ARSIPARIS, PENGELOLA
from app.web.security import db_session

MANAGE_ROLES = (ADMIN, PENGELOLA)
CLASSIFY_ROLES = (ADMIN, ARSIPARIS, PENGELOLA)
MAX_ID = 2**62


class FormError(ValueError):
    """A form value a person must correct (shown as a flash message)."""


def refused(exc: Exception) -> None:
    db_session().rollback()
    flash(_("Not done: %(reason)s", reason=localize(exc)), "error")


def back(default: str):
    """Redirect to the page the form came from when it is ours, else ``default``."""
    target = request.form.get("next") or ""
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


def form_text(name: str, required_message: str | None = None, max_len: int = 2000) -> str:
    value = (request.form.get(name) or "").strip()
    if required_message and not value:
        raise FormError(required_message)
    if len(value) > max_len:
        raise FormError(_("%(field)s is too long (at most %(n)d characters).", field=name, n=max_len))
    return value


def form_date(name: str) -> date | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FormError(_("'%(value)s' is not a date (use YYYY-MM-DD).", value=raw)) from None


def lines(name: str) -> list[str]:
    return [line.strip() for line in (request.form.get(name) or "").splitlines() if line.strip()]


def page_arg() -> int:
    try:
        return whole_number(request.args.get("page"), "page", 1, 100_000, 1)
    except ParamError:
        return 1        # a list page: a mistyped page number shows the first page


def csv_response(text: str, filename: str) -> Response:
    # A BOM lets spreadsheet programs on office PCs open UTF-8 correctly.
    return Response("\ufeff" + text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
