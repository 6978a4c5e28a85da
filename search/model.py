"""Values crossing the backend boundary: what is indexed, what is asked, what comes back."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from search.access import NO_READER, LetterFacts
from search.errors import QueryError
from search.stemming import stem_text
from search.text import normalise

SORTS = ("relevance", "date", "date_asc")
FACETS = ("year", "classification", "sender", "sifat", "status")
MAX_PER_PAGE = 100
FACETS_FAILED = "The counts by year, sender, security and status could not be computed for this search."
MAX_WINDOW = 10_000  # deepest result reachable by paging (Elasticsearch's max_result_window)


@dataclass
class IndexDoc:
    """One letter as the engines see it (denormalised from the metadata database)."""

    id: int
    pages: list[str] = field(default_factory=list)
    nomor: str | None = None
    nomor_parts: dict | None = None
    tanggal: date | None = None
    perihal: str | None = None
    sender: str | None = None
    addressee: str | None = None
    signer: str | None = None
    classification_code: str | None = None
    sifat: str = "biasa"
    sifat_level: int = 0
    # Built from the database by ``app.services.indexing``, which always sets both; the
    # database column is where an unknown sifat fails closed (see search.access).
    sifat_confirmed: bool = True
    uploader_id: int | None = None
    urgensi: str = "biasa"
    unit_id: int | None = None
    disposition_statuses: list[str] = field(default_factory=list)
    assignee_position_ids: list[int] = field(default_factory=list)
    overdue: bool = False
    retention_phase: str | None = None
    created_at: datetime | None = None
    year: int | None = None


# Fields whose change is a partial update (text is never re-sent for these).
UPDATABLE_FIELDS = (
    "nomor", "nomor_parts", "tanggal", "perihal", "sender", "addressee", "signer", "classification_code",
    "sifat", "sifat_level", "sifat_confirmed", "uploader_id", "urgensi", "unit_id", "disposition_statuses", "assignee_position_ids",
    "overdue", "retention_phase", "created_at", "year",
)


def date_int(value: date | None) -> int:
    """Dates as yyyymmdd integers in both engines (0 = unknown)."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0


def int_date(value: int | None) -> date | None:
    if not value:
        return None
    return date(value // 10000, value // 100 % 100, value % 100)


def class_top(code: str | None) -> str:
    return (code or "").split(".", 1)[0].strip()


def access_facts(doc: IndexDoc | dict[str, Any]) -> LetterFacts:
    """What the access filter reads about the letter (the rule of search.access)."""
    get = doc.get if isinstance(doc, dict) else lambda k, d=None: getattr(doc, k, d)
    confirmed = get("sifat_confirmed")
    return LetterFacts.of(int(get("sifat_level") or 0), True if confirmed is None else bool(confirmed),
                          get("unit_id"), get("uploader_id"), get("assignee_position_ids") or ())


def flat_fields(doc: IndexDoc | dict[str, Any]) -> dict[str, Any]:
    """Engine-neutral indexed values of the letter fields (not the page text)."""
    get = doc.get if isinstance(doc, dict) else lambda k, d=None: getattr(doc, k, d)
    tanggal = get("tanggal")
    year = get("year") or (tanggal.year if tanggal else None)
    created = get("created_at")
    meta_text = " ".join(normalise(get(k)) for k in ("perihal", "sender", "addressee", "signer", "nomor"))
    facts = access_facts(doc)
    return {
        "nomor": get("nomor") or "",
        "nomor_tokens": normalise(get("nomor")),
        "tanggal": date_int(tanggal),
        "perihal": get("perihal") or "",
        "perihal_tokens": normalise(get("perihal")),
        "perihal_stems": stem_text(normalise(get("perihal"))),
        "sender": (get("sender") or "").strip(),
        "sender_tokens": normalise(get("sender")),
        "addressee_tokens": normalise(get("addressee")),
        "meta": meta_text.strip(),
        "meta_stems": stem_text(meta_text),
        "classification": (get("classification_code") or "").strip(),
        "class_top": class_top(get("classification_code")),
        "sifat": get("sifat") or "biasa",
        "sifat_level": int(get("sifat_level") or 0),
        "urgensi": get("urgensi") or "biasa",
        "unit_id": get("unit_id") if get("unit_id") is not None else -1,
        "access_level": facts.access_level,
        "reader_id": facts.reader_id or NO_READER,
        "statuses": sorted(set(get("disposition_statuses") or [])),
        "assignees": sorted(set(int(p) for p in (get("assignee_position_ids") or []))),
        "overdue": bool(get("overdue")),
        "retention_phase": get("retention_phase") or "",
        "created": int(created.timestamp()) if created else 0,
        "year": int(year or 0),
        "addressee": get("addressee") or "",
        "signer": get("signer") or "",
    }


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facets: bool = True
    fuzzy: bool = True
    stemming: bool = True
    highlight: bool = True

    def validated(self) -> "SearchRequest":
        if self.sort not in SORTS:
            raise QueryError(f"Unknown sort {self.sort!r}; use one of: {', '.join(SORTS)}.")
        if not isinstance(self.page, int) or self.page < 1:
            raise QueryError("The page number must be 1 or more.")
        if not isinstance(self.per_page, int) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"Results per page must be between 1 and {MAX_PER_PAGE}.")
        if self.page * self.per_page > MAX_WINDOW:
            raise QueryError(f"Only the first {MAX_WINDOW} results can be paged through; narrow the search.")
        return self

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    doc_id: int
    score: float
    nomor: str | None
    perihal: str | None
    tanggal: date | None
    sender: str | None
    page: int               # 1-based page whose text matched best
    snippet: str            # HTML-escaped page text with <mark> around matches

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc_id, "score": round(self.score, 4), "nomor": self.nomor, "perihal": self.perihal,
            "tanggal": self.tanggal.isoformat() if self.tanggal else None, "sender": self.sender,
            "page": self.page, "snippet": self.snippet,
        }


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    # English sentences on what was left out of the answer: parts of the query ignored,
    # a panel (facets) that could not be computed. The web layer translates them.
    notices: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total, "page": self.page, "per_page": self.per_page,
            "hits": [h.as_dict() for h in self.hits],
            "facets": {k: [{"value": v, "count": c} for v, c in vs] for k, vs in self.facets.items()},
            "notices": list(self.notices),
        }
