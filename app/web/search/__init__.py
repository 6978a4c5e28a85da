"""The search page (query, filters, facets, sort, pagination, snippets)."""
from flask import Blueprint

bp = Blueprint("search", __name__, template_folder="templates", url_prefix="/search")

from app.web.search import saved, views  # noqa: E402,F401
