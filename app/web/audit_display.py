"""Audit details as people read them: translated names and values, never ``key=None`` or ``[...]``.

The audit trail stores its details as the services wrote them (JSON with English keys and
stored codes, part of the hash chain). This is the display edge: templates call
``audit_details(entry)`` and get (label, value) pairs in the reader's language.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.web.labels import (DISPOSITION_STATUS, FIELDS, FINAL_DISPOSITION, INGEST_ERRORS, PHASE, STATUS, TRIGGER,
                            field_label, ingest_error_message, sifat_label)
from app.web.permissions import role_label

DETAIL_LABELS = {
    "reason": _l("Reason"), "change": _l("Change"), "old": _l("Before"), "new": _l("After"), "code": _l("Code"),
    "source": _l("Source"), "filename": _l("File name"), "from_state": _l("From"), "to_state": _l("To"),
    "berita_acara": _l("Berita acara"), "reference": _l("Reference"), "proposal_id": _l("Proposal"),
    "label": _l("Instruction"), "documents": _l("Documents"), "checksum": _l("Checksum"), "agenda": _l("Agenda number"),
    "vital": _l("Vital record"), "version": _l("Version"), "tujuan": _l("Addressed to"), "to_positions": _l("To positions"),
    "title": _l("Title"), "status": _l("Status"), "skipped": _l("Skipped"), "size": _l("Size (bytes)"),
    "seconds": _l("Seconds"), "rule_id": _l("Rule"), "role": _l("Role"), "removed": _l("Removed"),
    "previous_status": _l("Previous status"), "position": _l("Position"), "parent_recipient": _l("Forwarded from"),
    "pages": _l("Pages"), "page": _l("Page"), "old_name": _l("Old name"), "ocr_pages": _l("Pages recognised"),
    "new_name": _l("New name"), "needs_review": _l("To review"), "name": _l("Name"), "mimetype": _l("File type"),
    "max_age": _l("Maximum age"), "instructions": _l("Instructions"), "from_position": _l("From position"),
    "file": _l("File"), "field": _l("Field"), "extracted": _l("Fields read"), "error_code": _l("Problem"),
    "error": _l("Problem"), "duplicate_of": _l("Duplicate of"), "download_name": _l("Downloaded as"),
    "decision_reference": _l("Decision reference"), "deadline": _l("Deadline"), "consideration": _l("Consideration"),
    "committee": _l("Committee"), "berita_acara_document_id": _l("Berita acara record"),
    "authority": _l("Approving authority"), "attempt": _l("Attempt"), "as_attachment": _l("As a file"),
    "approval_reference": _l("Approval reference"), "note": _l("Note"), "witnesses": _l("Witnesses"),
    "active_years": _l("Active retention (years)"), "inactive_years": _l("Inactive retention (years)"),
    "final_disposition": _l("Final disposition"), "trigger": _l("Counted from"), "series": _l("Series"),
}
# Stored words that appear as values: states of letters, registrations, dispositions and records; kinds of change.
VALUE_LABELS = {
    **STATUS, **DISPOSITION_STATUS, **PHASE,
    "registered": _l("registered"), "cancelled": _l("cancelled"), "created": _l("created"), "updated": _l("updated"),
    "added": _l("added"), "restored": _l("restored"), "withdrawn": _l("withdrawn"), "deadlines": _l("deadlines"),
    "unit_created": _l("unit created"), "position_created": _l("position created"), "acting": _l("acting holder"),
    "csv_import": _l("CSV import"), "web": _l("web"), "cli": _l("command line"), "watch": _l("watch folder"),
    "disposal": _l("disposal"), "api": _l("API"), "bench": _l("benchmark"),
}
OBJECT_LABELS = {
    "classification": _l("classification"), "deadline_table": _l("deadline table"),
    "disposal_proposal": _l("disposal proposal"), "disposition": _l("disposition"),
    "disposition_recipient": _l("disposition to a position"), "instruction": _l("instruction"),
    "legal_hold": _l("legal hold"), "letterhead": _l("letterhead"), "note": _l("note"), "org": _l("organisation"),
    "position": _l("position"), "registration": _l("registration"), "retention_rule": _l("retention rule"),
    "tombstone": _l("tombstone"), "unit": _l("unit"), "user": _l("user"),
}
CODE_KEYS = {"from_state", "to_state", "previous_status", "status", "change", "source"}


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(key, v) for v in value)
    if isinstance(value, dict):
        if set(value) <= {"old", "new"}:
            return f"{_value(key, value.get('old'))} → {_value(key, value.get('new'))}"
        return "; ".join(f"{detail_label(k)}: {_value(k, v)}" for k, v in value.items())
    if key == "field" or (key in ("needs_review", "extracted") and value in FIELDS):
        return field_label(value)
    if key == "role":
        return role_label(value)
    if key == "sifat":
        return sifat_label(value)
    if key == "error_code":
        return ingest_error_message(value, None) or str(value)
    if key == "final_disposition" and value in FINAL_DISPOSITION:
        return str(FINAL_DISPOSITION[value])
    if key == "trigger" and value in TRIGGER:
        return str(TRIGGER[value])
    if key in CODE_KEYS and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    return str(value)


def detail_label(key: str) -> str:
    if key in DETAIL_LABELS:
        return str(DETAIL_LABELS[key])
    if key in FIELDS:
        return field_label(key)
    return key.replace("_", " ")


def audit_details(entry) -> list[tuple[str, str]]:
    """(label, value) for each detail of an audit entry, in the reader's language."""
    details = dict(getattr(entry, "details", None) or {})
    for code_key, text_key in (("code", "reason"), ("error_code", "error")):  # an ingest failure: one sentence
        if details.get(code_key) in INGEST_ERRORS:
            problem = ingest_error_message(details.pop(code_key), details.pop(text_key, None))
            return [(str(DETAIL_LABELS["error"]), problem)] + [(detail_label(k), _value(k, v)) for k, v in details.items()]
    if entry.action == "field_edited" and "field" in details:  # "Perihal: old → new" reads better than three lines
        name = details.pop("field")
        pair = _value(name, {"old": details.pop("old", None), "new": details.pop("new", None)})
        return [(field_label(name), pair)] + [(detail_label(k), _value(k, v)) for k, v in details.items()]
    return [(detail_label(k), _value(k, v)) for k, v in details.items()]


def object_label(entry) -> str:
    """What an audit entry is about besides a letter ("disposal proposal 3"), or ''."""
    if not getattr(entry, "object_type", None):
        return ""
    kind = OBJECT_LABELS.get(entry.object_type)
    name = str(kind) if kind is not None else entry.object_type.replace("_", " ")
    return f"{name} {entry.object_id}" if entry.object_id is not None else name


TEMPLATE_HELPERS = {"audit_details": audit_details, "detail_label": detail_label, "audit_object": object_label}
