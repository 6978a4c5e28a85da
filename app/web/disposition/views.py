"""Pages: register a letter, inbox, sent items, a letter's tree, an entry, acting, the lembar PDF.

Thin: parse the form, check who may see the letter, call the domain services
(registration, disposition), commit, then send pending e-mail outside the transaction.
"""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.models import DispositionRecipient, Position, Registration, Sifat, Urgensi
from app.services import disposition as dsp
from app.services import lembar, notifications, org
from app.services import registration as reg
from app.services.disposition_queries import (
    awaiting_disposition, awaiting_summary, counts, entry_summary, inbox, sent, state_for_document, tree,
)
from app.web.disposition import bp
from app.web.disposition.forms import DisposeForm, RegisterForm
from app.web.domain_messages import localize, localize_errors
from app.web.errors import abort_with
from app.web.labels import DISPOSITION_STATUS
from app.web.navigation import add_nav_item
from app.web.permissions import ADMIN, ARSIPARIS
from app.web.security import (
    current_db_user,
    current_runtime,
    db_session,
    get_readable_document_or_404,
    has_role,
    login_required,
    roles_required,
    release_db,
)

REGISTRAR_ROLES = (ADMIN, ARSIPARIS)
STATUS_LABELS = DISPOSITION_STATUS
DUE_LABELS = {"overdue": _l("overdue"), "due_soon": _l("due soon")}
MAX_ID = 2**62

add_nav_item("disposition.inbox", _l("Dispositions"), order=25)


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        "disposition_status_label": lambda s: str(STATUS_LABELS.get(s, s)),
        "due_label": lambda d: str(DUE_LABELS.get(d, "")),
        "disposition_state": lambda document_id: state_for_document(db_session(), document_id),
        "can_register": lambda: has_role(*REGISTRAR_ROLES),
        "notification_text": lambda note: notifications.render(note, _),
    }


# --- helpers ---------------------------------------------------------------------------------

def _registration_or_404(reg_id: int) -> Registration:
    registration = db_session().get(Registration, reg_id) if 0 < reg_id < MAX_ID else None
    if registration is None:
        abort(404)
    get_readable_document_or_404(registration.document_id)
    return registration


def _entry_or_404(entry_id: int) -> DispositionRecipient:
    entry = db_session().get(DispositionRecipient, entry_id) if 0 < entry_id < MAX_ID else None
    if entry is None:
        abort(404)
    get_readable_document_or_404(entry.disposition.registration.document_id)
    return entry


def _too_large(raw) -> bool:
    """A number no row can have: the services would hand it to the database driver, which overflows."""
    try:
        return abs(int(str(raw).split("/")[0])) >= MAX_ID
    except ValueError:
        return False


def check_number_sizes(data) -> None:
    """Refuse registration fields holding absurdly large numbers, like any other invalid field."""
    errors = {}
    if _too_large(data.get("tujuan")):
        errors["tujuan"] = _("choose a position from the list")
    if _too_large(data.get("nomor_agenda")):
        errors["nomor_agenda"] = _("the number is too large")
    if errors:
        raise reg.RegistrationInvalid(errors)


def check_target_sizes(position_ids) -> None:
    if any(_too_large(p) for p in position_ids):
        raise dsp.InvalidTarget(_("choose the recipients from the list of positions"))


def _commit_and_mail() -> None:
    release_db()  # commit: e-mail goes out only for what was really saved, outside the transaction
    runtime = current_runtime()
    notifications.send_pending_email(runtime.sessions, runtime.settings)


def _refused(exc: Exception) -> None:
    db_session().rollback()
    flash(_("Not done: %(reason)s", reason=localize(exc)), "error")


def _version() -> int | None:
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() else None


def _targets_for(position_id: int) -> list[Position]:
    ids = org.positions_below(db_session(), position_id)
    if not ids:
        return []
    return list(db_session().execute(select(Position).where(Position.id.in_(ids)).order_by(Position.id)).scalars())


def _dispose_context(position_id: int) -> dict:
    return {"targets": _targets_for(position_id), "instruction_options": dsp.instruction_options(db_session())}


# --- lists -----------------------------------------------------------------------------------

@bp.get("/", endpoint="inbox")
@login_required
def inbox_page():
    user = current_db_user()
    show_done = request.args.get("done") == "1"
    entries = [entry_summary(e) for e in inbox(db_session(), user, include_done=show_done)]
    waiting = [awaiting_summary(db_session(), r) for r in awaiting_disposition(db_session(), user)]
    notes = notifications.for_user(db_session(), user, unread_only=True, limit=20)
    return render_template("disposition/inbox.html", entries=entries, waiting=waiting, counts=counts(db_session(), user),
                           show_done=show_done, notes=notes)


@bp.post("/notifications/read")
@login_required
def notifications_read():
    notifications.mark_read(db_session(), current_db_user())
    db_session().commit()
    return redirect(url_for("disposition.inbox"))


@bp.get("/sent", endpoint="sent")
@login_required
def sent_page():
    items = sent(db_session(), current_db_user())
    return render_template("disposition/sent.html", items=items, entry_summary=entry_summary)


# --- registration ------------------------------------------------------------------------------

def _register_form(doc, values: dict, errors: dict | None = None, status: int = 200):
    positions = list(db_session().execute(select(Position).order_by(Position.id)).scalars())
    return render_template(
        "disposition/register.html", doc=doc, values=values, errors=errors or {}, positions=positions,
        sifat_values=[s.value for s in Sifat], urgensi_values=[u.value for u in Urgensi],
        existing=reg.active_registration(db_session(), doc.id),
    ), status


@bp.get("/register/<int:doc_id>")
@roles_required(*REGISTRAR_ROLES)
def register_form(doc_id: int):
    doc = get_readable_document_or_404(doc_id)
    return _register_form(doc, reg.prefill(db_session(), doc))


def _typed_values(doc, data: dict[str, str]) -> dict:
    """The prefill (with its review flags) overlaid with what was typed: a refusal keeps it all."""
    values = reg.prefill(db_session(), doc)
    for name, value in data.items():
        values.setdefault(name, {})["value"] = value
    return values


@bp.post("/register/<int:doc_id>")
@roles_required(*REGISTRAR_ROLES)
def register_post(doc_id: int):
    doc = get_readable_document_or_404(doc_id)
    data = RegisterForm().typed()
    try:
        check_number_sizes(data)
        registration = reg.register(db_session(), doc, current_db_user(), data)
    except reg.RegistrationError as exc:
        db_session().rollback()
        if isinstance(exc, reg.RegistrationInvalid):
            errors, status = localize_errors(exc.errors), 400
        elif isinstance(exc, reg.AlreadyRegistered):
            errors, status = {}, 409  # the page's banner says so, with a link to the registration
        else:
            errors, status = {"nomor_agenda" if isinstance(exc, reg.AgendaClash) else "_": localize(exc)}, 409
        return _register_form(doc, _typed_values(doc, data), errors, status)
    reg_id, label = registration.id, registration.agenda_label
    _commit_and_mail()
    flash(_("Registered with nomor agenda %(agenda)s.", agenda=label), "success")
    return redirect(url_for("disposition.letter", reg_id=reg_id))


@bp.post("/letter/<int:reg_id>/cancel")
@roles_required(*REGISTRAR_ROLES)
def cancel_registration(reg_id: int):
    registration = _registration_or_404(reg_id)
    try:
        reg.cancel(db_session(), registration, current_db_user(), request.form.get("reason", ""))
        _commit_and_mail()
        flash(_("The registration was cancelled; its nomor agenda stays used."), "success")
    except reg.RegistrationError as exc:
        _refused(exc)
    return redirect(url_for("disposition.letter", reg_id=reg_id))


# --- a letter and its tree ---------------------------------------------------------------------

@bp.get("/letter/<int:reg_id>")
@login_required
def letter(reg_id: int):
    return _letter_page(_registration_or_404(reg_id))


def _letter_page(registration: Registration, form: DisposeForm | None = None, error: str | None = None, status: int = 200):
    user = current_db_user()
    holder = registration.target_position_id is not None and org.holds(db_session(), user, registration.target_position_id)
    context = _dispose_context(registration.target_position_id) if holder and not registration.cancelled_at else {}
    waiting = holder and registration in awaiting_disposition(db_session(), user)
    return render_template(
        "disposition/letter.html", registration=registration, nodes=tree(db_session(), registration),
        can_dispose=bool(context), can_cancel=has_role(*REGISTRAR_ROLES) and not registration.cancelled_at,
        can_mark_handled=waiting, waiting=awaiting_summary(db_session(), registration) if waiting else None,
        dispose_action=url_for("disposition.dispose_from_letter", reg_id=registration.id),
        form=form or DisposeForm(formdata=None), dispose_error=error, **context,
    ), status


@bp.post("/letter/<int:reg_id>/handled")
@login_required
def mark_handled(reg_id: int):
    registration = _registration_or_404(reg_id)
    try:
        reg.mark_handled(db_session(), registration, current_db_user(), request.form.get("note", ""))
        _commit_and_mail()
        flash(_("Marked as handled; the letter has left your list."), "success")
    except reg.RegistrationError as exc:
        _refused(exc)
    return redirect(url_for("disposition.letter", reg_id=reg_id))


@bp.post("/letter/<int:reg_id>/dispose")
@login_required
def dispose_from_letter(reg_id: int):
    registration = _registration_or_404(reg_id)
    return _dispose(registration, url_for("disposition.letter", reg_id=reg_id),
                    lambda form, error: _letter_page(registration, form, error, 400))


def _dispose(source, back: str, page):
    """Dispose from the form; refused, ``page(form, error)`` shows it again with what was typed."""
    form = DisposeForm()
    try:
        check_target_sizes(form.positions.data or [])
        dsp.dispose(db_session(), current_db_user(), source, form.positions.data or [], form.instructions.data or [],
                    form.note.data or "", form.deadline.data or None)
    except dsp.DispositionError as exc:
        db_session().rollback()
        return page(form, _("Not done: %(reason)s", reason=localize(exc)))
    _commit_and_mail()
    flash(_("Disposition sent."), "success")
    return redirect(back)


@bp.get("/letter/<int:reg_id>/lembar.pdf")
@login_required
def lembar_pdf(reg_id: int):
    import io

    registration = _registration_or_404(reg_id)
    pdf = lembar.render(db_session(), registration)
    name = f"lembar-disposisi-{registration.agenda_number:04d}-{registration.year}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=False, download_name=name, max_age=0)


# --- one entry (what a recipient sees and does) --------------------------------------------------

@bp.get("/entry/<int:entry_id>")
@login_required
def entry(entry_id: int):
    # Looking changes nothing: the page itself POSTs "read" once it has loaded (entry.js).
    return _entry_page(_entry_or_404(entry_id))


def _entry_page(recipient: DispositionRecipient, form: DisposeForm | None = None, error: str | None = None, status: int = 200):
    user = current_db_user()
    holder = org.holds(db_session(), user, recipient.position_id)
    live = recipient.status not in ("selesai", "dibatalkan") and recipient.disposition.registration.cancelled_at is None
    context = _dispose_context(recipient.position_id) if holder and live else {}
    disposition = recipient.disposition
    is_sender = user.id == disposition.sender_user_id or org.holds(db_session(), user, disposition.sender_position_id)
    return render_template(
        "disposition/entry.html", recipient=recipient, summary=entry_summary(recipient), registration=disposition.registration,
        holder=holder, live=live, is_sender=is_sender, can_dispose=bool(context.get("targets")),
        dispose_action=url_for("disposition.dispose_from_entry", entry_id=recipient.id),
        form=form or DisposeForm(formdata=None), dispose_error=error, **context,
    ), status


@bp.post("/entry/<int:entry_id>/read")
@login_required
def mark_read(entry_id: int):
    """Sent by the entry page after it loads (JSON answer), or by its button without JavaScript."""
    recipient = _entry_or_404(entry_id)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        dsp.mark_read(db_session(), current_db_user(), recipient, expected_version=_version())
        _commit_and_mail()
    except dsp.DispositionError as exc:
        if not wants_json:
            _refused(exc)
            return redirect(url_for("disposition.entry", entry_id=entry_id))
        db_session().rollback()
        return jsonify({"error": localize(exc)}), 409
    if wants_json:
        return jsonify({"status": recipient.status, "label": str(STATUS_LABELS[recipient.status]), "version": recipient.version})
    return redirect(url_for("disposition.entry", entry_id=entry_id))


@bp.post("/entry/<int:entry_id>/dispose")
@login_required
def dispose_from_entry(entry_id: int):
    recipient = _entry_or_404(entry_id)
    return _dispose(recipient, url_for("disposition.entry", entry_id=entry_id),
                    lambda form, error: _entry_page(recipient, form, error, 400))


@bp.post("/entry/<int:entry_id>/start")
@login_required
def start(entry_id: int):
    recipient = _entry_or_404(entry_id)
    try:
        dsp.start(db_session(), current_db_user(), recipient, expected_version=_version())
        _commit_and_mail()
        flash(_("Marked as in progress."), "success")
    except dsp.DispositionError as exc:
        _refused(exc)
    return redirect(url_for("disposition.entry", entry_id=entry_id))


@bp.post("/entry/<int:entry_id>/complete")
@login_required
def complete(entry_id: int):
    recipient = _entry_or_404(entry_id)
    upload = request.files.get("attachment")
    attachment = dsp.Attachment(upload.filename or "", upload.read()) if upload and upload.filename else None
    try:
        dsp.complete(db_session(), current_db_user(), recipient, request.form.get("note", ""), attachment,
                     current_runtime().settings.data_dir, expected_version=_version())
        _commit_and_mail()
        flash(_("Reported as done."), "success")
    except dsp.DispositionError as exc:
        _refused(exc)
    return redirect(url_for("disposition.entry", entry_id=entry_id))


@bp.post("/entry/<int:entry_id>/cancel")
@login_required
def cancel_entry(entry_id: int):
    recipient = _entry_or_404(entry_id)
    reg_id = recipient.disposition.registration_id
    try:
        dsp.cancel_entry(db_session(), current_db_user(), recipient, expected_version=_version())
        _commit_and_mail()
        flash(_("Disposition cancelled."), "success")
    except dsp.DispositionError as exc:
        _refused(exc)
    return redirect(url_for("disposition.letter", reg_id=reg_id))


@bp.get("/entry/<int:entry_id>/attachment")
@login_required
def attachment(entry_id: int):
    recipient = _entry_or_404(entry_id)
    if not recipient.attachment_path:
        abort_with(404, _("This report has no attachment."))
    data_dir = current_runtime().settings.data_dir.resolve()
    path = (data_dir / recipient.attachment_path).resolve()
    if data_dir not in path.parents or not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=path.name, max_age=0)
