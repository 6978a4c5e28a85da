"""Checking the audit trail against its key and anchors, and re-keying a pre-key chain once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import AuditEntry
from app.services import audit_chain
from app.services.audit_chain import GENESIS, Problem, Report
from app.services.i18n import N_, msg


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str | None = None


def walk(entries: Iterable[AuditEntry], key: bytes, keep: set[int] | None = None,
         hashes: dict[int, str] | None = None) -> VerifyResult:
    """Walk the chain in seq order; report the first entry whose link, key or hash is wrong.

    The hashes of the seqs in ``keep`` are copied into ``hashes`` (to compare with anchors).
    """
    prev, expected_seq, checked = GENESIS, 1, 0
    for entry in entries:
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, entry.seq, msg(N_("expected entry %(expected)s, found %(found)s (missing or reordered)"),
                                                                expected=expected_seq, found=entry.seq))
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.seq, N_("link to the previous entry is broken (removed or reordered)"))
        if not entry.keyed:
            return VerifyResult(False, checked, entry.seq, N_("entry is not keyed (plain sha256): written or rewritten without the audit key"))
        if audit_chain.entry_hash(entry, key) != entry.entry_hash:
            return VerifyResult(False, checked, entry.seq, N_("entry content was changed (its HMAC does not match)"))
        if keep is not None and entry.seq in keep:
            hashes[entry.seq] = entry.entry_hash
        prev, expected_seq, checked = entry.entry_hash, expected_seq + 1, checked + 1
    return VerifyResult(True, checked)


def verify_trail(session: Session, settings) -> Report:
    """The whole check behind ``lontar audit verify``: chain, key, anchors, truncation."""
    key = audit_chain.session_key(session)
    anchors = audit_chain.read_anchors(settings, key)
    hashes: dict[int, str] = {}
    result = walk(audit_chain.rows_in_batches(session), key, {a.count for a in anchors}, hashes)
    total = audit_chain.count_rows(session)
    report = Report(checked=result.checked)
    if not result.ok:
        report.problems.append(Problem(result.broken_seq, result.reason or ""))
    audit_chain.check_anchors(report, anchors, hashes, total)
    if total and not anchors:
        report.problems.append(Problem(None, msg(N_(
            "no anchor of the chain head exists in %(path)s although the table holds %(n)s entries "
            "(the anchor file was removed)"), path=str(settings.audit_anchor_path), n=total)))
    return report


# --- re-keying a chain written before the key existed ----------------------------------

@dataclass(frozen=True)
class Rekeyed:
    count: int
    legacy_head: str
    head: str


class RekeyRefused(RuntimeError):
    """The legacy rows cannot be re-keyed safely; the message says why."""


def rekey_legacy(session: Session, settings) -> Rekeyed | None:
    """Re-hash every row with the key when some rows are still plain sha256; None when none are.

    The caller records the re-key as an entry and anchors it (``audit_chain.ask_anchor``), so
    the anchor is written only once the transaction committed.
    """
    # Rows before the key are always the chain's prefix: entry 1 tells (one indexed lookup).
    if session.scalar(select(AuditEntry.keyed).where(AuditEntry.seq == 1)) in (None, True):
        return None
    key = audit_chain.session_key(session)
    if any(a.valid and a.count > 0 for a in audit_chain.read_anchors(settings, key)):
        raise RekeyRefused("entries without the audit key exist although the chain was already keyed and anchored: "
                           "they were written or rewritten by someone without the key; run `lontar audit verify`")
    rows = list(session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
    prev, legacy_head = GENESIS, GENESIS
    for number, entry in enumerate(rows, start=1):
        expected = audit_chain.entry_hash(entry, None if not entry.keyed else key)
        if entry.seq != number or entry.prev_hash != prev or expected != entry.entry_hash:
            raise RekeyRefused(f"the chain written before the key is broken at entry {entry.seq}: not re-keyed; "
                               "keep the database for investigation")
        prev = entry.entry_hash
        if not entry.keyed:
            legacy_head = entry.entry_hash
    prev = GENESIS
    for entry in rows:
        entry.prev_hash = prev
        entry.entry_hash = audit_chain.entry_hash(entry, key)
        prev = entry.entry_hash
    session.execute(update(AuditEntry).where(AuditEntry.keyed.is_(False)).values(keyed=True)
                    .execution_options(synchronize_session=False))
    session.flush()
    for entry in rows:
        session.refresh(entry)
    return Rekeyed(len(rows), legacy_head, prev)
