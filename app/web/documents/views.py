"""Document pages: list, upload + processing queue, the document page, files, field edits."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.services import audit, audit_redaction, documents, retention
from app.services.params import MAX_ID, ParamError, whole_number
from app.web.documents import bp
from app.web.documents import files
from app.web.documents.bulk import bulk_context
from app.web.documents.notes import notes_panel
from app.web.documents.fields import EDITABLE, FieldError, VersionConflict, apply_changes, parse_changes
from app.web.documents.queries import FilterError, documents_by_ids, list_documents, parse_list_filters
from app.web.documents.uploads import status_json, store_files
from app.web.documents.viewer import highlight, page_boxes
from app.web.domain_messages import localize
from app.web.errors import abort_with
from app.web.labels import field_label
from app.web.search.live import run_similar
from app.web.permissions import EDIT_FIELDS_ROLES, UPLOAD_ROLES
from app.web.security import (current_access, current_db_user, db_session, get_readable_document_or_404, has_role,
                              login_required, roles_required)
from app.services.audit import timeline


@bp.get("/")
@login_required
def index():
    try:
        filters = parse_list_filters(request.args)
    except FilterError as exc:
        abort_with(400, str(exc))
    total, docs = list_documents(db_session(), current_access(), filters)
    pages = max(1, -(-total // filters.per_page))
    return render_template("documents/list.html", docs=docs, total=total, filters=filters, pages=pages,
                           bulk=bulk_context())


@bp.get("/upload")
@roles_required(*UPLOAD_ROLES)
def upload():
    return render_template("documents/upload.html")


@bp.post("/upload")
@roles_required(*UPLOAD_ROLES)
def upload_post():
    uploaded = request.files.getlist("file")
    if not uploaded:
        return jsonify({"error": {"code": "no_file", "message": _("Choose at least one file.")}}), 400
    results = store_files(uploaded, current_db_user(), source="web")
    return jsonify({"results": results}), 200


@bp.get("/status")
@login_required
def status():
    parts = [p for p in request.args.get("ids", "")[:4000].split(",") if p]
    try:
        ids = [whole_number(p, "ids", 1, MAX_ID) for p in parts[:201]]
    except ParamError:
        ids = None
    if ids is None or len(ids) > 200:
        abort_with(400, _("'ids' must be a comma-separated list of document numbers (at most 200)."))
    docs = documents_by_ids(db_session(), current_access(), ids)
    return jsonify({"documents": [status_json(d) for d in docs.values()]})


@bp.get("/<int:doc_id>")
@login_required
def detail(doc_id: int):
    doc = get_readable_document_or_404(doc_id)
    raw = request.args.get("page")
    try:
        page_no = whole_number(raw, "page", 1, max(1, len(doc.pages)), 1)
    except ParamError:
        abort_with(404, _("This document has no page %(page)s.", page=str(raw)[:10]))
    query = (request.args.get("q") or "")[:1000]
    return _render_detail(doc, page_no, query)


def _render_detail(doc, page_no: int, query: str, typed: dict | None = None, status: int = 200):
    """The letter page; ``typed``: values a refused save keeps in the form, as the person typed them."""
    page = doc.pages[page_no - 1] if doc.pages else None
    similar, similar_error, _status = run_similar(doc.id)      # a failure only empties its panel
    html = render_template(
        "documents/detail.html", doc=doc, document=doc, page=page, page_no=page_no, query=query,
        page_html=highlight(page.text if page else "", query),
        timeline=audit_redaction.shown(db_session(), current_access(), timeline(db_session(), doc.id), _("(hidden)")),
        editable=EDITABLE, can_edit=has_role(*EDIT_FIELDS_ROLES) and not retention.read_only_refusal(doc),
        files=files.available(doc), similar=similar, similar_error=similar_error, notes_panel=notes_panel(doc),
        boxes=page_boxes(doc, page_no, query, list(EDITABLE)), typed=typed or {},
        max_discard_reason=documents.MAX_DISCARD_REASON,
        can_discard=documents.discard_refusal(db_session(), doc, current_db_user()) is None,
    )
    # Audited once the page is built: a page that failed to render was not viewed.
    audit.record(db_session(), audit.Action.VIEWED, actor=current_db_user(), document_id=doc.id, page=page_no)
    db_session().commit()
    return html, status


@bp.post("/<int:doc_id>/fields")
@roles_required(*EDIT_FIELDS_ROLES)
def edit(doc_id: int):
    doc = get_readable_document_or_404(doc_id)
    version = request.form.get("version", "")
    if not version.isdigit():
        abort_with(400, _("The form is incomplete (version missing). Reload the page."))
    submitted = {k: request.form.get(k) for k in EDITABLE if k in request.form}
    try:
        changes = parse_changes(doc, submitted, partial=True)
        if changes:
            apply_changes(db_session(), doc, changes, current_db_user(), int(version))
            db_session().commit()
            flash(_("Saved: %(fields)s.", fields=", ".join(field_label(name) for name in sorted(changes))), "success")
        else:
            flash(_("Nothing changed."), "info")
    except FieldError as exc:
        db_session().rollback()
        flash(_("Not saved: %(field)s %(message)s.", field=field_label(exc.field), message=localize(exc.message)), "error")
        return _render_detail(doc, 1, "", typed=submitted, status=400)  # the form keeps what was typed
    except VersionConflict:
        db_session().rollback()
        flash(_("Not saved: someone else changed this letter in the meantime. Here is the current version; make your change again."), "error")
    return redirect(url_for("documents.detail", doc_id=doc_id) + "#fields")


@bp.post("/<int:doc_id>/discard")
@login_required
def discard(doc_id: int):
    """Discard a failed or mistaken upload (the uploader or an archivist; the service decides)."""
    doc = get_readable_document_or_404(doc_id)
    try:
        documents.discard_upload(db_session(), doc, current_db_user(), request.form.get("reason", ""))
    except documents.DocumentError as exc:
        db_session().rollback()
        flash(_("Not discarded: %(reason)s", reason=localize(exc)), "error")
        return redirect(url_for("documents.detail", doc_id=doc_id) + "#discard")
    db_session().commit()
    flash(_("Upload %(name)s discarded.", name=doc.original_filename), "success")
    return redirect(url_for("documents.index"))


@bp.get("/<int:doc_id>/original")
@login_required
def download_original(doc_id: int):
    return files.send_original(get_readable_document_or_404(doc_id))


@bp.get("/<int:doc_id>/searchable.pdf")
@login_required
def download_searchable(doc_id: int):
    return files.send_searchable(get_readable_document_or_404(doc_id))


@bp.get("/<int:doc_id>/pages/<int:number>.jpg")
@login_required
def page_image(doc_id: int, number: int):
    return files.send_page_image(get_readable_document_or_404(doc_id), number, thumb=False)


@bp.get("/<int:doc_id>/thumbs/<int:number>.jpg")
@login_required
def page_thumb(doc_id: int, number: int):
    return files.send_page_image(get_readable_document_or_404(doc_id), number, thumb=True)
