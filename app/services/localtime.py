"""Times in the office's time zone: the one place that formats a stored time for people.

Times are stored in UTC (SQLite hands them back naive: those are UTC too). Pages, printed
forms (berita acara, lembar disposisi), the audit trail and the CLI show them in the
office's zone (``Settings.timezone``, e.g. Asia/Jakarta, Asia/Makassar for Kalimantan
offices), with the zone's Indonesian abbreviation (WIB, WITA, WIT) whatever the language,
because that is how Indonesian offices write a time on a legal record.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as _babel_datetime

ZONE_INFO = "lontar_timezone"  # Session.info key: the office's zone, for code that has a session only
DEFAULT_ZONE = "Asia/Jakarta"
DATE_PATTERN = "d MMMM y"          # 3 Desember 2026
TIME_PATTERN = "HH:mm"             # 14:33
SECONDS_PATTERN = "HH:mm:ss"


def install(factory, tz: str) -> None:
    """Let every session of ``factory`` know the office's zone (``session_zone``)."""
    info = dict(factory.kw.get("info") or {})
    info[ZONE_INFO] = tz
    factory.configure(info=info)


def session_zone(session) -> str:
    return session.info.get(ZONE_INFO, DEFAULT_ZONE)


@lru_cache(maxsize=16)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken as UTC (how they are stored)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def to_local(value: datetime, tz: str) -> datetime:
    return as_utc(value).astimezone(zone(tz))


def zone_abbreviation(value: datetime, tz: str) -> str:
    """WIB / WITA / WIT for Indonesian zones, else CLDR's short name or the UTC offset."""
    return _babel_datetime(as_utc(value), "zzz", tzinfo=zone(tz), locale="id")


def format_date(value: datetime | date | None, tz: str, locale: str = "id") -> str:
    """3 Desember 2026 (a datetime is first moved to the office's zone)."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = to_local(value, tz)
    else:
        value = datetime.combine(value, time(12))
    return _babel_datetime(value, DATE_PATTERN, locale=locale)


def format_weekday(value: datetime, tz: str, locale: str = "id") -> str:
    """Kamis (the day in the office's zone)."""
    return _babel_datetime(as_utc(value), "EEEE", tzinfo=zone(tz), locale=locale)


def format_time(value: datetime, tz: str, seconds: bool = False) -> str:
    """14:33 WIB."""
    pattern = SECONDS_PATTERN if seconds else TIME_PATTERN
    return f"{_babel_datetime(as_utc(value), pattern, tzinfo=zone(tz), locale='id')} {zone_abbreviation(value, tz)}"


def format_datetime(value: datetime | None, tz: str, locale: str = "id", seconds: bool = False) -> str:
    """3 Desember 2026 14:33 WIB."""
    if value is None:
        return "-"
    return f"{format_date(value, tz, locale)} {format_time(value, tz, seconds)}"


def format_compact(value: datetime | None, tz: str, seconds: bool = True) -> str:
    """2026-12-03 14:33:05 WIB: for tables and the command line."""
    if value is None:
        return "-"
    pattern = "y-MM-dd " + (SECONDS_PATTERN if seconds else TIME_PATTERN)
    return f"{_babel_datetime(as_utc(value), pattern, tzinfo=zone(tz), locale='id')} {zone_abbreviation(value, tz)}"


def local_day_start(day: date, tz: str) -> datetime:
    """The UTC instant at which ``day`` starts in the office (for date filters)."""
    return datetime.combine(day, time(0), tzinfo=zone(tz)).astimezone(timezone.utc)
