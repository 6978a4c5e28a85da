"""Retention pages (JRA, records due, legal disposal, audit)."""
from flask import Blueprint

bp = Blueprint("retention", __name__, template_folder="templates", url_prefix="/retensi")

from app.web.retention import views, disposal_views, audit_views  # noqa: E402,F401
