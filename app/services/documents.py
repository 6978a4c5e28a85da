"""Documents as the CLI and the API show them, and the edits people make to their fields.

Plain functions over a session (no Flask). Every change is audited and marked for the
search index in the caller's transaction.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.models import Document, DocumentStatus, Page, Registration, Role, Sifat, Unit, Urgensi, User
from app.services import audit, disposition, indexing, retention
from app.services.i18n import N_, Translatable, as_msg, msg
from ingest import queue
from ingest.stages.letter import FIELD_COLUMNS, coerce, jsonable

EDITABLE_FIELDS = tuple(name for name in FIELD_COLUMNS if name != "nomor_parts")


class DocumentError(Translatable, ValueError):
    """A refused change, with a stable code and a message a person understands."""

    code = "document_error"

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


class StaleVersion(DocumentError):
    code = "stale_version"


class InvalidField(DocumentError):
    code = "invalid_field"


class NotDiscardable(DocumentError):
    code = "not_discardable"


class NotAllowedChange(DocumentError):
    code = "forbidden"


# Filing a letter under a unit is part of classifying it (and decides who may read it).
UNIT_ROLES = retention.CLASSIFY_ROLES


class NotAllowedToDiscard(NotDiscardable):
    code = "forbidden"


def document_json(session: Session, doc: Document, *, include_text: bool = True) -> dict[str, Any]:
    meta = doc.field_meta or {}
    data: dict[str, Any] = {
        "id": doc.id,
        "status": doc.status,
        "error": {"code": doc.error_code, "message": doc.error_message} if doc.error_code else None,
        "checksum": doc.checksum,
        "original_filename": doc.original_filename,
        "mime_type": doc.mime_type,
        "size_bytes": doc.size_bytes,
        "page_count": doc.page_count,
        "pages_done": doc.pages_done,
        "index_state": doc.index_state,
        "source": doc.source,
        "unit_id": doc.unit_id,
        "created_at": doc.created_at.isoformat() if doc.created_at else None,
        "processed_at": doc.processed_at.isoformat() if doc.processed_at else None,
        "has_searchable_pdf": doc.has_searchable_pdf,
        "version": doc.version,
        "fields": {
            name: {"value": jsonable(getattr(doc, name)), **{k: meta.get(name, {}).get(k) for k in
                   ("confidence", "review", "extracted", "edited")}}
            for name in FIELD_COLUMNS
        },
        "needs_review": doc.needs_review,
        "sifat_confirmed": bool(doc.sifat_confirmed),
    }
    if include_text:
        pages = session.execute(select(Page).where(Page.document_id == doc.id).order_by(Page.number)).scalars()
        data["pages"] = [{"number": p.number, "text": p.text, "confidence": p.confidence, "rotated": p.rotated}
                         for p in pages]
    data["disposition"] = disposition.state_for_document(session, doc.id)
    data["retention"] = retention.state_for_document(session, doc.id)
    return data


def _validated(name: str, value: Any) -> Any:
    if name not in EDITABLE_FIELDS:
        raise InvalidField(msg(N_("'%(field)s' is not a letter field that can be edited."), field=name), name)
    if isinstance(value, str):
        value = value.strip()
    if name in ("sifat", "urgensi") and not value:
        raise InvalidField(msg(N_("Choose a value for %(field)s."), field=name), name)
    clean, fits = coerce(name, value)
    if not fits:
        if name == "tanggal_surat":
            raise InvalidField(N_("The letter date must be a date such as 2024-01-22."), name)
        if name in ("sifat", "urgensi"):
            choices = ", ".join(e.value for e in (Sifat if name == "sifat" else Urgensi))
            raise InvalidField(msg(N_("%(field)s must be one of: %(choices)s."), field=name, choices=choices), name)
        raise InvalidField(msg(N_("%(field)s is too long (at most %(n)s characters)."), field=name, n=FIELD_COLUMNS[name]), name)
    if name == "signer_nip" and clean and not clean.replace(" ", "").isdigit():
        raise InvalidField(N_("A NIP contains digits only (18 digits, spaces allowed)."), name)
    return clean


RETENTION_FIELDS = {"tanggal_surat", "classification_code"}  # fields the retention dates are counted from


def edit_fields(session: Session, doc: Document, changes: dict[str, Any], actor: User | None,
                expected_version: int) -> list[str]:
    """Apply a person's corrections; refuse a stale version. Returns the changed field names."""
    if retention.read_only_refusal(doc):
        raise InvalidField(msg(N_("This letter cannot be edited: %(reason)s."), reason=msg(retention.read_only_refusal(doc))),
                           next(iter(changes), "nomor"))
    if doc.version != expected_version:
        raise StaleVersion(N_("Someone else changed this letter after you opened it. "
                              "Reload the page to see their changes, then make yours again."))
    cleaned = {name: _validated(name, value) for name, value in changes.items()}
    meta = {name: dict(entry) for name, entry in (doc.field_meta or {}).items()}
    changed = _confirm_sifat(session, doc, cleaned, meta, actor)
    for name, new in cleaned.items():
        old = getattr(doc, name)
        if old == new:
            if meta.get(name, {}).get("review"):  # saved as read: a person confirms the reading
                meta[name].update(review=False, confirmed_by=actor.username if actor else None,
                                  confirmed_at=datetime.now(timezone.utc).isoformat())
                audit.record(session, audit.Action.FIELD_CONFIRMED, actor=actor, document_id=doc.id, field=name,
                             new=jsonable(new))
                changed.append(name)
            continue
        entry = meta.setdefault(name, {})
        entry.update(edited=True, review=False, edited_by=actor.username if actor else None,
                     edited_at=datetime.now(timezone.utc).isoformat())
        setattr(doc, name, new)
        audit.record(session, audit.Action.FIELD_EDITED, actor=actor, document_id=doc.id, field=name,
                     old=jsonable(old), new=jsonable(new), extracted=entry.get("extracted"))
        changed.append(name)
    if not changed:
        return []
    doc.field_meta = meta
    try:
        session.flush()  # the version column makes a concurrent edit fail here
    except StaleDataError:
        raise StaleVersion(N_("Someone else changed this letter at the same moment. "
                              "Reload the page and make your changes again.")) from None
    if RETENTION_FIELDS & set(changed):
        retention.recompute_document(session, doc)  # the disposal date follows the corrected date
    indexing.mark_changed(session, doc.id, set(changed))
    return changed


def set_unit(session: Session, doc: Document, unit: Unit, actor: User | None) -> bool:
    """File the letter under ``unit``; False when it already is. Who may read it changes with it."""
    if actor is not None and actor.role not in UNIT_ROLES:
        raise NotAllowedChange(N_("Your role may not change the unit of a letter."))
    if doc.status in (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value):
        raise NotAllowedChange(N_("This letter was discarded or destroyed; its record can no longer change."))
    if doc.unit_id == unit.id:
        return False
    old = session.get(Unit, doc.unit_id) if doc.unit_id is not None else None
    doc.unit_id = unit.id
    session.flush()
    audit.record(session, audit.Action.UNIT_CHANGED, actor=actor, document_id=doc.id,
                 old=old.code if old else None, new=unit.code)
    indexing.mark_changed(session, doc.id, {"unit_id"})
    return True


def _confirm_sifat(session: Session, doc: Document, cleaned: dict[str, Any], meta: dict, actor: User | None) -> list[str]:
    """A person who sets the sifat (even to the value read) confirms it: the letter then opens
    to everyone cleared for that level (see search.access)."""
    if "sifat" not in cleaned or doc.sifat_confirmed:
        return []
    doc.sifat_confirmed = True
    if cleaned["sifat"] != doc.sifat or meta.get("sifat", {}).get("review"):
        return []    # the loop in edit_fields records the edit, or the confirmation of a flagged reading
    audit.record(session, audit.Action.FIELD_CONFIRMED, actor=actor, document_id=doc.id, field="sifat",
                 new=doc.sifat)
    return ["sifat"]


MAX_DISCARD_REASON = 500


def may_discard(actor: User | None, doc: Document) -> bool:
    """The uploader and archivists may discard an upload (None: the operator at the CLI)."""
    if actor is None:
        return True
    return actor.role == Role.ARSIPARIS.value or (doc.uploaded_by_id is not None and doc.uploaded_by_id == actor.id)


def discard_refusal(session: Session, doc: Document, actor: User | None) -> str | None:
    """Why ``actor`` may not discard the upload now (None: they may); shown beside the button too."""
    if not may_discard(actor, doc):
        return N_("Only the person who uploaded it or an archivist may discard an upload.")
    if doc.status in (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value):
        return N_("This upload has already been discarded.")
    registered = session.execute(select(Registration.id).where(Registration.document_id == doc.id).limit(1)).first()
    if registered:
        return N_("This letter is registered: it can no longer be discarded. "
                  "Registered letters leave the archive only through the legal disposal procedure.")
    refusal = retention.discard_refusal(session, doc)
    if refusal:
        return msg(N_("This upload can no longer be discarded: %(reason)s."), reason=as_msg(refusal))
    return None


def discard_upload(session: Session, doc: Document, actor: User | None, reason: str = "") -> None:
    """Discard a failed or mistaken upload: only before the letter is registered, filed, marked
    vital or held; recorded in the audit trail. The row and its original stay (as a record of
    the upload); the same bytes may be uploaded again (``ingest.intake`` revives the row)."""
    reason = " ".join(str(reason or "").split())
    refusal = discard_refusal(session, doc, actor)
    if refusal:
        raise (NotAllowedToDiscard if not may_discard(actor, doc) else NotDiscardable)(refusal)
    if not reason:
        raise InvalidField(N_("Say why the upload is discarded."), "reason")
    if len(reason) > MAX_DISCARD_REASON:
        raise InvalidField(msg(N_("The reason is too long (at most %(n)s characters)."), n=MAX_DISCARD_REASON), "reason")
    previous = doc.status
    doc.status = DocumentStatus.DISCARDED.value
    queue.consume(session, doc.id)  # nothing left to process
    audit.record(session, audit.Action.DISCARDED, actor=actor, document_id=doc.id, previous_status=previous,
                 reason=reason, filename=doc.original_filename)
    indexing.mark_removed(session, doc.id)
