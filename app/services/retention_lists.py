"""The records manager's lists: what is due, with counts, filters and CSV export.

Each list is one SQL query over the stored retention rows (kept fresh by
``retention.sync``), filtered by what the viewer may read.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, extract, func, or_, select
from sqlalchemy.orm import Session

from app.models import Document, DocumentRetention, DocumentStatus, LegalHold
from app.models.retention import FinalDisposition, RetentionPhase
from app.services import csv_cells, retention
from app.services.access import readable_clause
from app.services.classification import CODE_RE, InvalidInput
from app.services.i18n import N_, msg
from app.services.params import MAX_ID, MAX_YEAR, ParamError, whole_number
from search.access import AccessContext
from config import clock

KINDS = ("move_inactive", "disposal_review", "transfer", "reappraisal", "unclassified")
KIND_LABELS = {
    "move_inactive": "Due to move to inactive",
    "disposal_review": "Due for disposal review (musnah)",
    "transfer": "Due for transfer (permanen)",
    "reappraisal": "Due for re-appraisal",
    "unclassified": "Missing classification",
}
COLUMNS = ("document_id", "nomor", "tanggal_surat", "perihal", "sender", "classification_code", "active_until",
           "inactive_until", "final_disposition", "phase", "vital", "on_hold")
MAX_PAGE = 500


@dataclass(frozen=True)
class Filters:
    code: str | None = None      # this code and everything below it
    unit_id: int | None = None
    year: int | None = None      # year of the letter date

    @classmethod
    def parse(cls, code: str | None = None, unit_id: str | int | None = None, year: str | int | None = None) -> "Filters":
        code = (code or "").strip() or None
        if code and not CODE_RE.match(code):
            raise InvalidInput(msg(N_("'%(code)s' is not a classification code"), code=code))
        return cls(code, _int_or_none(unit_id, "unit", MAX_ID), _int_or_none(year, "year", MAX_YEAR))


def _int_or_none(value, name: str, high: int) -> int | None:
    try:
        return whole_number(value, name, 1, high)
    except ParamError as exc:
        raise InvalidInput(exc.message) from None


def _kind_condition(kind: str, today: date):
    row, ended = DocumentRetention, DocumentRetention.inactive_until <= today
    open_phases = row.phase.in_([RetentionPhase.AKTIF.value, RetentionPhase.INAKTIF.value])
    if kind == "move_inactive":
        return and_(row.phase == RetentionPhase.AKTIF.value, row.active_until <= today)
    if kind == "disposal_review":
        return and_(row.final_disposition == FinalDisposition.MUSNAH.value, ended, open_phases)
    if kind == "transfer":
        return and_(row.final_disposition == FinalDisposition.PERMANEN.value, ended, open_phases)
    if kind == "reappraisal":
        return and_(row.final_disposition == FinalDisposition.DINILAI_KEMBALI.value, ended, open_phases)
    if kind == "unclassified":
        return row.filed.is_(False)
    raise InvalidInput(msg(N_("unknown list '%(kind)s'; use one of: %(kinds)s"), kind=kind, kinds=", ".join(KINDS)))


def _query(kind: str, today: date, filters: Filters, ctx: AccessContext | None) -> Select:
    # Only processed letters are records: one still in OCR gets its suggested code first, and a
    # failed upload is no letter until it is processed (or discarded).
    conds = [Document.status == DocumentStatus.DONE.value, _kind_condition(kind, today)]
    if ctx is not None:
        conds.append(readable_clause(ctx))
    if filters.code:
        conds.append(or_(Document.classification_code == filters.code,
                         Document.classification_code.like(f"{filters.code}.%")))
    if filters.unit_id is not None:
        conds.append(Document.unit_id == filters.unit_id)
    if filters.year is not None:
        conds.append(extract("year", Document.tanggal_surat) == filters.year)
    return select(Document, DocumentRetention).join(
        DocumentRetention, DocumentRetention.document_id == Document.id).where(*conds)


def counts(session: Session, today: date | None = None, filters: Filters = Filters(),
           ctx: AccessContext | None = None) -> dict[str, int]:
    today = today or clock.today()
    retention.sync(session)
    return {kind: session.execute(select(func.count()).select_from(_query(kind, today, filters, ctx).subquery())).scalar_one()
            for kind in KINDS}


def list_due(session: Session, kind: str, today: date | None = None, filters: Filters = Filters(),
             ctx: AccessContext | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    today = today or clock.today()
    retention.sync(session)
    query = _query(kind, today, filters, ctx)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    limit = max(1, min(int(limit), MAX_PAGE))
    ordered = query.order_by(DocumentRetention.inactive_until.nulls_last(), Document.id).limit(limit).offset(max(0, int(offset)))
    held = _held_ids(session)
    rows = [_row(doc, row, held, today) for doc, row in session.execute(ordered)]
    return total, rows


def _held_ids(session: Session) -> set[int]:
    return set(session.execute(select(LegalHold.document_id).where(LegalHold.released_at.is_(None))).scalars())


def _row(doc: Document, row: DocumentRetention, held: set[int], today: date) -> dict:
    return {
        "document_id": doc.id, "nomor": doc.nomor, "tanggal_surat": doc.tanggal_surat, "perihal": doc.perihal,
        "sender": doc.sender, "classification_code": doc.classification_code, "active_until": row.active_until,
        "inactive_until": row.inactive_until, "final_disposition": row.final_disposition,
        "phase": retention.live_phase(row, today), "vital": bool(doc.vital), "on_hold": doc.id in held,
    }


def export_csv(session: Session, kind: str, today: date | None = None, filters: Filters = Filters(),
               ctx: AccessContext | None = None) -> str:
    """The whole list as CSV (UTF-8, header row), in pages so memory stays flat."""
    out = io.StringIO()
    writer = csv_cells.writer(out)
    writer.writerow(COLUMNS)
    offset = 0
    while True:
        _, rows = list_due(session, kind, today, filters, ctx, limit=MAX_PAGE, offset=offset)
        for item in rows:
            writer.writerow("" if item[k] is None else item[k] for k in COLUMNS)
        if len(rows) < MAX_PAGE:
            return out.getvalue()
        offset += MAX_PAGE

