from __future__ import annotations

from flask import render_template

from app.web.documents import bp
from app.web.permissions import UPLOAD_ROLES
from app.web.security import login_required, roles_required


@bp.get("/")
@login_required
def index():
    return render_template("documents/list.html")


@bp.get("/upload")
@roles_required(*UPLOAD_ROLES)
def upload():
    return render_template("documents/upload.html")
