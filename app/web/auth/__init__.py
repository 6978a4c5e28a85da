"""Login, logout and the language switch."""
from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from app.web.auth import account, views  # noqa: E402,F401  (registers the routes)
