"""Append-only, tamper-evident audit trail.

Each entry stores the hash of the previous entry and its own HMAC (keyed, see
``audit_chain``) over its content and that link, so changing, deleting or reordering a
row breaks the chain at that point; ``verify`` reports the first broken link, and
``audit_verify.verify_trail`` also compares the chain with its anchors outside the
database (a truncated tail or an emptied table).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import AuditEntry, User
from app.services import audit_chain
from app.services.audit_chain import GENESIS, _normal_time  # noqa: F401  (re-exported)
from app.services import audit_verify
from app.services.audit_verify import VerifyResult, walk  # noqa: F401  (re-exported)
from app.services import csv_cells


class Action:
    """Stable action names (shown translated in the UI)."""

    UPLOADED = "uploaded"
    DUPLICATE_REJECTED = "duplicate_rejected"
    OCR_DONE = "ocr_done"
    PROCESSING_FAILED = "processing_failed"
    VIEWED = "viewed"
    DOWNLOADED = "downloaded"
    FIELD_EDITED = "field_edited"
    FIELD_CONFIRMED = "field_confirmed"
    REGISTERED = "registered"
    REGISTRATION_CANCELLED = "registration_cancelled"
    REGISTRATION_HANDLED = "registration_handled"
    DISPOSED = "disposed"
    DISPOSITION_READ = "disposition_read"
    DISPOSITION_STARTED = "disposition_started"
    DISPOSITION_COMPLETED = "disposition_completed"
    DISPOSITION_CANCELLED = "disposition_cancelled"
    CLASSIFIED = "classified"
    HOLD_SET = "hold_set"
    HOLD_RELEASED = "hold_released"
    VITAL_SET = "vital_set"
    RETENTION_EVENT_SET = "retention_event_set"
    MOVED_INACTIVE = "moved_inactive"
    TRANSFERRED = "transferred"
    PROPOSED = "proposed"
    PROPOSAL_ITEM_REMOVED = "proposal_item_removed"
    PROPOSAL_REVIEWED = "proposal_reviewed"
    APPROVED = "approved"
    DESTROYED = "destroyed"
    DISCARDED = "discarded"
    UNIT_CHANGED = "unit_changed"
    NOTE_ADDED = "note_added"
    NOTE_DELETED = "note_deleted"
    RULE_CHANGED = "rule_changed"
    SCHEME_CHANGED = "scheme_changed"
    USER_CHANGED = "user_changed"
    AUDIT_REKEYED = "audit_rekeyed"
    PROPOSAL_SENT_BACK = "proposal_sent_back"


def _lock_chain(session: Session) -> None:
    # SQLite transactions already hold the write lock (BEGIN IMMEDIATE); PostgreSQL needs
    # an explicit lock so that two appends never read the same tail.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE"))


def record(
    session: Session,
    action: str,
    actor: User | None = None,
    document_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Append one entry in the caller's transaction."""
    key = audit_chain.session_key(session)
    _lock_chain(session)
    tail = session.execute(select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (tail[0] + 1, tail[1]) if tail else (1, GENESIS)
    entry = AuditEntry(
        seq=seq,
        at=datetime.now(timezone.utc).replace(tzinfo=None),
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else "system",
        action=action,
        document_id=document_id,
        object_type=object_type,
        object_id=object_id,
        details=json.loads(json.dumps(details, default=str)),
        prev_hash=prev,
        keyed=True,
    )
    entry.entry_hash = audit_chain.entry_hash(entry, key)
    session.add(entry)
    session.flush()
    session.info[audit_chain.APPENDED_INFO] = (entry.seq, entry.entry_hash)
    return entry


def verify(entries: Iterable[AuditEntry], key: bytes) -> VerifyResult:
    """Walk the chain in seq order; report the first entry whose link or HMAC is wrong."""
    return walk(entries, key)


def verify_session(session: Session) -> VerifyResult:
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    return verify(rows, audit_chain.session_key(session))


def timeline(session: Session, document_id: int) -> list[AuditEntry]:
    return list(session.execute(select(AuditEntry).where(AuditEntry.document_id == document_id).order_by(AuditEntry.seq)).scalars())


# --- reading the trail: filters and export ------------------------------------------

EXPORT_COLUMNS = ("seq", "at", "actor_name", "action", "document_id", "object_type", "object_id", "details",
                  "prev_hash", "entry_hash")


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor: str | None = None          # username (actor_name)
    document_id: int | None = None
    date_from: datetime | None = None  # inclusive, UTC
    date_to: datetime | None = None    # exclusive, UTC


def _filtered(flt: AuditFilter):
    query = select(AuditEntry)
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    if flt.actor:
        query = query.where(AuditEntry.actor_name == flt.actor)
    if flt.document_id is not None:
        query = query.where(AuditEntry.document_id == flt.document_id)
    if flt.date_from is not None:
        query = query.where(AuditEntry.at >= _naive_utc(flt.date_from))
    if flt.date_to is not None:
        query = query.where(AuditEntry.at < _naive_utc(flt.date_to))
    return query


def _naive_utc(at: datetime) -> datetime:
    return at.astimezone(timezone.utc).replace(tzinfo=None) if at.tzinfo else at


def query(session: Session, flt: AuditFilter = AuditFilter(), limit: int = 100, offset: int = 0,
          newest_first: bool = True) -> tuple[int, list[AuditEntry]]:
    """A page of entries matching ``flt`` and how many match in all."""
    from sqlalchemy import func

    base = _filtered(flt)
    total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    order = AuditEntry.seq.desc() if newest_first else AuditEntry.seq
    rows = session.execute(base.order_by(order).limit(max(1, min(limit, 1000))).offset(max(0, offset))).scalars()
    return total, list(rows)


def actions() -> list[str]:
    return sorted(v for k, v in vars(Action).items() if k.isupper())


def iter_export(open_session, flt: AuditFilter = AuditFilter(), batch: int = 1000, show=None):
    """CSV lines (header first) of the matching entries in chain order, read in batches.

    Each batch is read in a short session of its own (``open_session()``: a context manager
    giving a Session) that is closed before its lines are yielded, so a client reading the
    stream slowly, or never to the end, holds no transaction (on SQLite: no write lock).
    ``show(session, entries)`` gives what a viewer may see of them (redacted details).
    """
    def line(values) -> str:
        buf = io.StringIO()
        csv_cells.writer(buf).writerow(values)
        return buf.getvalue()

    yield line(EXPORT_COLUMNS)
    last = 0
    while True:
        with open_session() as session:
            rows = list(session.execute(_filtered(flt).where(AuditEntry.seq > last).order_by(AuditEntry.seq)
                                        .limit(batch)).scalars())
            lines = [line([e.seq, _normal_time(e.at), e.actor_name, e.action, e.document_id or "", e.object_type or "",
                           e.object_id or "", json.dumps(e.details or {}, ensure_ascii=False, sort_keys=True),
                           e.prev_hash, e.entry_hash]) for e in (show(session, rows) if show else rows)]
        yield from lines
        if len(rows) < batch:
            return
        last = rows[-1].seq


def verify_streaming(session: Session, batch: int = 5000) -> VerifyResult:
    """``verify`` over the whole table in batches (large archives); use a session of its own."""
    return verify(audit_chain.rows_in_batches(session, batch), audit_chain.session_key(session))


def rekey_legacy_chain(session: Session, settings) -> "audit_verify.Rekeyed | None":
    """When a database is first opened after an upgrade (``Runtime``): key a chain an older
    release wrote with plain sha256 (once), record it and anchor it; raises
    ``audit_verify.RekeyRefused`` when that is not safe."""
    done = audit_verify.rekey_legacy(session, settings)
    if done is None:
        return None
    record(session, Action.AUDIT_REKEYED, object_type="audit_chain", entries=done.count, legacy_head=done.legacy_head)
    audit_chain.ask_anchor(session, "rekey", legacy_head=done.legacy_head, legacy_count=done.count)
    return done
