from __future__ import annotations

from flask import render_template

from app.web.admin import bp
from app.web.permissions import ADMIN_ROLES
from app.web.security import roles_required


@bp.get("/users")
@roles_required(*ADMIN_ROLES)
def users():
    return render_template("admin/users.html")
