"""The global audit trail: filters, pages, CSV export, chain verification."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Response, flash, render_template, request
from flask_babel import gettext as _

from app.services import audit, audit_redaction, audit_verify
from app.services.params import MAX_ID, ParamError, whole_number
from app.services.localtime import local_day_start
from app.web.domain_messages import localize
from app.web.retention import bp
from app.web.retention.common import MANAGE_ROLES, page_arg
from app.web.security import current_access, current_runtime, current_settings, db_session, release_db, roles_required

PER_PAGE = 100


def _parse_filter() -> tuple[audit.AuditFilter, list[str]]:
    args, problems = request.args, []
    action = args.get("action") or None
    if action and action not in audit.actions():
        problems.append(_("Unknown action: %(value)s", value=action))
        action = None
    try:
        document = whole_number(args.get("document"), "document", 1, MAX_ID)
    except ParamError as exc:
        problems.append(localize(exc))
        document = None

    def day(name: str, shift: int = 0) -> datetime | None:
        # People mean days in the office's time zone; entries are stored in UTC.
        raw = (args.get(name) or "").strip()
        if not raw:
            return None
        try:
            return local_day_start(date.fromisoformat(raw) + timedelta(days=shift), current_settings().timezone)
        except (ValueError, OverflowError):
            problems.append(_("'%(value)s' is not a date (use YYYY-MM-DD).", value=raw[:20]))
            return None

    flt = audit.AuditFilter(action=action, actor=(args.get("actor") or "").strip()[:80] or None,
                            document_id=document,
                            date_from=day("from"), date_to=day("to", shift=1))  # "to" is inclusive for people
    return flt, problems


@bp.get("/audit")
@roles_required(*MANAGE_ROLES)
def audit_trail():
    flt, problems = _parse_filter()
    for problem in problems:
        flash(problem, "error")
    session, ctx = db_session(), current_access()
    if request.args.get("format") == "csv":
        release_db()   # the stream reads in short sessions of its own (see audit.iter_export)
        hidden = _("(hidden)")
        lines = audit.iter_export(current_runtime().session_scope, flt,
                                  show=lambda s, rows: audit_redaction.shown(s, ctx, rows, hidden))
        return Response(lines, mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="lontar-audit.csv"'})
    page = page_arg()
    total, entries = audit.query(session, flt, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    entries = audit_redaction.shown(session, ctx, entries, _("(hidden)"))
    verified = audit_verify.verify_trail(session, current_settings()) if request.args.get("verify") == "1" else None
    args = {k: v for k, v in request.args.items() if k in ("action", "actor", "document", "from", "to") and v}
    return render_template("retention/audit.html", entries=entries, total=total, page=page,
                           pages=max(1, -(-total // PER_PAGE)), args=args, actions=audit.actions(), verified=verified,
                           localize=localize)
