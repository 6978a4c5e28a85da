"""Legal disposal pages: proposals, committee review, approval, execution, berita acara."""
from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.models import DisposalProposal, Document, Tombstone, User
from app.services import disposal, disposal_people
from app.services.classification import NotAllowed, RetentionError
from app.services.disposal_guards import cleared_for
from app.web.retention import bp
from app.web.domain_messages import localize
from app.web.errors import abort_with
from app.web.retention.common import MANAGE_ROLES, MAX_ID, FormError, form_text, lines, refused
from app.web.security import current_db_user, current_runtime, db_session, roles_required


def _proposal_or_404(proposal_id: int) -> DisposalProposal:
    proposal = db_session().get(DisposalProposal, proposal_id) if 0 < proposal_id < MAX_ID else None
    if proposal is None:
        abort(404)
    return proposal


@bp.get("/disposal")
@roles_required(*MANAGE_ROLES)
def proposals():
    rows = db_session().execute(select(DisposalProposal).order_by(DisposalProposal.id.desc()).limit(200)).scalars()
    return render_template("retention/proposals.html", proposals=list(rows))


@bp.post("/disposal")
@roles_required(*MANAGE_ROLES)
def proposal_create():
    try:
        proposal = disposal.create_proposal(db_session(), current_db_user(), form_text("title", max_len=300))
        db_session().commit()
        flash(_("Proposal created with %(n)d records.", n=len(disposal.active_items(proposal))), "success")
        return redirect(url_for("retention.proposal", proposal_id=proposal.id))
    except (RetentionError, FormError) as exc:
        refused(exc)
    return redirect(url_for("retention.proposals"))


@bp.get("/disposal/<int:proposal_id>")
@roles_required(*MANAGE_ROLES)
def proposal(proposal_id: int):
    session = db_session()
    item = _proposal_or_404(proposal_id)
    docs = {d.id: d for d in session.execute(select(Document).where(
        Document.id.in_([i.document_id for i in item.items]))).scalars()}
    tombs = {t.document_id: t for t in session.execute(select(Tombstone).where(Tombstone.proposal_id == item.id)).scalars()}
    people = {u.id: disposal_people.describe(disposal_people.of_user(u)) for u in session.execute(select(User).where(
        User.id.in_([i for i in (item.created_by_id, item.reviewed_by_id, item.approved_by_id, item.executed_by_id)
                     if i]))).scalars()}
    viewer = current_db_user()
    # Items above the viewer's clearance are listed without number or subject (the office chose
    # "refuse": such a viewer cannot take any step of this proposal either).
    hidden = {d.id for d in docs.values() if not cleared_for(viewer, d)}
    return render_template("retention/proposal.html", p=item, docs=docs, tombs=tombs, people=people, hidden=hidden,
                           describe=disposal_people.describe, min_witnesses=disposal.MIN_WITNESSES)


def _step(proposal_id: int, action, success: str):
    _proposal_or_404(proposal_id)
    try:
        action()
        db_session().commit()
        flash(success, "success")
    except (RetentionError, FormError) as exc:
        refused(exc)
    return redirect(url_for("retention.proposal", proposal_id=proposal_id))


@bp.post("/disposal/<int:proposal_id>/remove")
@roles_required(*MANAGE_ROLES)
def proposal_remove(proposal_id: int):
    doc_id = request.form.get("document_id", "")
    if not doc_id.isdigit() or not 0 < int(doc_id) < MAX_ID:
        abort(400)
    return _step(proposal_id, lambda: disposal.remove_item(
        db_session(), current_db_user(), proposal_id, int(doc_id),
        form_text("reason", _("Give the reason for removing this record."))), _("Record removed from the proposal."))


@bp.post("/disposal/<int:proposal_id>/review")
@roles_required(*MANAGE_ROLES)
def proposal_review(proposal_id: int):
    return _step(proposal_id, lambda: disposal.review(
        db_session(), current_runtime().settings, current_db_user(), proposal_id, lines("committee"), form_text("consideration", max_len=5000)),
        _("Committee review recorded."))


@bp.post("/disposal/<int:proposal_id>/approve")
@roles_required(*MANAGE_ROLES)
def proposal_approve(proposal_id: int):
    return _step(proposal_id, lambda: disposal.approve(
        db_session(), current_runtime().settings, current_db_user(), proposal_id, form_text("authority", max_len=300),
        form_text("approval_reference", max_len=300), form_text("decision_reference", max_len=300)),
        _("Approval recorded."))


@bp.post("/disposal/<int:proposal_id>/send-back")
@roles_required(*MANAGE_ROLES)
def proposal_send_back(proposal_id: int):
    return _step(proposal_id, lambda: disposal.send_back(
        db_session(), current_runtime().settings, current_db_user(), proposal_id,
        form_text("reason", _("Give the reason for sending the proposal back."))),
        _("The approval was withdrawn: the proposal is back with the committee."))


@bp.post("/disposal/<int:proposal_id>/execute")
@roles_required(*MANAGE_ROLES)
def proposal_execute(proposal_id: int):
    if request.form.get("confirm") != "yes":
        flash(_("Tick the confirmation box: destruction cannot be undone."), "error")
        return redirect(url_for("retention.proposal", proposal_id=proposal_id))
    return _step(proposal_id, lambda: disposal.execute(
        db_session(), current_runtime().settings, current_db_user(), proposal_id, lines("witnesses")),
        _("The records were destroyed; the berita acara is filed."))


@bp.get("/disposal/<int:proposal_id>/berita-acara.pdf")
@roles_required(*MANAGE_ROLES)
def berita_acara(proposal_id: int):
    _proposal_or_404(proposal_id)
    try:
        name, data = disposal.berita_acara_bytes(db_session(), current_runtime().settings, proposal_id,
                                                 reader=current_db_user())
    except NotAllowed as exc:
        abort_with(403, localize(exc))
    except RetentionError as exc:
        abort(404, description=localize(exc))
    except OSError:
        abort(404)
    return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=name)
