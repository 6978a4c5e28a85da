"""Search query errors in the reader's language.

``search.QueryError`` carries only an English sentence (no code), so the known sentences
are listed here as msgids with their details as ``%(name)s``; a sentence not listed
(a new one in search/) is shown in English as it is.
"""
from __future__ import annotations

from app.services.i18n import N_
from app.web.domain_messages import translate_known

QUERY_ERRORS = (
    N_("Unknown sort %(sort)s; use one of: %(sorts)s."),
    N_("The page number must be 1 or more."),
    N_("Results per page must be between 1 and %(max)s."),
    N_("Only the first %(max)s results can be paged through; narrow the search."),
    N_("The query has too many terms; use at most %(max)s."),
    N_("Unknown search field '%(field)s:'. Known fields: %(fields)s."),
    N_("klasifikasi: expects a classification code such as 800 or 000.5.2, not '%(raw)s'."),
    N_("sifat: expects one of %(values)s, not '%(raw)s'."),
    N_("tahun: expects a year such as 2024 or a range 2020..2023, not '%(raw)s'."),
    N_("tahun: needs a year, e.g. tahun:2024."),
    N_("tanggal: expects dates like 2024-01-31, 2024-01 or 2024, or a range such as 2024-01..2024-03, not '%(raw)s'."),
    N_("tanggal: needs a date, e.g. tanggal:2024-01..2024-03."),
    N_("The query is too long (%(length)s characters); the limit is %(max)s."),
    N_("This search could not be run (%(error)s); try fewer or simpler words."),
    N_("This search could not be run; try fewer or simpler words."),
    N_("The query nests brackets or negations too deeply; use at most %(max)s levels."),
    N_("Nothing is left to search for in this query (ignored: %(ignored)s); type at least one word."),
    N_("tahun:%(raw)s runs backwards (from a later year to an earlier one); write tahun:%(fixed)s."),
    N_("tanggal:%(raw)s runs backwards (from a later date to an earlier one); write tanggal:%(fixed)s."),
    # notices: what a search left out (SearchResults.notices)
    N_("Ignored %(words)s: words longer than %(max)s characters are not searchable."),
    N_("Ignored %(ignored)s: brackets, operators or signs with no word to act on."),
    N_("The counts by year, sender, security and status could not be computed for this search."),
)


def query_error_message(exc: BaseException | str) -> str:
    """The search error in the reader's language; unknown sentences unchanged."""
    text = str(exc)
    return translate_known(text, QUERY_ERRORS)
