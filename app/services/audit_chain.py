"""What makes the audit trail tamper-evident for someone with database access.

1. A keyed chain: each entry's hash is an HMAC-SHA256 with a key kept outside the
   database (``LONTAR_AUDIT_KEY``, or ``audit.key`` in the data dir, created on first
   use, mode 0600). Rewriting a row and recomputing the later hashes needs the key.
2. Anchors: the chain head (entry count and hash) is appended, with its own HMAC, to
   ``audit-anchors.jsonl`` in the data dir, after the commit that wrote it: on the first
   commit, every ``LONTAR_AUDIT_ANCHOR_EVERY`` entries, when the last anchor is older
   than ten minutes, on every berita acara (which prints it), after a re-key and on
   ``lontar audit anchor``. Dropping the newest rows or emptying the table leaves an
   anchor that names entries the table no longer holds.

Rows written before the chain was keyed (plain sha256) are re-keyed once by
``lontar db upgrade`` (``rekey_legacy``): only when they verify as an intact sha256
chain and no keyed anchor exists yet; the old head is kept in the re-key anchor.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import AuditEntry
from app.services.i18n import N_, msg

KEY_INFO = "lontar_audit_key"
APPENDED_INFO = "lontar_audit_appended"   # (seq, hash) of the newest entry this transaction wrote
ANCHOR_INFO = "lontar_audit_anchor_asked"  # a reason to anchor after this commit (e.g. berita acara)
ANCHOR_MAX_AGE = 600  # seconds
GENESIS = "0" * 64
log = logging.getLogger(__name__)


class AuditKeyError(RuntimeError):
    """The audit key cannot be read or created (the trail cannot be written safely)."""


# --- the key -----------------------------------------------------------------------

def load_key(settings) -> bytes:
    if settings.audit_key:
        return settings.audit_key.encode("utf-8")
    path: Path = settings.audit_key_path
    for _ in range(50):
        try:
            return _read_key(path)
        except FileNotFoundError:
            pass
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            time.sleep(0.02)  # another process is writing it
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    if not text:
        raise FileNotFoundError(path)  # being written right now
    if len(text) < 32:
        raise AuditKeyError(f"{path} does not hold a usable audit key")
    return text.encode("ascii")


def mac(key: bytes, blob: bytes) -> str:
    return hmac.new(key, blob, hashlib.sha256).hexdigest()


def _normal_time(at: datetime) -> str:
    # SQLite gives back naive datetimes: hash a UTC-naive form so both agree.
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def entry_blob(entry: AuditEntry) -> bytes:
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
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def entry_hash(entry: AuditEntry, key: bytes | None) -> str:
    """HMAC-SHA256 with ``key``; plain sha256 (the chain before it was keyed) when ``key`` is None."""
    blob = entry_blob(entry)
    return mac(key, blob) if key is not None else hashlib.sha256(blob).hexdigest()


def session_key(session: Session) -> bytes:
    key = session.info.get(KEY_INFO)
    if key is None:
        raise AuditKeyError("this database session has no audit key (sessions come from Runtime.sessions)")
    return key


# --- anchors -----------------------------------------------------------------------

@dataclass(frozen=True)
class Anchor:
    count: int
    head: str
    at: str
    why: str
    line: int = 0
    extra: dict = field(default_factory=dict)
    valid: bool = True


def _anchor_blob(record: dict) -> bytes:
    body = {k: v for k, v in record.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_anchor(settings, key: bytes, count: int, head: str, why: str, **extra) -> Anchor:
    """Append one anchor line (one write on an O_APPEND file: lines of several processes never mix)."""
    record = {"count": count, "head": head, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "why": why, **extra}
    record["mac"] = mac(key, _anchor_blob(record))
    line = (json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
    fd = os.open(settings.audit_anchor_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    return Anchor(count, head, record["at"], why, extra=extra)


def read_anchors(settings, key: bytes) -> list[Anchor]:
    path: Path = settings.audit_anchor_path
    if not path.is_file():
        return []
    anchors = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            valid = hmac.compare_digest(str(record.get("mac", "")), mac(key, _anchor_blob(record)))
            extra = {k: v for k, v in record.items() if k not in ("count", "head", "at", "why", "mac")}
            anchors.append(Anchor(int(record["count"]), str(record["head"]), str(record["at"]), str(record["why"]),
                                  number, extra, valid))
        except (ValueError, KeyError, TypeError, AttributeError):
            anchors.append(Anchor(-1, "", "", "", number, {}, False))
    return anchors


def head(session: Session) -> tuple[int, str]:
    """(count, hash) of the newest entry visible to ``session``."""
    row = session.execute(select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def ask_anchor(session: Session, why: str, **extra) -> tuple[int, str]:
    """Anchor the current head once this transaction commits; returns it (e.g. to print it)."""
    session.flush()
    count, head_hash = head(session)
    session.info.setdefault(ANCHOR_INFO, []).append((count, head_hash, why, extra))
    return count, head_hash


def install(factory: sessionmaker, settings) -> None:
    """Give every session the key; anchor the head after commits that wrote entries."""
    key = load_key(settings)
    info = dict(factory.kw.get("info") or {})
    info[KEY_INFO] = key
    factory.configure(info=info)
    state = {"loaded": False, "count": 0, "at": 0.0}

    def due(count: int) -> bool:
        if not state["loaded"]:
            anchors = [a for a in read_anchors(settings, key) if a.valid]
            state.update(loaded=True, count=anchors[-1].count if anchors else -1,
                         at=settings.audit_anchor_path.stat().st_mtime if anchors else 0.0)
        return (state["count"] < 0 or count - state["count"] >= settings.audit_anchor_every
                or time.time() - state["at"] >= ANCHOR_MAX_AGE)

    @event.listens_for(factory, "after_commit")
    def _anchor(session: Session) -> None:
        if session.in_nested_transaction():
            return
        appended = session.info.pop(APPENDED_INFO, None)
        wanted = session.info.pop(ANCHOR_INFO, [])
        covered = any(count >= appended[0] for count, *_ in wanted) if appended is not None else True
        if not covered and due(appended[0]):
            wanted.append((appended[0], appended[1], "periodic", {}))
        for count, head_hash, why, extra in wanted:
            try:
                write_anchor(settings, key, count, head_hash, why, **extra)
            except OSError:  # the commit stands; the next commit anchors again
                log.exception("audit: could not write the anchor of entry %s", count)
                return
            state.update(loaded=True, count=max(count, state["count"]), at=time.time())

    @event.listens_for(factory, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(APPENDED_INFO, None)
        session.info.pop(ANCHOR_INFO, None)


# --- verification ------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    seq: int | None
    reason: str


@dataclass
class Report:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    anchors: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_anchors(report: Report, anchors: list[Anchor], hashes: dict[int, str], total: int) -> None:
    """Compare what the anchors recorded with the rows the chain walk found."""
    report.anchors = len(anchors)
    for anchor in anchors:
        if not anchor.valid:
            report.problems.append(Problem(None, msg(N_("anchor line %(line)s was altered (its HMAC does not match)"),
                                                     line=anchor.line)))
        elif anchor.count > total:
            report.problems.append(Problem(anchor.count, msg(N_(
                "truncated tail: the anchor of %(at)s records %(count)s entries, the table holds %(total)s "
                "(entries %(first)s to %(count)s were removed)"), at=anchor.at, count=anchor.count, total=total,
                first=total + 1)))
        elif anchor.count > 0 and hashes.get(anchor.count) != anchor.head:
            report.problems.append(Problem(anchor.count, msg(N_(
                "entry %(count)s differs from the anchor of %(at)s (the chain was rewritten)"),
                count=anchor.count, at=anchor.at)))


def rows_in_batches(session: Session, batch: int = 5000) -> Iterable[AuditEntry]:
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


def count_rows(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
