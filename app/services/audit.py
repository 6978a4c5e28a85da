"""Append-only, tamper-evident audit trail.

Each entry stores the hash of the previous entry and its own hash over its content
and that link, so changing, deleting or reordering a row breaks the chain at that
point; ``verify`` reports the first broken link.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import AuditEntry, User

GENESIS = "0" * 64


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


def _normal_time(at: datetime) -> str:
    # SQLite gives back naive datetimes: hash a UTC-naive form so both agree.
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def compute_hash(entry: AuditEntry) -> str:
    payload = {
        "seq": entry.seq,
        "at": _normal_time(entry.at),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "document_id": entry.document_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details or {},
        "prev_hash": entry.prev_hash,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


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
    )
    entry.entry_hash = compute_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str | None = None


def verify(entries: Iterable[AuditEntry]) -> VerifyResult:
    """Walk the chain in seq order; report the first entry whose link or hash is wrong."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, entry.seq, f"expected entry {expected_seq}, found {entry.seq} (missing or reordered)")
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.seq, "link to the previous entry is broken (removed or reordered)")
        if compute_hash(entry) != entry.entry_hash:
            return VerifyResult(False, checked, entry.seq, "entry content was changed")
        prev = entry.entry_hash
        expected_seq += 1
        checked += 1
    return VerifyResult(True, checked)


def verify_session(session: Session) -> VerifyResult:
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    return verify(rows)


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


def iter_export(session: Session, flt: AuditFilter = AuditFilter(), batch: int = 1000):
    """CSV lines (header first) of the matching entries in chain order, read in batches."""
    import csv
    import io

    def line(values) -> str:
        buf = io.StringIO()
        csv.writer(buf).writerow(values)
        return buf.getvalue()

    yield line(EXPORT_COLUMNS)
    last = 0
    while True:
        rows = list(session.execute(_filtered(flt).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)).scalars())
        for e in rows:
            yield line([e.seq, _normal_time(e.at), e.actor_name, e.action, e.document_id or "", e.object_type or "",
                        e.object_id or "", json.dumps(e.details or {}, ensure_ascii=False, sort_keys=True),
                        e.prev_hash, e.entry_hash])
        if len(rows) < batch:
            return
        last = rows[-1].seq


def verify_streaming(session: Session, batch: int = 5000) -> VerifyResult:
    """``verify`` over the whole table in batches (large archives); use a session of its own."""
    def entries():
        last = None
        while True:
            query = select(AuditEntry).order_by(AuditEntry.seq).limit(batch)
            if last is not None:
                query = query.where(AuditEntry.seq > last)
            rows = list(session.execute(query).scalars())
            yield from rows
            session.expunge_all()
            if len(rows) < batch:
                return
            last = rows[-1].seq

    return verify(entries())
