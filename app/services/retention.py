"""Retention state of each document: classification, computed dates, vital flag, holds.

Dates come from the JRA rule of the document's classification code (the most specific
code with a rule). The stored ``DocumentRetention.phase`` records what was *done*
(moved to inactive, proposed, destroyed, transferred); ``live_phase`` combines it with
today's date. Every change audits and tells the search index.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Document, DocumentRetention, DocumentStatus, LegalHold, RetentionRule, Role, User
from app.models.retention import FinalDisposition, RetentionPhase, RetentionTrigger, is_legal_record
from app.services import audit, classification, indexing
from app.services.i18n import N_, msg
from app.services.classification import (  # noqa: F401  (re-exported for callers)
    Blocked, InvalidInput, NotAllowed, NotFound, OutOfOrder, RetentionError, RuleInput,
)
from config import clock

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CLASSIFY_ROLES = {Role.ADMIN.value, Role.ARSIPARIS.value, Role.PENGELOLA_ARSIP.value}
MANAGE_ROLES = {Role.ADMIN.value, Role.PENGELOLA_ARSIP.value}
GONE = (DocumentStatus.DESTROYED.value, DocumentStatus.DISCARDED.value)
# Phases set by an act of the records manager; dates alone never undo them.
ACT_PHASES = {RetentionPhase.USUL_MUSNAH.value, RetentionPhase.DIMUSNAHKAN.value, RetentionPhase.DISERAHKAN.value}


def now() -> datetime:
    return clock.now()


def require_role(actor: User | None, roles: set[str], what: str) -> None:
    """None is the system (CLI run by the operator); people need one of ``roles``."""
    if actor is not None and actor.role not in roles:
        raise NotAllowed(msg(N_("your role (%(role)s) may not %(what)s"), role=actor.role, what=msg(what)))


def get_document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(msg(N_("document %(id)s does not exist"), id=document_id))
    return doc


def read_only_refusal(doc: Document) -> str | None:
    """Why the letter's fields, code and existence are fixed (None: they are not)."""
    if is_legal_record(doc):
        return N_("it is a berita acara, the legal record of a disposal: it is kept exactly as it was made")
    return None


def _live(doc: Document) -> Document:
    if doc.status in GONE:
        raise Blocked(msg(N_("document %(id)s was %(status)s; its record can no longer change"), id=doc.id, status=doc.status))
    return doc


# --- computation -------------------------------------------------------------------

def add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a non-leap year
        return start.replace(year=start.year + years, day=28)


def date_unconfirmed(doc: Document) -> bool:
    """A letter date read by OCR and flagged for review: it may be a meeting date from the body or
    a misread year, and it would set the legal disposal date, so nothing is counted from it."""
    return bool(doc.tanggal_surat) and bool((doc.field_meta or {}).get("tanggal_surat", {}).get("review"))


def base_date(doc: Document) -> tuple[date | None, str | None]:
    if date_unconfirmed(doc):
        return None, N_("the letter date needs confirming")
    if doc.tanggal_surat:
        return doc.tanggal_surat, None
    created = doc.created_at or now()
    return created.date(), N_("no letter date: counted from the upload date")


def trigger_date(rule: RetentionRule, doc: Document, event_end: date | None) -> tuple[date | None, str | None]:
    if rule.trigger == RetentionTrigger.WHILE_IN_FORCE.value:
        if event_end is None:
            return None, N_("in force: retention starts when its end date is entered")
        return event_end, None
    start, note = base_date(doc)
    if start is None:
        return None, note
    if rule.trigger == RetentionTrigger.BUDGET_YEAR_END.value:
        return date(start.year, 12, 31), note  # the regional budget year is the calendar year
    return start, note


def is_filed(doc: Document, row: DocumentRetention | None) -> bool:
    """A code is set, valid, and either confirmed by a person or not flagged for review."""
    code = doc.classification_code
    if not code or not classification.CODE_RE.match(code):
        return False
    if row is not None and row.classified_at is not None and row.classification_code == code:
        return True
    return not (doc.field_meta or {}).get("classification_code", {}).get("review", False)


def compute(session: Session, doc: Document, row: DocumentRetention, rules: dict | None = None) -> DocumentRetention:
    """Fill ``row`` from the current rule of the document's code (no audit, no commit).

    ``rules`` caches code -> rule across a batch of documents.
    """
    if rules is None:
        rule = classification.rule_for(session, doc.classification_code)
    else:
        if doc.classification_code not in rules:
            rules[doc.classification_code] = classification.rule_for(session, doc.classification_code)
        rule = rules[doc.classification_code]
    row.classification_code = doc.classification_code
    row.filed = is_filed(doc, row)
    row.rule_id = rule.id if rule else None
    row.final_disposition = rule.final_disposition if rule else None
    row.trigger_date = row.active_until = row.inactive_until = None
    row.note = None
    if rule is None:
        row.note = N_("no classification code") if not doc.classification_code else N_("no retention rule for this code")
    else:
        row.trigger_date, row.note = trigger_date(rule, doc, row.event_end_date)
        if row.trigger_date is not None:
            row.active_until = add_years(row.trigger_date, rule.active_years)
            row.inactive_until = add_years(row.active_until, rule.inactive_years)
    if doc.status == DocumentStatus.DESTROYED.value:
        row.phase = RetentionPhase.DIMUSNAHKAN.value
    elif row.phase is None:
        row.phase = RetentionPhase.AKTIF.value
    return row


def live_phase(row: DocumentRetention | None, today: date | None = None) -> str:
    today = today or clock.today()
    if row is None:
        return RetentionPhase.AKTIF.value
    if row.phase in ACT_PHASES:
        return row.phase
    if row.inactive_until and today >= row.inactive_until and row.final_disposition == FinalDisposition.DINILAI_KEMBALI.value:
        return RetentionPhase.DINILAI_KEMBALI.value
    if row.phase == RetentionPhase.INAKTIF.value or (row.active_until and today >= row.active_until):
        return RetentionPhase.INAKTIF.value
    return RetentionPhase.AKTIF.value


def retention_ended(row: DocumentRetention | None, today: date | None = None) -> bool:
    return bool(row and row.inactive_until and (today or clock.today()) >= row.inactive_until)


def recompute_document(session: Session, doc: Document, rules: dict | None = None,
                       notify: bool = True, flush: bool = True) -> DocumentRetention:
    row = session.get(DocumentRetention, doc.id)
    if row is None:
        row = DocumentRetention(document_id=doc.id, phase=RetentionPhase.AKTIF.value)
        session.add(row)
    before = _snapshot(row)
    compute(session, doc, row, rules)
    if flush:
        session.flush()
    if notify and _snapshot(row) != before:
        indexing.mark_changed(session, doc.id, {"retention"})
    return row


def _snapshot(row: DocumentRetention) -> tuple:
    return (row.classification_code, row.filed, row.rule_id, row.phase, row.active_until, row.inactive_until, row.final_disposition)


def recompute_under(session: Session, code: str) -> int:
    """Recompute every document whose code is ``code`` or below it (after a rule change)."""
    docs = session.execute(select(Document).where(
        or_(Document.classification_code == code, Document.classification_code.like(f"{code}.%")),
        Document.status.not_in(GONE),
    )).scalars()
    count, rules = 0, {}
    for doc in docs:
        recompute_document(session, doc, rules, flush=False)
        count += 1
    session.flush()
    return count


def sync(session: Session, batch: int = 2000) -> int:
    """Compute rows that are missing or stale (code edited outside this module).

    The search index is not told: ``state_for_document`` already computes a missing or
    stale row on the fly, so what the index holds does not change.
    """
    stale = select(Document).outerjoin(DocumentRetention, DocumentRetention.document_id == Document.id).where(
        Document.status.not_in(GONE),
        or_(DocumentRetention.document_id.is_(None),
            DocumentRetention.classification_code.is_distinct_from(Document.classification_code)),
    ).limit(batch)
    count, rules = 0, {}
    while docs := list(session.execute(stale).scalars()):
        for doc in docs:
            recompute_document(session, doc, rules, notify=False, flush=False)
        session.flush()
        count += len(docs)
    return count


# --- the schedule ------------------------------------------------------------------

def change_rule(session: Session, actor: User | None, rule: RuleInput, reason: str | None) -> RetentionRule | None:
    """Save a rule version (audited) and recompute the documents it governs."""
    require_role(actor, MANAGE_ROLES, N_("change the retention schedule"))
    saved = classification.store_rule(session, actor, rule, reason)
    if saved is not None:
        recompute_under(session, rule.code)
    return saved


def import_schedule(session: Session, actor: User | None, text: str, filename: str, reason: str | None = None) -> dict:
    """Apply a scheme/JRA file: nodes first, then rules. All or nothing (one transaction)."""
    require_role(actor, MANAGE_ROLES, N_("import a retention schedule"))
    parsed = classification.parse_schedule(text, filename)
    reason = reason or f"imported from {Path(filename).name}"
    nodes = 0
    for code, name in parsed.nodes:
        existing = classification.get_node(session, code)
        nodes += existing is None or existing.name != name
        classification.save_node(session, actor, code, name, reason)
    rules = sum(1 for rule in parsed.rules if change_rule(session, actor, rule, reason) is not None)
    return {"nodes": nodes, "rules": rules}


def load_demo_schedule(session: Session, actor: User | None = None) -> dict:
    """The demo: top levels of the Permendagri 83/2022 scheme and a few example rules."""
    result = {"nodes": 0, "rules": 0}
    for name in ("klasifikasi_permendagri_83_2022.yaml", "jra_contoh.csv"):
        path = DATA_DIR / name
        counts = import_schedule(session, actor, path.read_text(encoding="utf-8"), name, reason="demo schedule")
        result = {k: result[k] + counts[k] for k in result}
    return result


# --- acts on one document ----------------------------------------------------------

def suggest_code(doc: Document) -> str | None:
    """The code suggested by extraction, else the nomor's leading dotted digits."""
    parts = doc.nomor_parts or {}
    for candidate in (parts.get("classification_code"), doc.classification_code, classification.leading_code(doc.nomor)):
        if candidate and classification.CODE_RE.match(str(candidate)):
            return str(candidate)
    return None


def classify(session: Session, actor: User | None, document_id: int, code: str) -> DocumentRetention:
    """Set (or confirm) the document's code; it must lie within the scheme."""
    require_role(actor, CLASSIFY_ROLES, N_("classify records"))
    doc = _live(get_document(session, document_id))
    if read_only_refusal(doc):
        raise Blocked(msg(N_("document %(id)s cannot be reclassified: %(reason)s"), id=doc.id,
                          reason=msg(read_only_refusal(doc))))
    code = classification.normalize_code(code)
    if classification.nearest_node(session, code) is None:
        raise InvalidInput(msg(N_("classification %(code)s is not in the scheme"), code=code))
    row = session.get(DocumentRetention, doc.id)
    if row is not None and row.phase in ACT_PHASES:
        raise Blocked(msg(N_("document %(id)s is %(phase)s; its classification can no longer change"), id=doc.id, phase=row.phase))
    old = doc.classification_code
    doc.classification_code = code
    meta = dict(doc.field_meta or {})
    if "classification_code" in meta:
        meta["classification_code"] = {**meta["classification_code"], "review": False}
        doc.field_meta = meta
    row = recompute_document(session, doc)
    row.classified_by_id = actor.id if actor else None
    row.classified_at = now()
    row.filed = True
    audit.record(session, audit.Action.CLASSIFIED, actor=actor, document_id=doc.id, old=old, new=code,
                 rule_id=row.rule_id)
    indexing.mark_changed(session, doc.id, {"retention", "classification_code"})
    return row


def set_event_end(session: Session, actor: User | None, document_id: int, end: date | None) -> DocumentRetention:
    """For "while in force" rules: the date the record stopped being in force."""
    require_role(actor, CLASSIFY_ROLES, N_("change retention dates"))
    doc = _live(get_document(session, document_id))
    row = recompute_document(session, doc)
    if end is not None and doc.tanggal_surat and end < doc.tanggal_surat:
        raise InvalidInput(N_("the end date lies before the letter date"))
    old, row.event_end_date = row.event_end_date, end
    row = recompute_document(session, doc)
    audit.record(session, audit.Action.RETENTION_EVENT_SET, actor=actor, document_id=doc.id, old=old, new=end)
    return row


def set_vital(session: Session, actor: User | None, document_id: int, vital: bool, reason: str = "") -> Document:
    require_role(actor, MANAGE_ROLES, N_("mark vital records"))
    doc = _live(get_document(session, document_id))
    if not vital and not reason.strip():
        raise InvalidInput(N_("removing the vital-record flag needs a reason"))
    if doc.vital != vital:
        doc.vital = vital
        session.flush()
        audit.record(session, audit.Action.VITAL_SET, actor=actor, document_id=doc.id, vital=vital, reason=reason.strip() or None)
        indexing.mark_changed(session, doc.id, {"retention"})
    return doc


def active_holds(session: Session, document_id: int) -> list[LegalHold]:
    return list(session.execute(select(LegalHold).where(
        LegalHold.document_id == document_id, LegalHold.released_at.is_(None)).order_by(LegalHold.id)).scalars())


def set_hold(session: Session, actor: User, document_id: int, reason: str) -> LegalHold:
    require_role(actor, MANAGE_ROLES, N_("place legal holds"))
    if actor is None:
        raise InvalidInput(N_("a legal hold needs the person who sets it"))
    doc = _live(get_document(session, document_id))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(N_("a legal hold needs a reason (e.g. the case it is held for)"))
    hold = LegalHold(document_id=doc.id, reason=reason[:2000], set_by_id=actor.id)
    session.add(hold)
    session.flush()
    audit.record(session, audit.Action.HOLD_SET, actor=actor, document_id=doc.id, object_type="legal_hold",
                 object_id=hold.id, reason=hold.reason)
    indexing.mark_changed(session, doc.id, {"retention"})
    return hold


def release_hold(session: Session, actor: User, hold_id: int, reason: str) -> LegalHold:
    require_role(actor, MANAGE_ROLES, N_("release legal holds"))
    hold = session.get(LegalHold, hold_id)
    if hold is None:
        raise NotFound(msg(N_("legal hold %(id)s does not exist"), id=hold_id))
    if hold.released_at is not None:
        raise Blocked(msg(N_("legal hold %(id)s was already released"), id=hold_id))
    if not (reason or "").strip():
        raise InvalidInput(N_("releasing a legal hold needs a reason"))
    hold.released_by_id = actor.id if actor else None
    hold.released_at = now()
    session.flush()
    audit.record(session, audit.Action.HOLD_RELEASED, actor=actor, document_id=hold.document_id,
                 object_type="legal_hold", object_id=hold.id, reason=reason.strip())
    indexing.mark_changed(session, hold.document_id, {"retention"})
    return hold


def move_to_inactive(session: Session, actor: User | None, document_ids: list[int], reference: str = "") -> int:
    """Record the move of records whose active period ended to the records centre."""
    require_role(actor, MANAGE_ROLES, N_("move records to the records centre"))
    today, moved = clock.today(), 0
    for doc_id in document_ids:
        doc = _live(get_document(session, doc_id))
        row = recompute_document(session, doc)
        if row.phase != RetentionPhase.AKTIF.value:
            continue
        if not row.active_until or today < row.active_until:
            raise Blocked(msg(N_("document %(id)s: its active retention runs until %(date)s"), id=doc_id,
                                  date=row.active_until or msg(N_("an unknown date"))))
        row.phase = RetentionPhase.INAKTIF.value
        audit.record(session, audit.Action.MOVED_INACTIVE, actor=actor, document_id=doc_id, reference=reference or None)
        indexing.mark_changed(session, doc_id, {"retention"})
        moved += 1
    return moved


def record_transfer(session: Session, actor: User | None, document_ids: list[int], reference: str) -> int:
    """Permanent records handed to the archive institution (diserahkan)."""
    require_role(actor, MANAGE_ROLES, N_("record a transfer"))
    if not (reference or "").strip():
        raise InvalidInput(N_("a transfer needs the reference of its berita acara penyerahan"))
    for doc_id in document_ids:
        doc = _live(get_document(session, doc_id))
        row = recompute_document(session, doc)
        if row.final_disposition != FinalDisposition.PERMANEN.value:
            raise Blocked(msg(N_("document %(id)s: only records whose rule says permanen are transferred"), id=doc_id))
        if not retention_ended(row):
            raise Blocked(msg(N_("document %(id)s: its retention runs until %(date)s"), id=doc_id,
                              date=row.inactive_until or msg(N_("an unknown date"))))
        row.phase = RetentionPhase.DISERAHKAN.value
        audit.record(session, audit.Action.TRANSFERRED, actor=actor, document_id=doc_id, reference=reference.strip())
        indexing.mark_changed(session, doc_id, {"retention"})
    return len(document_ids)


# --- read side ---------------------------------------------------------------------

def state_for_document(session: Session, document_id: int, today: date | None = None) -> dict:
    """Retention state for the search index, `lontar doc --json` and the document page.

    Read-only: a document without a stored row is computed in memory.
    """
    doc = get_document(session, document_id)
    row = session.get(DocumentRetention, doc.id)
    if row is None or row.classification_code != doc.classification_code:
        fresh = DocumentRetention(document_id=doc.id, phase=row.phase if row else RetentionPhase.AKTIF.value,
                                  event_end_date=row.event_end_date if row else None,
                                  classified_at=row.classified_at if row else None,
                                  classification_code=row.classification_code if row else None)
        with session.no_autoflush:
            row = compute(session, doc, fresh)  # transient: never added to the session
    phase = RetentionPhase.DIMUSNAHKAN.value if doc.status == DocumentStatus.DESTROYED.value else live_phase(row, today)
    return {
        "phase": phase,
        "classification_code": doc.classification_code,
        "suggested_code": suggest_code(doc),
        "active_until": row.active_until.isoformat() if row.active_until else None,
        "inactive_until": row.inactive_until.isoformat() if row.inactive_until else None,
        "final_disposition": row.final_disposition,
        "trigger_date": row.trigger_date.isoformat() if row.trigger_date else None,
        "note": row.note,
        "vital": bool(doc.vital),
        "holds": [{"id": h.id, "reason": h.reason, "set_by_id": h.set_by_id, "set_at": h.set_at.isoformat()}
                  for h in active_holds(session, doc.id)],
        "filed": bool(row.filed),
    }


def discard_refusal(session: Session, doc: Document) -> str | None:
    """Why a not-yet-registered upload may still not be discarded (None: it may).

    For ``documents.discard_upload``: a record someone already filed, marked vital,
    put on hold or proposed for disposal is a record, not a mistaken upload.
    """
    row = session.get(DocumentRetention, doc.id)
    if read_only_refusal(doc):
        return read_only_refusal(doc)
    if doc.vital:
        return N_("it is marked as a vital record")
    if active_holds(session, doc.id):
        return N_("it is under a legal hold")
    if row is not None and row.phase in ACT_PHASES:
        return msg(N_("it is %(phase)s"), phase=row.phase)
    if row is not None and row.classified_at is not None:
        return N_("a records officer already classified it: it is a filed record")
    return None
