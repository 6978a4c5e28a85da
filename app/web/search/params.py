"""Search parameters (page and API alike): the query box plus filter fields, turned into
the search language of ``search.query`` so that filters and typed syntax mean the same.

No Flask here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from flask_babel import gettext as _

from app.services.params import ParamError as BoundError, whole_number
from app.web.domain_messages import localize
from search import SearchRequest
from search.model import MAX_PER_PAGE, SORTS

FILTERS = {  # parameter -> search-language field
    "sifat": "sifat", "year": "tahun", "sender": "dari", "classification": "klasifikasi", "status": "status",
}
FACET_FILTER = {"year": "year", "classification": "classification", "sender": "sender", "sifat": "sifat", "status": "status"}
KNOWN = ("q", "sort", "page", "per_page", "date_from", "date_to", *FILTERS)
MAX_VALUE = 200


class ParamError(ValueError):
    """Bad search parameters; the message says what to change."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    filters: dict[str, str] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None

    @property
    def full_query(self) -> str:
        parts = [self.q] if self.q.strip() else []
        for key, value in self.filters.items():
            clean = value.replace('"', " ").strip()
            parts.append(f'{FILTERS[key]}:"{clean}"' if re.search(r"\s", clean) else f"{FILTERS[key]}:{clean}")
        if self.date_from or self.date_to:
            low = self.date_from.isoformat() if self.date_from else "1900-01-01"
            high = self.date_to.isoformat() if self.date_to else "2999-12-31"
            parts.append(f"tanggal:{low}..{high}")
        return " ".join(parts)

    def request(self) -> SearchRequest:
        return SearchRequest(query=self.full_query, sort=self.sort, page=self.page, per_page=self.per_page)

    def as_args(self) -> dict[str, str]:
        args = {"q": self.q, **self.filters}
        if self.sort != "relevance":
            args["sort"] = self.sort
        if self.date_from:
            args["date_from"] = self.date_from.isoformat()
        if self.date_to:
            args["date_to"] = self.date_to.isoformat()
        return {k: v for k, v in args.items() if v}


def _int(raw, key: str, default: int, high: int) -> int:
    try:
        return whole_number(raw, key, 1, high, default)
    except BoundError as exc:
        raise ParamError(localize(exc)) from None


def _date(raw, key: str) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ParamError(_("'%(key)s' must be a date like 2024-03-31.", key=key)) from None


def parse_search_params(args: Mapping) -> SearchParams:
    unknown = sorted(set(args) - set(KNOWN))
    if unknown:
        raise ParamError(_("Unknown parameter %(name)r; known: %(known)s.", name=unknown[0], known=", ".join(KNOWN)))
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise ParamError(_("Unknown sort %(sort)r; use one of: %(sorts)s.", sort=sort, sorts=", ".join(SORTS)))
    filters = {}
    for key in FILTERS:
        value = (args.get(key) or "").strip()
        if len(value) > MAX_VALUE:
            raise ParamError(_("'%(key)s' is too long (at most %(n)s characters).", key=key, n=MAX_VALUE))
        if value:
            filters[key] = value
    params = SearchParams(
        q=(args.get("q") or "")[:1000], sort=sort, page=_int(args.get("page"), "page", 1, 1000),
        per_page=_int(args.get("per_page"), "per_page", 10, MAX_PER_PAGE), filters=filters,
        date_from=_date(args.get("date_from"), "date_from"), date_to=_date(args.get("date_to"), "date_to"),
    )
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ParamError(_("'date_from' is after 'date_to'."))
    return params
