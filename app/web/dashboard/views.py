from __future__ import annotations

from flask import render_template

from app.web.dashboard import bp
from app.web.security import login_required


@bp.get("/")
@login_required
def index():
    return render_template("dashboard/index.html")
