"""Serving a document's files after the permission check.

Paths come only from ``ingest.storage`` (checksum or document id and a page number), never
from the request, so there is nothing to traverse.
"""
from __future__ import annotations

from pathlib import Path

from flask import send_file
from flask_babel import gettext as _

from app.models import Document
from app.services import audit
from app.web.errors import abort_with
from app.web.security import current_db_user, current_settings, db_session
from ingest.storage import original_path, page_image_path, searchable_pdf_path, thumbnail_path

EXTENSIONS = {"application/pdf": ".pdf", "image/tiff": ".tif", "image/png": ".png", "image/jpeg": ".jpg"}


def available(doc: Document) -> dict[str, bool]:
    settings = current_settings()
    return {
        "original": original_path(settings, doc.checksum).is_file(),
        "searchable": doc.has_searchable_pdf and searchable_pdf_path(settings, doc.id).is_file(),
    }


def _download_name(doc: Document, suffix: str, ext: str) -> str:
    stem = Path(doc.original_filename or f"document-{doc.id}").stem or f"document-{doc.id}"
    return f"{stem}{suffix}{ext}"


def _send(doc: Document, path: Path, kind: str, mimetype: str, name: str):
    if not path.is_file():
        abort_with(404, _("This file is not available (yet)."))
    audit.record(db_session(), audit.Action.DOWNLOADED, actor=current_db_user(), document_id=doc.id, file=kind)
    db_session().commit()
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)


def send_original(doc: Document):
    path = original_path(current_settings(), doc.checksum)
    ext = EXTENSIONS.get(doc.mime_type, Path(doc.original_filename or "").suffix[:10])
    return _send(doc, path, "original", doc.mime_type or "application/octet-stream", _download_name(doc, "", ext))


def send_searchable(doc: Document):
    path = searchable_pdf_path(current_settings(), doc.id)
    return _send(doc, path, "searchable_pdf", "application/pdf", _download_name(doc, "-ocr", ".pdf"))


def send_page_image(doc: Document, number: int, thumb: bool):
    if not 1 <= number <= max(doc.page_count, len(doc.pages)):
        abort_with(404, _("This document has no page %(page)s.", page=number))
    settings = current_settings()
    path = (thumbnail_path if thumb else page_image_path)(settings, doc.id, number)
    if not path.is_file():
        abort_with(404, _("The page image is not ready yet."))
    response = send_file(path, mimetype="image/jpeg", max_age=300)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
