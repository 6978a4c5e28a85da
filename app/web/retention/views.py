"""Records manager's pages: the scheme and rules, the due lists, and a document's retention.

Thin: parse the form, check the role, call ``app.services.retention``, commit.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import LegalHold
from app.services import classification, retention, retention_lists
from app.services.classification import RetentionError, RuleInput
from app.web.domain_messages import localize
from app.web.labels import FINAL_DISPOSITION, PHASE, TRIGGER
from app.web.navigation import add_nav_item
from app.web.retention import bp
from app.web.retention.common import (
    CLASSIFY_ROLES, MANAGE_ROLES, MAX_ID, FormError, back, csv_response, form_date, form_text, page_arg, refused,
)
from app.web.security import (
    current_access, current_db_user, db_session, get_readable_document_or_404, has_role, roles_required,
)

PER_PAGE = 50
KIND_LABELS = {
    "move_inactive": _l("Due to move to inactive"),
    "disposal_review": _l("Due for disposal review (musnah)"),
    "transfer": _l("Due for transfer (permanen)"),
    "reappraisal": _l("Due for re-appraisal"),
    "unclassified": _l("Missing classification"),
}
PHASE_LABELS = PHASE
DISPOSITION_LABELS = FINAL_DISPOSITION
PROPOSAL_STATUS_LABELS = {"draft": _l("draft"), "reviewed": _l("reviewed"), "approved": _l("approved"),
                          "executed": _l("executed")}
TRIGGER_LABELS = TRIGGER

add_nav_item("retention.index", _l("Retention"), roles={"admin", "pengelola_arsip"}, order=60)


@bp.app_context_processor
def _helpers() -> dict:
    return {
        "retention_state": lambda document_id: retention.state_for_document(db_session(), document_id),
        "phase_label": lambda p: str(PHASE_LABELS.get(p, p or "–")),
        "final_label": lambda f: str(DISPOSITION_LABELS.get(f, f or "–")),
        "trigger_label": lambda t: str(TRIGGER_LABELS.get(t, t or "–")),
        "proposal_status_label": lambda s: str(PROPOSAL_STATUS_LABELS.get(s, s)),
        "can_classify": lambda: has_role(*CLASSIFY_ROLES),
        "can_manage_retention": lambda: has_role(*MANAGE_ROLES),
        "retention_due_counts": lambda: retention_lists.counts(db_session(), ctx=current_access()),
        "retention_kind_labels": KIND_LABELS,
    }


# --- overview and due lists --------------------------------------------------------------

@bp.get("/")
@roles_required(*MANAGE_ROLES)
def index():
    counts = retention_lists.counts(db_session(), ctx=current_access())
    db_session().commit()  # sync may have computed missing rows
    return render_template("retention/index.html", counts=counts, labels=KIND_LABELS)


@bp.get("/due/<kind>")
@roles_required(*MANAGE_ROLES)
def due(kind: str):
    if kind not in retention_lists.KINDS:
        abort(404)
    try:
        filters = retention_lists.Filters.parse(request.args.get("code"), request.args.get("unit"), request.args.get("year"))
    except RetentionError as exc:
        flash(localize(exc), "error")
        return redirect(url_for("retention.due", kind=kind))
    session, ctx = db_session(), current_access()
    if request.args.get("format") == "csv":
        text = retention_lists.export_csv(session, kind, filters=filters, ctx=ctx)
        return csv_response(text, f"lontar-{kind}.csv")
    page = page_arg()
    total, rows = retention_lists.list_due(session, kind, filters=filters, ctx=ctx, limit=PER_PAGE,
                                           offset=(page - 1) * PER_PAGE)
    session.commit()
    args = {k: v for k, v in request.args.items() if k in ("code", "unit", "year") and v}
    return render_template("retention/due.html", kind=kind, label=KIND_LABELS[kind], rows=rows, total=total,
                           page=page, pages=max(1, -(-total // PER_PAGE)), args=args, kinds=KIND_LABELS)


@bp.post("/due/move-inactive")
@roles_required(*MANAGE_ROLES)
def move_inactive():
    ids = [int(v) for v in request.form.getlist("document_id") if v.isdigit() and 0 < int(v) < MAX_ID]
    try:
        if not ids:
            raise FormError(_("Select at least one record."))
        count = retention.move_to_inactive(db_session(), current_db_user(), ids, form_text("reference", max_len=300))
        db_session().commit()
        flash(_("%(n)d records recorded as moved to the records centre.", n=count), "success")
    except (RetentionError, FormError) as exc:
        refused(exc)
    return redirect(url_for("retention.due", kind="move_inactive"))


# --- scheme and rules --------------------------------------------------------------------

@bp.get("/schedule")
@roles_required(*MANAGE_ROLES)
def schedule():
    session = db_session()
    rules = {r.classification_code: r for r in classification.current_rules(session)}
    return render_template("retention/schedule.html", nodes=classification.scheme(session), rules=rules)


@bp.post("/schedule/import")
@roles_required(*MANAGE_ROLES)
def schedule_import():
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise FormError(_("Choose a CSV or YAML file."))
        try:
            text = upload.read(5 * 1024 * 1024 + 1).decode("utf-8")
        except UnicodeDecodeError:
            raise FormError(_("The file is not UTF-8 text.")) from None
        if len(text) > 5 * 1024 * 1024:
            raise FormError(_("The file is larger than 5 MB."))
        reason = form_text("reason", _("Give the reason for this change."), 500)
        counts = retention.import_schedule(db_session(), current_db_user(), text, upload.filename, reason)
        db_session().commit()
        flash(_("Imported: %(nodes)d classification codes and %(rules)d changed rules.", **counts), "success")
    except (RetentionError, FormError) as exc:
        refused(exc)
    return redirect(url_for("retention.schedule"))


@bp.route("/schedule/rule", methods=["GET", "POST"])
@roles_required(*MANAGE_ROLES)
def rule_edit():
    session = db_session()
    code = (request.values.get("code") or "").strip()
    if request.method == "POST":
        try:
            name = form_text("name", max_len=300)
            if name:
                classification.save_node(session, current_db_user(), code, name, form_text("reason", max_len=500))
            if request.form.get("active_years") or request.form.get("final_disposition"):
                rule = RuleInput.parse({k: request.form.get(k) for k in (
                    "code", "active_years", "inactive_years", "final_disposition", "trigger", "series")})
                retention.change_rule(session, current_db_user(), rule, form_text("reason", max_len=500))
            session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("retention.rule_edit", code=code))
        except (RetentionError, FormError) as exc:
            refused(exc)
    valid = bool(classification.CODE_RE.match(code))
    return render_template(
        "retention/rule.html", code=code, node=classification.get_node(session, code) if valid else None,
        rule=classification.current_rule(session, code) if valid else None,
        history=classification.rule_history(session, code) if valid else [],
        effective=classification.rule_for(session, code) if valid else None,
        dispositions=DISPOSITION_LABELS, triggers=TRIGGER_LABELS)


# --- one document ------------------------------------------------------------------------

def _document_action(doc_id: int, action, success: str):
    doc = get_readable_document_or_404(doc_id) if 0 < doc_id < MAX_ID else abort(404)
    try:
        action(doc)
        db_session().commit()
        flash(success, "success")
    except (RetentionError, FormError) as exc:
        refused(exc)
    return back(url_for("documents.detail", doc_id=doc.id))


@bp.post("/documents/<int:doc_id>/classify")
@roles_required(*CLASSIFY_ROLES)
def classify(doc_id: int):
    return _document_action(doc_id, lambda doc: retention.classify(
        db_session(), current_db_user(), doc.id, form_text("code", _("Enter a classification code."), 32)),
        _("Classification saved."))


@bp.post("/documents/<int:doc_id>/event-end")
@roles_required(*CLASSIFY_ROLES)
def event_end(doc_id: int):
    return _document_action(doc_id, lambda doc: retention.set_event_end(
        db_session(), current_db_user(), doc.id, form_date("end_date")), _("End date saved."))


@bp.post("/documents/<int:doc_id>/vital")
@roles_required(*MANAGE_ROLES)
def vital(doc_id: int):
    return _document_action(doc_id, lambda doc: retention.set_vital(
        db_session(), current_db_user(), doc.id, request.form.get("vital") == "1", form_text("reason", max_len=500)),
        _("Vital-record flag saved."))


@bp.post("/documents/<int:doc_id>/holds")
@roles_required(*MANAGE_ROLES)
def hold(doc_id: int):
    return _document_action(doc_id, lambda doc: retention.set_hold(
        db_session(), current_db_user(), doc.id, form_text("reason", _("Give the reason for the hold."))),
        _("Legal hold placed."))


@bp.post("/holds/<int:hold_id>/release")
@roles_required(*MANAGE_ROLES)
def release(hold_id: int):
    held = db_session().get(LegalHold, hold_id) if 0 < hold_id < MAX_ID else None
    if held is None:
        abort(404)
    return _document_action(held.document_id, lambda doc: retention.release_hold(
        db_session(), current_db_user(), hold_id, form_text("reason", _("Give the reason for the release."))),
        _("Legal hold released."))
