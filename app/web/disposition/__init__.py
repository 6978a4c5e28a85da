"""Disposition pages (registration, inbox, disposing, lembar disposisi)."""
from flask import Blueprint

bp = Blueprint("disposition", __name__, template_folder="templates", url_prefix="/disposisi")

from app.web.disposition import views  # noqa: E402,F401
from app.web.disposition import settings_views  # noqa: E402,F401
