"""Which roles may do what (one table, used by views, templates and tests)."""
from app.models import Role

ADMIN, ARSIPARIS, PEJABAT, STAF, PENGELOLA = (r.value for r in (Role.ADMIN, Role.ARSIPARIS, Role.PEJABAT, Role.STAF, Role.PENGELOLA_ARSIP))

UPLOAD_ROLES = (ADMIN, ARSIPARIS, STAF)
EDIT_FIELDS_ROLES = (ADMIN, ARSIPARIS, PENGELOLA)
ADMIN_ROLES = (ADMIN,)

from flask_babel import lazy_gettext as _l  # noqa: E402

ROLE_LABELS = {
    ADMIN: _l("Administrator"),
    ARSIPARIS: _l("Archivist"),
    PEJABAT: _l("Official"),
    STAF: _l("Staff"),
    PENGELOLA: _l("Records manager"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
