"""Numbers people type into URLs and forms, parsed once and always within bounds.

Every query parameter that is a number goes through ``whole_number``: digits only (ASCII:
``"²".isdigit()`` is true but ``int("²")`` fails), at most a dozen of them, inside the range
the caller states, so no value reaches the database or ``date()`` that overflows it.
"""
from __future__ import annotations

import re

from app.services.i18n import N_, Translatable, msg

MAX_ID = 2**31 - 1          # ids are 32-bit integer columns in PostgreSQL
MAX_YEAR = 9999             # the last year ``datetime.date`` holds
_DIGITS = re.compile(r"[0-9]{1,12}")


class ParamError(Translatable, ValueError):
    """A parameter value a person can correct; the message says how (translatable)."""

    code = "bad_parameter"

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def whole_number(raw, name: str, low: int, high: int, default: int | None = None) -> int | None:
    """``raw`` as an int from ``low`` to ``high``; ``default`` when absent or empty."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return default
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise ParamError(msg(N_("'%(key)s' must be a whole number from %(low)s to %(high)s."),
                             key=name, low=low, high=high))
    return int(text)
