"""The dashboard's saved-searches panel: each view with the count of matching letters the
viewer may read (counted by the search engine under his access context)."""
from __future__ import annotations

from app.web.dashboard import bp
from app.web.search.saved import dashboard_rows


@bp.context_processor
def _saved_views_panel() -> dict:
    # Called from the template, so the count queries run only when the panel is shown.
    return {"saved_view_rows": dashboard_rows}
