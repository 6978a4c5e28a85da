"""/api/v1 for registration and disposition: inbox, sent, a letter's state, register,
dispose, act on an entry (read, start, complete, cancel), the lembar PDF.

Refusals: 400 malformed body, 403 not your position/role, 404 unknown or unreadable,
409 refused by the rules (state, hierarchy, validation, stale version).
"""
from __future__ import annotations

import io

from flask import jsonify, request, send_file

from app.models import Registration
from app.services import disposition as dsp
from app.services import lembar
from app.services import registration as reg
from app.services.disposition_queries import (
    awaiting_disposition, awaiting_summary, counts, entry_summary, inbox, sent, state_for_document,
)
from app.web.api.v1 import api_document_or_404, api_error, api_user, bp, std_errors
from app.web.disposition.views import (
    _commit_and_mail, _entry_or_404, _registration_or_404, check_number_sizes, check_target_sizes,
)
from app.web.domain_messages import localize, localize_errors
from app.web.security import db_session

from app.web.api.v1.dispositions_openapi import OPENAPI_PATHS, OPENAPI_SCHEMAS  # noqa: F401  (merged by the API)

TEXT_FIELDS = tuple(reg.FIELD_LABELS)


def _body(required: bool = True) -> dict | None:
    body = request.get_json(silent=True)
    if body is None and not required and not request.get_data():
        return {}
    return body if isinstance(body, dict) else None


def _refusal(exc: Exception):
    db_session().rollback()
    if isinstance(exc, (dsp.NotAllowed, reg.RegistrationNotAllowed)):
        return api_error("forbidden", localize(exc), 403)
    if isinstance(exc, dsp.NotFound):
        return api_error("not_found", localize(exc), 404)
    if isinstance(exc, reg.RegistrationInvalid):
        response = jsonify({"error": {"code": "invalid", "message": localize(exc), "fields": localize_errors(exc.errors)}})
        response.status_code = 409
        return response
    code = {dsp.DispositionConflict: "stale_version", dsp.InvalidState: "wrong_state", dsp.InvalidTarget: "bad_target",
            dsp.InvalidDeadline: "bad_deadline", reg.AgendaClash: "agenda_clash", reg.AlreadyRegistered: "already_registered"}
    return api_error(code.get(type(exc), "refused"), localize(exc), 409)


def _version(body: dict):
    version = body.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise TypeError("'version' must be a whole number")
    return version


def registration_json(r: Registration) -> dict:
    return {
        "id": r.id, "document_id": r.document_id, "agenda": r.agenda_label, "agenda_number": r.agenda_number, "year": r.year,
        "tanggal_diterima": r.received_date.isoformat(), "tanggal_surat": r.letter_date.isoformat() if r.letter_date else None,
        "asal_surat": r.sender, "nomor_surat": r.nomor_surat, "sifat": r.sifat, "urgensi": r.urgensi, "lampiran": r.lampiran,
        "perihal": r.perihal, "ringkasan": r.ringkasan, "kode_klasifikasi": r.classification_code,
        "tujuan": r.target_position_id, "cancelled": r.cancelled_at is not None,
        "handled": r.handled_at is not None, "handled_note": r.handled_note,
    }


@bp.get("/dispositions/inbox")
def dispositions_inbox():
    user = api_user()
    entries = inbox(db_session(), user, include_done=request.args.get("done") in ("1", "true"))
    waiting = [awaiting_summary(db_session(), r) for r in awaiting_disposition(db_session(), user)]
    return jsonify({"counts": counts(db_session(), user), "entries": [entry_summary(e) for e in entries],
                    "to_dispose": waiting})


@bp.get("/dispositions/sent")
def dispositions_sent():
    items = sent(db_session(), api_user())
    return jsonify({"dispositions": [
        {"id": d.id, "registration_id": d.registration_id, "agenda": d.registration.agenda_label,
         "perihal": d.registration.perihal, "deadline": d.deadline.isoformat() if d.deadline else None,
         "recipients": [entry_summary(r) for r in d.recipients]}
        for d in items
    ]})


@bp.get("/documents/<int:doc_id>/disposition")
def document_disposition(doc_id: int):
    doc = api_document_or_404(doc_id)
    return jsonify(state_for_document(db_session(), doc.id))


@bp.post("/documents/<int:doc_id>/registration")
def register_document(doc_id: int):
    doc = api_document_or_404(doc_id)
    body = _body()
    if body is None or any(not isinstance(body.get(k), (str, int, type(None))) or isinstance(body.get(k), bool) for k in TEXT_FIELDS):
        return api_error("bad_request", "Send a JSON object of registration fields (strings; tujuan a position id).", 400)
    try:
        check_number_sizes(body)
        registration = reg.register(db_session(), doc, api_user(), body)
    except reg.RegistrationError as exc:
        return _refusal(exc)
    result = registration_json(registration)
    _commit_and_mail()
    return jsonify(result), 201


@bp.post("/registrations/<int:reg_id>/cancel")
def cancel_registration(reg_id: int):
    registration = _registration_or_404(reg_id)
    body = _body()
    if body is None or not isinstance(body.get("reason"), str):
        return api_error("bad_request", 'Send JSON like {"reason": "duplicate registration"}.', 400)
    try:
        reg.cancel(db_session(), registration, api_user(), body["reason"])
    except reg.RegistrationError as exc:
        return _refusal(exc)
    result = registration_json(registration)
    _commit_and_mail()
    return jsonify(result)


@bp.post("/registrations/<int:reg_id>/handled")
def handle_registration(reg_id: int):
    registration = _registration_or_404(reg_id)
    body = _body()
    if body is None or not isinstance(body.get("note"), str):
        return api_error("bad_request", 'Send JSON like {"note": "answered by telephone"}.', 400)
    try:
        reg.mark_handled(db_session(), registration, api_user(), body["note"])
    except reg.RegistrationError as exc:
        return _refusal(exc)
    result = registration_json(registration)
    _commit_and_mail()
    return jsonify(result)


def _dispose(source):
    body = _body()
    ok = (
        body is not None
        and isinstance(body.get("positions"), list) and all(isinstance(p, int) and not isinstance(p, bool) for p in body["positions"])
        and isinstance(body.get("instructions", []), list) and all(isinstance(i, str) for i in body.get("instructions", []))
        and isinstance(body.get("note"), (str, type(None))) and isinstance(body.get("deadline"), (str, type(None)))
    )
    if not ok:
        return api_error("bad_request", 'Send JSON like {"positions": [3], "instructions": ["Untuk diketahui"], "note": "", "deadline": "2025-01-31"}.', 400)
    try:
        check_target_sizes(body["positions"])
        disposition = dsp.dispose(db_session(), api_user(), source, body["positions"], body.get("instructions", []),
                                  body.get("note"), body.get("deadline"))
    except dsp.DispositionError as exc:
        return _refusal(exc)
    result = {"id": disposition.id, "registration_id": disposition.registration_id, "deadline": disposition.deadline.isoformat(),
              "recipients": [entry_summary(r) for r in disposition.recipients]}
    _commit_and_mail()
    return jsonify(result), 201


@bp.post("/registrations/<int:reg_id>/dispositions")
def dispose_registration(reg_id: int):
    return _dispose(_registration_or_404(reg_id))


@bp.get("/registrations/<int:reg_id>/lembar.pdf")
def registration_lembar(reg_id: int):
    registration = _registration_or_404(reg_id)
    pdf = lembar.render(db_session(), registration)
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"lembar-{registration.id}.pdf", max_age=0)


@bp.get("/disposition-entries/<int:entry_id>")
def get_entry(entry_id: int):
    return jsonify(entry_summary(_entry_or_404(entry_id)))


@bp.post("/disposition-entries/<int:entry_id>/dispositions")
def dispose_entry(entry_id: int):
    return _dispose(_entry_or_404(entry_id))


def _act(entry_id: int, action):
    recipient = _entry_or_404(entry_id)
    body = _body(required=False)
    if body is None:
        return api_error("bad_request", "Send a JSON object (or no body).", 400)
    try:
        action(recipient, body)
    except TypeError as exc:
        db_session().rollback()
        return api_error("bad_request", str(exc), 400)
    except dsp.DispositionError as exc:
        return _refusal(exc)
    result = entry_summary(recipient)
    _commit_and_mail()
    return jsonify(result)


@bp.post("/disposition-entries/<int:entry_id>/read")
def read_entry(entry_id: int):
    return _act(entry_id, lambda r, body: dsp.mark_read(db_session(), api_user(), r, expected_version=_version(body)))


@bp.post("/disposition-entries/<int:entry_id>/start")
def start_entry(entry_id: int):
    return _act(entry_id, lambda r, body: dsp.start(db_session(), api_user(), r, expected_version=_version(body)))


@bp.post("/disposition-entries/<int:entry_id>/complete")
def complete_entry(entry_id: int):
    def action(recipient, body):
        if not isinstance(body.get("note"), str):
            raise TypeError("'note' (what was done) must be a string")
        dsp.complete(db_session(), api_user(), recipient, body["note"], expected_version=_version(body))

    return _act(entry_id, action)


@bp.post("/disposition-entries/<int:entry_id>/cancel")
def cancel_entry(entry_id: int):
    return _act(entry_id, lambda r, body: dsp.cancel_entry(db_session(), api_user(), r, expected_version=_version(body)))


__all__ = ["OPENAPI_PATHS", "OPENAPI_SCHEMAS", "std_errors"]
