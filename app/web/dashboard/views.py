from __future__ import annotations

from flask import render_template
from sqlalchemy import String, and_, func, select

from app.models import Document, DocumentStatus
from app.services.access import user_positions
from app.services.disposition_queries import counts
from app.web.dashboard import bp
from app.web.documents.queries import readable_clause
from app.web.permissions import EDIT_FIELDS_ROLES, PEJABAT, STAF, UPLOAD_ROLES
from app.web.security import current_access, current_db_user, db_session, has_role, login_required

ACTIVE = (DocumentStatus.QUEUED.value, DocumentStatus.PROCESSING.value, DocumentStatus.FAILED.value)


def _disposition_counts() -> dict | None:
    """Counts for whoever can receive letters or dispositions: a position of his own or one held as Plt/Plh."""
    user = current_db_user()
    if not user_positions(db_session(), user) and not has_role(PEJABAT, STAF):
        return None
    return counts(db_session(), user)


def _queue(user_id: int) -> list[Document]:
    return list(db_session().scalars(
        select(Document).where(Document.uploaded_by_id == user_id, Document.status.in_(ACTIVE))
        .order_by(Document.created_at.desc()).limit(20)))


def _needs_review() -> tuple[int, list[Document]]:
    # field_meta is JSON; '"review": true' is how it is serialised (SQLite and PostgreSQL json).
    flagged = and_(readable_clause(current_access()), Document.status == DocumentStatus.DONE.value,
                   func.cast(Document.field_meta, String).like('%"review": true%'))
    total = db_session().scalar(select(func.count()).select_from(Document).where(flagged)) or 0
    rows = db_session().scalars(select(Document).where(flagged).order_by(Document.created_at.desc()).limit(10))
    return total, list(rows)


@bp.get("/")
@login_required
def index():
    user = current_db_user()
    review_total, review_docs = _needs_review() if has_role(*EDIT_FIELDS_ROLES) else (0, [])
    return render_template(
        "dashboard/index.html",
        dispositions=_disposition_counts(),
        queue=_queue(user.id) if has_role(*UPLOAD_ROLES) else [],
        review_total=review_total, review_docs=review_docs,
    )
