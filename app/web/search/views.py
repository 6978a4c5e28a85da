from __future__ import annotations

from flask import jsonify, render_template, request
from markupsafe import Markup

from search import SYNTAX_HELP
from app.web.search import bp
from app.web.search.live import engine_call, run_suggest
from app.web.search.params import FACET_FILTER, ParamError, parse_search_params
from app.web.search.query_errors import query_error_message
from app.web.search.suggest import SuggestError, parse_suggest_args
from app.web.security import current_runtime, login_required


def run_search(params, allow_empty: bool = False):
    """(results or None, problem or None, http status). An empty query lists everything readable."""
    if not params.full_query.strip() and not allow_empty:
        return None, None, 200
    results, problem, status = engine_call(lambda ctx: current_runtime().search.search(params.request(), ctx), None)
    if results is not None:
        results.notices = [query_error_message(n) for n in results.notices]
    return results, problem, status


@bp.get("/")
@login_required
def index():
    try:
        params = parse_search_params(request.args)
    except ParamError as exc:
        return render_template("search/index.html", params=None, results=None, error=str(exc), help=SYNTAX_HELP,
                               facet_filter=FACET_FILTER, pages=1, Markup=Markup), 400
    results, error, status = run_search(params)
    pages = max(1, -(-results.total // params.per_page)) if results else 1
    return render_template("search/index.html", params=params, results=results, error=error, help=SYNTAX_HELP,
                           facet_filter=FACET_FILTER, pages=min(pages, 1000), Markup=Markup), status


@bp.get("/suggest")
@login_required
def suggest():
    """JSON for the search box: {"suggestions": [{"text", "completion"}]}."""
    try:
        prefix, limit = parse_suggest_args(request.args)
    except SuggestError as exc:
        return jsonify({"error": {"code": "bad_parameter", "message": str(exc)}}), 400
    items, error, status = run_suggest(prefix, limit)
    if error:
        return jsonify({"error": {"code": error.code, "message": error}}), status
    return jsonify({"suggestions": [s.as_dict() for s in items]})
