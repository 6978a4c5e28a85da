"""The document list: filters parsed once (for pages and API alike) and one SQL query with
the access rule in it, so unreadable letters are absent from lists and counts.

No Flask here. The SQL access clause is ``app.services.access.readable_clause`` (the one rule).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

from flask_babel import gettext as _

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.models import Document, DocumentStatus, Sifat
from app.services.access import GONE, readable_clause
from app.services.params import MAX_ID, ParamError, whole_number
from app.web.domain_messages import localize
from search.access import AccessContext

__all__ = ["FilterError", "ListFilters", "documents_by_ids", "list_documents", "parse_list_filters", "readable_clause"]
SORTS = {
    "newest": (Document.created_at.desc(), Document.id.desc()),
    "oldest": (Document.created_at.asc(), Document.id.asc()),
    "date": (Document.tanggal_surat.desc(), Document.id.desc()),
    "date_asc": (Document.tanggal_surat.asc(), Document.id.asc()),
}
# Each order's exact reverse (same columns, both directions flipped): a page in the second
# half of a long list is read from the far end, so no page walks more than half of it.
REVERSED = {"newest": "oldest", "oldest": "newest", "date": "date_asc", "date_asc": "date"}
STATUSES = tuple(s.value for s in DocumentStatus if s.value not in GONE)
SIFATS = tuple(s.value for s in Sifat)
FILTER_KEYS = ("status", "sifat", "nomor", "sender", "date_from", "date_to", "uploaded_by", "page", "per_page", "sort")
MAX_PER_PAGE = 100
MAX_TEXT = 200


class FilterError(ValueError):
    """A filter value people can correct; the message says how."""


@dataclass(frozen=True)
class ListFilters:
    status: str | None = None
    sifat: str | None = None
    nomor: str | None = None
    sender: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    uploaded_by: int | None = None
    page: int = 1
    per_page: int = 25
    sort: str = "newest"


def _int(args: Mapping, key: str, default: int, low: int, high: int) -> int:
    try:
        return whole_number(args.get(key), key, low, high, default)
    except ParamError as exc:
        raise FilterError(localize(exc)) from None


def _date(args: Mapping, key: str) -> date | None:
    raw = args.get(key)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise FilterError(_("'%(key)s' must be a date like 2024-03-31.", key=key)) from None


def _choice(args: Mapping, key: str, choices: tuple[str, ...]) -> str | None:
    raw = args.get(key)
    if raw in (None, ""):
        return None
    if raw not in choices:
        raise FilterError(_("Unknown %(key)s %(value)r; use one of: %(choices)s.", key=key, value=raw, choices=", ".join(choices)))
    return raw


def _text(args: Mapping, key: str) -> str | None:
    raw = (args.get(key) or "").strip()
    if len(raw) > MAX_TEXT:
        raise FilterError(_("'%(key)s' is too long (at most %(n)s characters).", key=key, n=MAX_TEXT))
    return raw or None


def parse_list_filters(args: Mapping, extra_keys: tuple[str, ...] = ()) -> ListFilters:
    unknown = sorted(set(args) - set(FILTER_KEYS) - set(extra_keys))
    if unknown:
        raise FilterError(_("Unknown filter %(name)r; known filters: %(known)s.", name=unknown[0], known=", ".join(FILTER_KEYS)))
    sort = args.get("sort") or "newest"
    if sort not in SORTS:
        raise FilterError(_("Unknown sort %(sort)r; use one of: %(sorts)s.", sort=sort, sorts=", ".join(SORTS)))
    filters = ListFilters(
        status=_choice(args, "status", STATUSES), sifat=_choice(args, "sifat", SIFATS),
        nomor=_text(args, "nomor"), sender=_text(args, "sender"),
        date_from=_date(args, "date_from"), date_to=_date(args, "date_to"),
        uploaded_by=_int(args, "uploaded_by", 0, 1, MAX_ID) or None,
        page=_int(args, "page", 1, 1, 100_000), per_page=_int(args, "per_page", 25, 1, MAX_PER_PAGE), sort=sort,
    )
    return filters  # date_from after date_to is a valid, empty range


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(filters: ListFilters) -> list:
    conds = []
    if filters.status:
        conds.append(Document.status == filters.status)
    if filters.sifat:
        conds.append(Document.sifat == filters.sifat)
    if filters.nomor:
        conds.append(Document.nomor.ilike(f"%{_escape_like(filters.nomor)}%", escape="\\"))
    if filters.sender:
        conds.append(Document.sender.ilike(f"%{_escape_like(filters.sender)}%", escape="\\"))
    if filters.date_from:
        conds.append(Document.tanggal_surat >= filters.date_from)
    if filters.date_to:
        conds.append(Document.tanggal_surat <= filters.date_to)
    if filters.uploaded_by:
        conds.append(Document.uploaded_by_id == filters.uploaded_by)
    return conds


def list_documents(session: Session, ctx: AccessContext, filters: ListFilters) -> tuple[int, list[Document]]:
    """(readable matches, one page of them). The count reads the (sifat, status, unit_id)
    index only; the page walks the sort column's index (see ``readable_clause``)."""
    conditions = _conditions(filters)
    count_where = and_(readable_clause(ctx), *conditions)
    total = session.scalar(select(func.count()).select_from(Document).where(count_where)) or 0
    offset = (filters.page - 1) * filters.per_page
    if offset >= total:
        return total, []                    # past the last page: nothing to walk through
    sort, limit, reverse = filters.sort, filters.per_page, offset > total // 2
    if reverse:
        limit = min(filters.per_page, total - offset)
        sort, offset = REVERSED[sort], total - offset - limit
    rows = list(session.scalars(
        select(Document).where(readable_clause(ctx, for_ordered_scan=True), *conditions)
        .order_by(*SORTS[sort]).offset(offset).limit(limit)
    ))
    return total, rows[::-1] if reverse else rows


def documents_by_ids(session: Session, ctx: AccessContext, ids: list[int]) -> dict[int, Document]:
    """Readable documents among ``ids`` (e.g. upload status polling, search thumbnails)."""
    if not ids:
        return {}
    rows = session.scalars(select(Document).where(Document.id.in_(ids), readable_clause(ctx)))
    return {d.id: d for d in rows}
