"""The start page: what needs the user's attention, by role."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__, template_folder="templates")

from app.web.dashboard import saved_panel, views  # noqa: E402,F401
