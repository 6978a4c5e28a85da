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
    REGISTERED = "registered"
    REGISTRATION_CANCELLED = "registration_cancelled"
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
