"""/api/v1/retention and /api/v1/audit: retention state, classification, holds, the schedule,
records due, the disposal workflow and the audit trail.

Bodies are checked against the same field specs the OpenAPI document is built from, so a
schema-invalid body is a 400 before any domain call. Domain refusals map to 404 (no such
object), 403 (role) or 409 (refused in the current state, with the reason).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import jsonify, request

from app.models import DisposalProposal, LegalHold
from app.services import audit, audit_redaction, classification, disposal, retention, retention_lists
from app.services.classification import NotAllowed, NotFound, RetentionError, RuleInput
from app.services.localtime import as_utc
from app.services.params import MAX_ID as ID_LIMIT, ParamError, whole_number
from app.web.api.v1 import ApiError, api_document_or_404, api_user, bp, std_errors
from app.web.domain_messages import localize
from app.web.permissions import ADMIN, ARSIPARIS, PENGELOLA
from app.web.security import current_access, current_runtime, db_session

MANAGE = (ADMIN, PENGELOLA)
CLASSIFY = (ADMIN, ARSIPARIS, PENGELOLA)
MAX_ID = 2**62
CODE_PATTERN = r"^\s*\d{3}(\.\d{1,3})*\s*$"
_JSON = "application/json"

# field -> (JSON schema, required)
CLASSIFY_BODY = {"code": ({"type": "string", "pattern": CODE_PATTERN, "maxLength": 32}, True)}
REASON_BODY = {"reason": ({"type": "string", "minLength": 1, "maxLength": 2000}, True)}
VITAL_BODY = {"vital": ({"type": "boolean"}, True), "reason": ({"type": "string", "maxLength": 500}, False)}
RULE_BODY = {
    "code": ({"type": "string", "pattern": CODE_PATTERN, "maxLength": 32}, True),
    "active_years": ({"type": "integer", "minimum": 0, "maximum": 100}, True),
    "inactive_years": ({"type": "integer", "minimum": 0, "maximum": 100}, True),
    "final_disposition": ({"type": "string", "enum": ["musnah", "permanen", "dinilai_kembali"]}, True),
    "trigger": ({"type": "string", "enum": ["letter_date", "budget_year_end", "while_in_force"]}, False),
    "series": ({"type": "string", "maxLength": 300}, False),
    "reason": ({"type": "string", "maxLength": 500}, False),
}
PROPOSAL_BODY = {
    "title": ({"type": "string", "maxLength": 300}, False),
    "document_ids": ({"type": "array", "items": {"type": "integer", "minimum": 1}, "maxItems": 1000}, False),
}
REVIEW_BODY = {
    "committee": ({"type": "array", "items": {"type": "string", "maxLength": 200}, "minItems": 1, "maxItems": 50}, True),
    "consideration": ({"type": "string", "minLength": 1, "maxLength": 5000}, True),
    "removals": ({"type": "array", "maxItems": 1000, "items": {
        "type": "object", "required": ["document_id", "reason"],
        "properties": {"document_id": {"type": "integer", "minimum": 1}, "reason": {"type": "string", "minLength": 1, "maxLength": 2000}},
    }}, False),
}
APPROVE_BODY = {name: ({"type": "string", "minLength": 1, "maxLength": 300}, True)
                for name in ("authority", "approval_reference", "decision_reference")}
SEND_BACK_BODY = {"reason": ({"type": "string", "minLength": 1, "maxLength": 2000}, True)}
EXECUTE_BODY = {
    "confirm": ({"type": "boolean", "enum": [True]}, True),
    "witnesses": ({"type": "array", "items": {"type": "string", "maxLength": 200}, "maxItems": 50}, False),
}


# --- plumbing ----------------------------------------------------------------------------

def _require(roles: tuple[str, ...]) -> None:
    if api_user().role not in roles:
        raise ApiError("forbidden", "Your role may not do this.", 403)


def _check(value, schema: dict, where: str) -> None:
    """The subset of JSON Schema the specs above use."""
    kind = schema.get("type")
    checks = {"string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
              "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict)}
    if kind and not checks[kind](value):
        raise ApiError("bad_request", f"{where} must be of type {kind}.", 400)
    if "enum" in schema and value not in schema["enum"]:
        raise ApiError("bad_request", f"{where} must be one of {schema['enum']}.", 400)
    if kind in ("string", "array"):
        if len(value) < schema.get("minLength", schema.get("minItems", 0)):
            raise ApiError("bad_request", f"{where} is too short.", 400)
        if len(value) > schema.get("maxLength", schema.get("maxItems", 10**9)):
            raise ApiError("bad_request", f"{where} is too long.", 400)
    if kind == "string" and "pattern" in schema:
        import re

        if not re.search(schema["pattern"], value):
            raise ApiError("bad_request", f"{where} is not in the expected form.", 400)
    if kind == "integer" and not schema.get("minimum", -10**18) <= value <= schema.get("maximum", MAX_ID):
        raise ApiError("bad_request", f"{where} is out of range.", 400)
    if kind == "array":
        for i, item in enumerate(value):
            _check(item, schema.get("items", {}), f"{where}[{i}]")
    if kind == "object":
        for name in schema.get("required", []):
            if name not in value:
                raise ApiError("bad_request", f"{where}.{name} is required.", 400)
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                _check(value[name], sub, f"{where}.{name}")


def _body(spec: dict) -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError("bad_request", "Send a JSON object.", 400)
    for name, (schema, required) in spec.items():
        if name not in data:
            if required:
                raise ApiError("bad_request", f"'{name}' is required.", 400)
            continue
        _check(data[name], schema, name)
    return data


def _run(work):
    """Call the domain, commit, map refusals onto statuses."""
    session = db_session()
    try:
        result = work(session)
        session.commit()
        return result
    except RetentionError as exc:
        session.rollback()
        status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, NotAllowed) else 409
        raise ApiError(exc.code, localize(exc), status) from None


def _state(doc_id: int) -> dict:
    return retention.state_for_document(db_session(), doc_id)


def _proposal_json(p: DisposalProposal) -> dict:
    iso = lambda v: as_utc(v).isoformat() if v else None  # noqa: E731
    return {
        "id": p.id, "status": p.status, "title": p.title, "committee": [_person(m) for m in p.committee or []],
        "witnesses": [_person(w) for w in p.witnesses or []],
        "reviewed_by_id": p.reviewed_by_id, "approved_by_id": p.approved_by_id, "executed_by_id": p.executed_by_id,
        "consideration": p.consideration, "approval_authority": p.approval_authority,
        "approval_reference": p.approval_reference, "decision_reference": p.decision_reference,
        "created_at": iso(p.created_at), "reviewed_at": iso(p.reviewed_at), "approved_at": iso(p.approved_at),
        "executed_at": iso(p.executed_at), "berita_acara_number": p.berita_acara_number,
        "berita_acara_document_id": p.berita_acara_document_id,
        "items": [{"document_id": i.document_id, "removed": i.removed, "removal_reason": i.removal_reason}
                  for i in p.items],
    }


def _person(person) -> dict:
    """A committee member or witness; proposals made before people were structured hold a name only."""
    if isinstance(person, dict):
        return {"name": person.get("name"), "jabatan": person.get("jabatan"), "nip": person.get("nip")}
    return {"name": str(person), "jabatan": None, "nip": None}


def _proposal_or_404(proposal_id: int) -> DisposalProposal:
    _require(MANAGE)
    proposal = db_session().get(DisposalProposal, proposal_id) if 0 < proposal_id < MAX_ID else None
    if proposal is None:
        raise ApiError("not_found", f"Disposal proposal {proposal_id} does not exist.", 404)
    return proposal


# --- documents ---------------------------------------------------------------------------

@bp.get("/retention/documents/<int:doc_id>")
def retention_state(doc_id: int):
    doc = api_document_or_404(doc_id)
    return jsonify(_state(doc.id))


@bp.post("/retention/documents/<int:doc_id>/classification")
def retention_classify(doc_id: int):
    _require(CLASSIFY)
    doc = api_document_or_404(doc_id)
    code = _body(CLASSIFY_BODY)["code"]
    _run(lambda s: retention.classify(s, api_user(), doc.id, code))
    return jsonify(_state(doc.id))


@bp.post("/retention/documents/<int:doc_id>/vital")
def retention_vital(doc_id: int):
    _require(MANAGE)
    doc = api_document_or_404(doc_id)
    body = _body(VITAL_BODY)
    _run(lambda s: retention.set_vital(s, api_user(), doc.id, body["vital"], body.get("reason") or ""))
    return jsonify(_state(doc.id))


@bp.post("/retention/documents/<int:doc_id>/holds")
def retention_hold(doc_id: int):
    _require(MANAGE)
    doc = api_document_or_404(doc_id)
    reason = _body(REASON_BODY)["reason"]
    hold = _run(lambda s: retention.set_hold(s, api_user(), doc.id, reason))
    return jsonify({"id": hold.id, "document_id": doc.id, "reason": hold.reason}), 201


@bp.post("/retention/holds/<int:hold_id>/release")
def retention_release(hold_id: int):
    _require(MANAGE)
    hold = db_session().get(LegalHold, hold_id) if 0 < hold_id < MAX_ID else None
    if hold is None:
        raise ApiError("not_found", f"Legal hold {hold_id} does not exist.", 404)
    doc = api_document_or_404(hold.document_id)
    reason = _body(REASON_BODY)["reason"]
    _run(lambda s: retention.release_hold(s, api_user(), hold_id, reason))
    return jsonify(_state(doc.id))


# --- schedule and lists ------------------------------------------------------------------

def _rule_json(r) -> dict:
    return {"code": r.classification_code, "active_years": r.active_years, "inactive_years": r.inactive_years,
            "final_disposition": r.final_disposition, "trigger": r.trigger, "series": r.series, "version": r.version}


@bp.get("/retention/rules")
def retention_rules():
    _require(MANAGE)
    return jsonify({"rules": [_rule_json(r) for r in classification.current_rules(db_session())]})


@bp.post("/retention/rules")
def retention_rule_save():
    _require(MANAGE)
    body = _body(RULE_BODY)
    try:
        rule = RuleInput.parse(body)
    except RetentionError as exc:
        raise ApiError(exc.code, localize(exc), 400) from None
    saved = _run(lambda s: retention.change_rule(s, api_user(), rule, body.get("reason")))
    current = classification.current_rule(db_session(), rule.code)
    return jsonify({"changed": saved is not None, "rule": _rule_json(current)})


def _filters() -> retention_lists.Filters:
    try:
        return retention_lists.Filters.parse(request.args.get("code"), request.args.get("unit"), request.args.get("year"))
    except RetentionError as exc:
        raise ApiError("bad_filter", localize(exc), 400) from None


def _page_args() -> tuple[int, int]:
    try:
        return (whole_number(request.args.get("page"), "page", 1, 100_000, 1),
                whole_number(request.args.get("per_page"), "per_page", 1, 500, 50))
    except ParamError as exc:
        raise ApiError("bad_filter", localize(exc), 400) from None


@bp.get("/retention/due")
def retention_due_counts():
    _require(MANAGE)
    counts = retention_lists.counts(db_session(), filters=_filters(), ctx=current_access())
    db_session().commit()
    return jsonify({"counts": counts})


def _due_list(kind: str):
    _require(MANAGE)
    filters, (page, per_page) = _filters(), _page_args()
    total, rows = retention_lists.list_due(db_session(), kind, filters=filters, ctx=current_access(),
                                           limit=per_page, offset=(page - 1) * per_page)
    db_session().commit()
    items = [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()} for row in rows]
    return jsonify({"total": total, "page": page, "per_page": per_page, "items": items})


# One static route per list (no free-form path segment to guess).
for _kind in retention_lists.KINDS:
    bp.add_url_rule(f"/retention/due/{_kind}", f"retention_due_{_kind}", lambda _kind=_kind: _due_list(_kind))


# --- disposal ----------------------------------------------------------------------------

@bp.post("/retention/proposals")
def retention_proposal_create():
    _require(MANAGE)
    body = _body(PROPOSAL_BODY)
    proposal = _run(lambda s: disposal.create_proposal(s, api_user(), body.get("title") or "", body.get("document_ids")))
    return jsonify(_proposal_json(proposal)), 201


@bp.get("/retention/proposals/<int:proposal_id>")
def retention_proposal(proposal_id: int):
    return jsonify(_proposal_json(_proposal_or_404(proposal_id)))


@bp.post("/retention/proposals/<int:proposal_id>/review")
def retention_proposal_review(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    body = _body(REVIEW_BODY)
    removals = {r["document_id"]: r["reason"] for r in body.get("removals") or []}
    _run(lambda s: disposal.review(s, current_runtime().settings, api_user(), proposal.id, body["committee"], body["consideration"], removals))
    return jsonify(_proposal_json(proposal))


@bp.post("/retention/proposals/<int:proposal_id>/approve")
def retention_proposal_approve(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    body = _body(APPROVE_BODY)
    _run(lambda s: disposal.approve(s, current_runtime().settings, api_user(), proposal.id, body["authority"], body["approval_reference"],
                                    body["decision_reference"]))
    return jsonify(_proposal_json(proposal))


@bp.post("/retention/proposals/<int:proposal_id>/send-back")
def retention_proposal_send_back(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    body = _body(SEND_BACK_BODY)
    _run(lambda s: disposal.send_back(s, current_runtime().settings, api_user(), proposal.id, body["reason"]))
    return jsonify(_proposal_json(proposal))


@bp.post("/retention/proposals/<int:proposal_id>/execute")
def retention_proposal_execute(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    body = _body(EXECUTE_BODY)
    _run(lambda s: disposal.execute(s, current_runtime().settings, api_user(), proposal.id, body.get("witnesses") or []))
    return jsonify(_proposal_json(proposal))


# --- audit -------------------------------------------------------------------------------

def _audit_filter() -> audit.AuditFilter:
    args = request.args
    action = args.get("action") or None
    if action and action not in audit.actions():
        raise ApiError("bad_filter", f"Unknown action '{action}'.", 400)
    try:
        document = whole_number(args.get("document"), "document", 1, ID_LIMIT)
    except ParamError as exc:
        raise ApiError("bad_filter", localize(exc), 400) from None

    def day(name: str, shift: int = 0) -> datetime | None:
        raw = args.get(name, "")
        if not raw:
            return None
        try:
            return datetime.combine(date.fromisoformat(raw) + timedelta(days=shift), datetime.min.time())
        except (ValueError, OverflowError):
            raise ApiError("bad_filter", f"{name} must be a date (YYYY-MM-DD).", 400) from None

    return audit.AuditFilter(action=action, actor=(args.get("actor") or "")[:80] or None,
                             document_id=document,
                             date_from=day("from"), date_to=day("to", 1))


@bp.get("/audit")
def audit_entries():
    _require(MANAGE)
    flt, (page, per_page) = _audit_filter(), _page_args()
    total, rows = audit.query(db_session(), flt, limit=per_page, offset=(page - 1) * per_page)
    rows = audit_redaction.shown(db_session(), current_access(), rows, None)
    return jsonify({"total": total, "page": page, "per_page": per_page, "entries": [{
        "seq": e.seq, "at": as_utc(e.at).isoformat(), "actor": e.actor_name, "action": e.action, "document_id": e.document_id,
        "object_type": e.object_type, "object_id": e.object_id, "details": e.details, "redacted": e.redacted,
        "entry_hash": e.entry_hash} for e in rows]})


from app.web.api.v1.retention_openapi import OPENAPI_PATHS, OPENAPI_SCHEMAS  # noqa: E402,F401
