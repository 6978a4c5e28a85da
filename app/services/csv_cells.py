"""CSV for spreadsheets: every export writes its rows through ``writer`` (one rule for all).

A cell that starts with ``= + - @`` (or a tab or carriage return, which spreadsheet programs
skip before reading a formula) is run as a formula when the file is opened: a letter's subject
``=HYPERLINK(...)`` would become a live link. As OWASP advises, such text cells are prefixed
with a single quote, which spreadsheets show as plain text; numbers and dates are not text
people typed and stay as they are.
"""
from __future__ import annotations

import csv
from typing import IO, Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, out: IO[str], **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in values])


def writer(out: IO[str], **options) -> _SafeWriter:
    """``csv.writer(out, **options)`` whose cells are neutralised by ``safe_cell``."""
    return _SafeWriter(out, **options)
