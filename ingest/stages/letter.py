"""Reading the letter: an adapter around ``ingest.fields.extract_fields`` (another module).

Field extraction never blocks searchability: if the extractor is missing or fails, the
document is still saved with its text and the fields are left for a person to fill in.
Values are coerced to what the Document columns hold; anything that does not fit is
dropped and flagged for review.
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Any

from app.models import Sifat, Urgensi
from ingest.fields import REVIEW_BELOW, extract_fields

log = logging.getLogger(__name__)

# Document column -> maximum length for strings (None: not a string column).
FIELD_COLUMNS: dict[str, int | None] = {
    "nomor": 200, "nomor_parts": None, "tanggal_surat": None, "perihal": 5000, "sifat": None,
    "urgensi": None, "lampiran": 200, "sender": 300, "addressee": 300, "signer_name": 200,
    "signer_position": 200, "signer_nip": 32, "tembusan": None, "classification_code": 32,
}


def extract(pages: list[str]) -> dict[str, dict[str, Any]]:
    """{field: {"value", "confidence", "review"}} for the fields the extractor found."""
    try:
        raw = extract_fields(pages) or {}
    except Exception:  # a bug there must not lose the OCR work done here
        log.exception("field extraction failed")
        return {}
    result = {}
    for name, item in raw.items():
        if name not in FIELD_COLUMNS:
            continue
        value, confidence, review = _unpack(item)
        value, fits = coerce(name, value)
        result[name] = {"value": value, "confidence": confidence, "review": bool(review or not fits)}
    return result


def certain(found: dict) -> bool:
    """A reading sure enough to act on (the sifat decides who may read the letter)."""
    return not found.get("review") and (found.get("confidence") or 0.0) >= REVIEW_BELOW


def _unpack(item: Any) -> tuple[Any, float | None, bool]:
    if isinstance(item, dict):
        return item.get("value"), item.get("confidence"), item.get("review", False)
    if hasattr(item, "value"):
        return item.value, getattr(item, "confidence", None), getattr(item, "review", False)
    return item, None, True


def coerce(name: str, value: Any) -> tuple[Any, bool]:
    """The value as its column stores it, and whether it fitted without loss."""
    if value is None or value == "":
        return None, True
    if name == "tanggal_surat":
        if isinstance(value, date):
            return value, True
        try:
            return date.fromisoformat(str(value)[:10]), True
        except ValueError:
            return None, False
    if name in ("sifat", "urgensi"):
        enum = Sifat if name == "sifat" else Urgensi
        key = str(value).strip().lower().replace(" ", "_")
        return (key, True) if key in {e.value for e in enum} else (None, False)
    if name == "tembusan":
        items = value if isinstance(value, (list, tuple)) else [value]
        return [str(v) for v in items if str(v).strip()], True
    if name == "nomor_parts":
        return (dict(value), True) if isinstance(value, dict) else (None, False)
    limit = FIELD_COLUMNS[name]
    text = str(value).strip()
    return (text[:limit], len(text) <= limit) if limit else (text, True)


def jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
