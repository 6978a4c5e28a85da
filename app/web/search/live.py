"""Engine calls for pages and the JSON API (search, suggestions, similar letters), always
under the current user's access context, and what a failed call shows instead.

A failure is never the page's end: the search page shows the message in place of results,
and a secondary panel (similar letters, suggestions) shows it in place of the panel while
the letter page around it renders. The search package turns engine crashes (tantivy
panics, which are BaseExceptions) into ``SearchError``s at its boundary; the panels also
catch any other ``Exception`` so that a bug in one panel cannot take the page down.
"""
from __future__ import annotations

import logging
from typing import Callable, TypeVar

from flask_babel import gettext as _

from app.services import indexing
from search import AccessContext, BackendUnavailable, IndexDamaged, SearchError
from app.web.search.query_errors import query_error_message
from app.web.search.suggest import Suggestion, completions
from app.web.security import current_access, current_runtime, db_session, release_db

log = logging.getLogger(__name__)
SIMILAR_LIMIT = 5
MAX_SIMILAR = 20
T = TypeVar("T")


class SearchProblem(str):
    """The message shown for a failed engine call, with the API's error code."""

    code: str

    def __new__(cls, text: str, code: str) -> "SearchProblem":
        problem = super().__new__(cls, text)
        problem.code = code
        return problem


def damaged_message() -> SearchProblem:
    return SearchProblem(_("The search index is damaged and must be rebuilt: an administrator runs "
                           "'lontar reindex'. The letters and their files are not affected."), "index_damaged")


def engine_call(call: Callable[[AccessContext], T], fallback: T, panel: bool = False) -> tuple[T, SearchProblem | None, int]:
    """(value, problem or None, http status) of ``call(ctx)``, one engine call under the
    user's access context, with the letters the index is behind on withheld (fail closed,
    see ``indexing.withholding``). ``panel``: a secondary panel, where even an unexpected
    error only empties the panel."""
    access = current_access()
    try:
        ctx = indexing.withholding(db_session(), access)
        release_db()                           # the engine call must not hold the database
        return call(ctx), None, 200
    except IndexDamaged as exc:
        log.error("search index damaged: %s", exc)
        return fallback, damaged_message(), 503
    except BackendUnavailable:
        return fallback, SearchProblem(_("Search is unavailable right now. Try again in a minute."),
                                       "search_unavailable"), 503
    except SearchError as exc:             # QueryError and any other the package defines
        return fallback, SearchProblem(query_error_message(exc), "bad_query"), 400
    except Exception:  # noqa: BLE001 - a secondary panel never takes the page down
        if not panel:
            raise
        log.exception("search panel failed")
        return fallback, SearchProblem(_("This part of the page could not be shown right now."), "search_failed"), 500


def run_suggest(prefix: str, limit: int) -> tuple[list[Suggestion], SearchProblem | None, int]:
    """(suggestions, problem or None, http status)."""
    if not prefix.strip():
        return [], None, 200
    return engine_call(lambda ctx: completions(prefix, current_runtime().search.suggest(prefix, ctx, limit)), [],
                       panel=True)


def run_similar(doc_id: int, limit: int = SIMILAR_LIMIT) -> tuple[list, SearchProblem | None, int]:
    """(hits, problem or None, http status) for letters like ``doc_id`` the user may read.

    The caller has already checked that the user may read ``doc_id`` itself."""
    return engine_call(lambda ctx: current_runtime().search.similar(doc_id, ctx, limit), [], panel=True)
