"""Bulk actions on the document list: one form, one POST, a report per letter.

The services check every letter (``app.services.bulk``); this module parses the form,
shows only the actions the user's role has, and reports "N done, M refused: reasons".
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import Length, Optional

from app.models import DisposalProposal, Unit
from app.services import bulk, disposal, documents, retention
from app.services.classification import RetentionError
from app.web.documents import bp
from app.web.domain_messages import localize
from app.web.permissions import UPLOAD_ROLES
from app.web.security import current_access, current_db_user, db_session, login_required

# Which roles are offered which action; the services check each letter whatever is posted.
ACTION_ROLES = {
    "classify": retention.CLASSIFY_ROLES,
    "unit": documents.UNIT_ROLES,
    "propose": retention.MANAGE_ROLES,
    "discard": set(UPLOAD_ROLES),
}
ACTION_LABELS = {
    "classify": _l("Set the classification code"),
    "unit": _l("Set the unit"),
    "propose": _l("Add to a disposal proposal"),
    "discard": _l("Discard failed uploads"),
}
MAX_REFUSALS_SHOWN = 10


class BulkForm(FlaskForm):
    action = StringField(_l("Action"), validators=[Length(max=20)])
    code = StringField(_l("Classification code"), validators=[Optional(), Length(max=32)])
    unit_id = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    proposal = StringField(_l("Disposal proposal"), validators=[Optional(), Length(max=20)])
    title = StringField(_l("Title of a new proposal"), validators=[Optional(), Length(max=300)])
    reason = StringField(_l("Reason for discarding"), validators=[Optional(), Length(max=500)])


def allowed_actions() -> list[tuple[str, object]]:
    role = current_db_user().role
    return [(key, label) for key, label in ACTION_LABELS.items() if role in ACTION_ROLES[key]]


def bulk_context() -> dict | None:
    """What the list page needs to show the bulk form (None: no action for this role)."""
    actions = allowed_actions()
    if not actions:
        return None
    keys = {key for key, _label in actions}
    session = db_session()
    units = list(session.scalars(select(Unit).order_by(Unit.code))) if "unit" in keys else []
    drafts = list(session.scalars(select(DisposalProposal).where(DisposalProposal.status == disposal.DRAFT)
                                  .order_by(DisposalProposal.id.desc()).limit(50))) if "propose" in keys else []
    return {"form": BulkForm(), "actions": actions, "units": units, "drafts": drafts}


def _posted_ids() -> list[int]:
    raw = request.form.getlist("ids")
    if not all(v.isdigit() and len(v) < 19 for v in raw):
        raise bulk.BulkError(_("The selection is not valid. Reload the page and select the letters again."))
    return [int(v) for v in raw]


def _optional_id(raw: str | None, message: str) -> int | None:
    raw = (raw or "").strip()
    if raw in ("", "new"):
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise bulk.BulkError(message)
    return int(raw)


def _run(form: BulkForm, ids: list[int]) -> bulk.BulkResult:
    session, ctx, user = db_session(), current_access(), current_db_user()
    action = form.action.data
    if action == "classify":
        return bulk.classify(session, ctx, user, ids, form.code.data or "")
    if action == "unit":
        unit_id = _optional_id(form.unit_id.data, _("Choose an existing unit."))
        if unit_id is None:
            raise bulk.BulkError(_("Choose an existing unit."))
        return bulk.set_unit(session, ctx, user, ids, unit_id)
    if action == "propose":
        proposal_id = _optional_id(form.proposal.data, _("Choose an existing disposal proposal."))
        return bulk.propose(session, ctx, user, ids, proposal_id, form.title.data or "")
    return bulk.discard_failed(session, ctx, user, ids, form.reason.data or "")


def _report(action: str, result: bulk.BulkResult) -> None:
    summary = _("%(action)s: %(done)s done, %(refused)s refused.", action=ACTION_LABELS[action],
                done=len(result.done), refused=len(result.refused))
    if action == "propose" and result.proposal_id is not None and result.done:
        summary += " " + _("Disposal proposal %(id)s.", id=result.proposal_id)
    flash(summary, "success" if result.done and not result.refused else "info" if result.done else "error")
    for refusal in result.refused[:MAX_REFUSALS_SHOWN]:
        flash(_("%(letter)s: %(reason)s", letter=localize(refusal.label), reason=localize(refusal.reason)), "error")
    if len(result.refused) > MAX_REFUSALS_SHOWN:
        flash(_("… and %(n)s more refused.", n=len(result.refused) - MAX_REFUSALS_SHOWN), "error")


def _back():
    target = request.form.get("next") or ""
    if target.startswith("/documents/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for("documents.index"))


@bp.post("/bulk")
@login_required
def bulk_action():
    form = BulkForm()
    # Any known action is carried out: the services refuse, letter by letter, what the role may not do.
    if not form.validate_on_submit() or form.action.data not in ACTION_LABELS:
        if form.errors.keys() - {"action"}:
            flash(_("The form is not valid: %(errors)s", errors="; ".join(
                f"{form[name].label.text}: {' '.join(map(str, errs))}" for name, errs in form.errors.items())), "error")
        else:
            flash(_("Choose one of the actions offered on the list."), "error")
        return _back()
    try:
        result = _run(form, _posted_ids())
        db_session().commit()
    except (bulk.BulkError, RetentionError) as exc:
        db_session().rollback()
        flash(_("Not done: %(reason)s", reason=localize(exc)), "error")
        return _back()
    _report(form.action.data, result)
    return _back()
