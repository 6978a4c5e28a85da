"""Engine calls for the live parts of pages (suggestions, similar letters), shared by the
pages and the JSON API. Always under the current user's access context."""
from __future__ import annotations

import logging

from flask_babel import gettext as _

from search import BackendUnavailable, SearchError
from app.web.search.query_errors import query_error_message
from app.web.search.suggest import Suggestion, completions
from app.web.security import current_access, current_runtime, release_db

log = logging.getLogger(__name__)
SIMILAR_LIMIT = 5
MAX_SIMILAR = 20


def run_suggest(prefix: str, limit: int) -> tuple[list[Suggestion], str | None, int]:
    """(suggestions, error message or None, http status)."""
    if not prefix.strip():
        return [], None, 200
    ctx = current_access()
    release_db()
    try:
        return completions(prefix, current_runtime().search.suggest(prefix, ctx, limit)), None, 200
    except BackendUnavailable:
        return [], _("Search is unavailable right now. Try again in a minute."), 503
    except SearchError as exc:
        return [], query_error_message(exc), 400


def run_similar(doc_id: int, limit: int = SIMILAR_LIMIT) -> tuple[list, str | None, int]:
    """(hits, error message or None, http status) for letters like ``doc_id`` the user may read.

    The caller has already checked that the user may read ``doc_id`` itself."""
    ctx = current_access()
    release_db()
    try:
        return current_runtime().search.similar(doc_id, ctx, limit), None, 200
    except BackendUnavailable:
        return [], _("Search is unavailable right now. Try again in a minute."), 503
    except SearchError as exc:
        log.warning("similar letters of %s failed: %s", doc_id, exc)
        return [], query_error_message(exc), 400
