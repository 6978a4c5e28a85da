"""The one clock of the domain: what "now" and "today" are.

Deadlines, overdue flags and retention dates are decided against this clock. Tests that
walk a letter past its deadline or its retention set ``LONTAR_FAKE_NOW`` (an ISO date or
date-time; without a zone it is UTC) in the environment of the process under test; it is
read on every call so a test can move the clock of a running server. Unset in production.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timezone

FAKE_NOW = "LONTAR_FAKE_NOW"


def _fake() -> datetime | None:
    raw = os.environ.get(FAKE_NOW, "").strip()
    if not raw:
        return None
    moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def now() -> datetime:
    """The current moment, time-zone aware (UTC)."""
    return _fake() or datetime.now(timezone.utc)


def today() -> date:
    """Today's date on the machine's calendar (as ``date.today()``)."""
    fake = _fake()
    return fake.astimezone().date() if fake else date.today()
