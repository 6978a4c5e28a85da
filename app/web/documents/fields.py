"""The editable letter fields: parsing a submitted form into validated changes.

Validation lives here (no Flask) so the page and the API give the same messages. The
write goes through ``app.services.documents.edit_fields`` (optimistic version check,
audit entry per field with old and new values, review flags cleared, index marked).
"""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from sqlalchemy.orm import Session

from app.models import Document, Sifat, Urgensi, User
from app.services.documents import InvalidField, StaleVersion, edit_fields
from app.services.i18n import N_, msg
from app.web.domain_messages import localize
from config import clock

# name -> (kind, max length); kind: text | date | choice
EDITABLE: dict[str, tuple[str, int | tuple[str, ...]]] = {
    "nomor": ("text", 200),
    "tanggal_surat": ("date", 10),
    "perihal": ("text", 5000),
    "sender": ("text", 300),
    "addressee": ("text", 300),
    "lampiran": ("text", 200),
    "signer_name": ("text", 200),
    "signer_position": ("text", 200),
    "sifat": ("choice", tuple(s.value for s in Sifat)),
    "urgensi": ("choice", tuple(u.value for u in Urgensi)),
}


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class VersionConflict(Exception):
    """The document changed since the form was loaded."""


def parse_value(name: str, raw: Any) -> Any:
    kind, rule = EDITABLE[name]
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise FieldError(name, N_("must be text"))
    value = raw.strip()
    if kind == "date":
        if not value:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise FieldError(name, N_("must be a date like 2024-03-31")) from None
        if parsed > clock.today():
            raise FieldError(name, N_("cannot be in the future"))
        return parsed
    if kind == "choice":
        if value not in rule:
            raise FieldError(name, msg(N_("must be one of: %(values)s"), values=", ".join(rule)))
        return value
    if len(value) > rule:
        raise FieldError(name, msg(N_("is too long (at most %(n)s characters)"), n=rule))
    return value or None


def parse_changes(doc: Document, submitted: Mapping[str, Any], partial: bool) -> dict[str, Any]:
    """The fields whose value differs from the document's, and flagged ones submitted as they are
    (which confirms them). ``partial``: absent keys are left alone."""
    unknown = sorted(set(submitted) - set(EDITABLE))
    if unknown:
        raise FieldError(unknown[0], N_("is not an editable field"))
    changes = {}
    for name in EDITABLE:
        if name not in submitted:
            if partial:
                continue
            raise FieldError(name, N_("is missing"))
        value = parse_value(name, submitted[name])
        if value is None and EDITABLE[name][0] == "choice":
            continue
        if value != getattr(doc, name) or _flagged(doc, name) or (name == "sifat" and not doc.sifat_confirmed):
            changes[name] = value      # saved as shown: the reading is confirmed (an unconfirmed sifat too)
    return changes


def _flagged(doc: Document, name: str) -> bool:
    return bool((doc.field_meta or {}).get(name, {}).get("review"))


def apply_changes(session: Session, doc: Document, changes: dict[str, Any], actor: User, expected_version: int) -> list[str]:
    """Write validated changes through the documents service (audit, review flags, index)."""
    try:
        return edit_fields(session, doc, changes, actor, expected_version)
    except StaleVersion:
        raise VersionConflict() from None
    except InvalidField as exc:
        raise FieldError(exc.field or "field", localize(exc)) from None


