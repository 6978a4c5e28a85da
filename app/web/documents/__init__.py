"""Documents: list, upload and processing queue, the document page, downloads, field edits."""
from flask import Blueprint

bp = Blueprint("documents", __name__, template_folder="templates", url_prefix="/documents")

from app.web.documents import bulk, notes, views  # noqa: E402,F401
