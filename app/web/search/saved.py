"""Saved views on the web: save the current search, list, rename, delete, count.

A view's count is a search run with the *viewer's* access context (``run_search``), so a
count never includes a letter the viewer may not read.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from app.models import SavedView
from search import SearchRequest
from app.services import saved_views
from app.web.domain_messages import localize
from app.web.search import bp
from app.web.search.live import engine_call
from app.web.search.params import ParamError, SearchParams, parse_search_params
from app.web.security import current_db_user, current_runtime, db_session, login_required

DASHBOARD_LIMIT = 12


class SaveViewForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the saved search a name.")),
                                               Length(max=saved_views.MAX_NAME)])
    share = BooleanField(_l("Share with my unit"))
    on_dashboard = BooleanField(_l("Show on the dashboard"), default=True)
    query = HiddenField()


class EditViewForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the saved search a name.")),
                                               Length(max=saved_views.MAX_NAME)])
    share = BooleanField(_l("Share with my unit"))
    on_dashboard = BooleanField(_l("Show on the dashboard"))


@dataclass(frozen=True)
class ViewRow:
    view: SavedView
    params: SearchParams | None  # None: the stored search is no longer valid
    count: int | None = None
    error: str | None = None

    @property
    def args(self) -> dict:
        return self.params.as_args() if self.params else {}


def view_params(view: SavedView) -> SearchParams | None:
    try:
        return parse_search_params(MultiDict(view.query_args or {}))
    except ParamError:
        return None


def count_for(params: SearchParams) -> tuple[int | None, str | None]:
    """How many letters the *current user* may read match ``params``: the engine applies
    his access context inside the query, exactly as for the search page."""
    request_ = SearchRequest(query=params.full_query, per_page=1, facets=False, highlight=False)
    total, problem, _status = engine_call(lambda ctx: current_runtime().search.search(request_, ctx).total, None,
                                          panel=True)
    return total, problem


def view_row(view: SavedView, with_count: bool) -> ViewRow:
    params = view_params(view)
    if params is None:
        return ViewRow(view, None, error=_("This saved search is no longer valid; delete it and save it again."))
    if not with_count:
        return ViewRow(view, params)
    count, error = count_for(params)
    return ViewRow(view, params, count, error)


def rows_for_user(with_count: bool, dashboard_only: bool = False, limit: int | None = None) -> list[ViewRow]:
    views = saved_views.visible_to(db_session(), current_db_user(), dashboard_only=dashboard_only)
    return [view_row(v, with_count) for v in views[:limit]]


def dashboard_rows() -> list[ViewRow]:
    return rows_for_user(with_count=True, dashboard_only=True, limit=DASHBOARD_LIMIT)


def save_form_for(params: SearchParams | None) -> SaveViewForm | None:
    if params is None:
        return None
    form = SaveViewForm(formdata=None)
    form.query.data = urlencode(params.as_args())
    return form


@bp.context_processor
def _search_page_helpers() -> dict:
    # The search page's template asks for these itself: the page's view stays as it is.
    return {"saved_rows": lambda: rows_for_user(with_count=False), "save_form_for": save_form_for}


def _refuse(exc: Exception, target: str):
    db_session().rollback()
    flash(_("Not done: %(reason)s", reason=localize(exc)), "error")
    return redirect(target)


@bp.post("/views")
@login_required
def save_view():
    form = SaveViewForm()
    args = dict(parse_qsl(form.query.data or "", keep_blank_values=False))
    back = url_for("search.index", **args) if len(form.query.data or "") < 4000 else url_for("search.index")
    if not form.validate_on_submit():
        flash(_("Not saved: %(reason)s", reason=" ".join(str(e) for errs in form.errors.values() for e in errs)), "error")
        return redirect(back)
    try:
        params = parse_search_params(MultiDict(args))
    except ParamError as exc:
        flash(_("Not saved: %(reason)s", reason=str(exc)), "error")
        return redirect(url_for("search.index"))
    try:
        view = saved_views.create(db_session(), current_db_user(), form.name.data, params.as_args(),
                                  share=form.share.data, on_dashboard=form.on_dashboard.data)
        db_session().commit()
    except saved_views.SavedViewError as exc:
        return _refuse(exc, back)
    flash(_("Search saved as '%(name)s'.", name=view.name), "success")
    return redirect(back)


@bp.get("/views")
@login_required
def views_page():
    rows = rows_for_user(with_count=True)
    forms = {r.view.id: EditViewForm(formdata=None, name=r.view.name, share=r.view.unit_id is not None,
                                     on_dashboard=r.view.on_dashboard)
             for r in rows if r.view.owner_id == current_db_user().id}
    return render_template("search/views.html", rows=rows, forms=forms, user_id=current_db_user().id)


def _view_or_404(view_id: int) -> SavedView:
    try:
        return saved_views.get_visible(db_session(), current_db_user(), view_id)
    except saved_views.ViewNotFound:
        abort(404)


@bp.post("/views/<int:view_id>")
@login_required
def edit_view(view_id: int):
    _view_or_404(view_id)
    form = EditViewForm()
    target = url_for("search.views_page")
    if not form.validate_on_submit():
        flash(_("Not saved: %(reason)s", reason=" ".join(str(e) for errs in form.errors.values() for e in errs)), "error")
        return redirect(target)
    try:
        view = saved_views.update(db_session(), current_db_user(), view_id, form.name.data, form.share.data,
                                  form.on_dashboard.data)
        db_session().commit()
    except saved_views.SavedViewError as exc:
        return _refuse(exc, target)
    flash(_("Saved search '%(name)s' updated.", name=view.name), "success")
    return redirect(target)


@bp.post("/views/<int:view_id>/delete")
@login_required
def delete_view(view_id: int):
    _view_or_404(view_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        name = saved_views.delete(db_session(), current_db_user(), view_id)
        db_session().commit()
    except saved_views.SavedViewError as exc:
        return _refuse(exc, url_for("search.views_page"))
    flash(_("Saved search '%(name)s' deleted.", name=name), "success")
    return redirect(url_for("search.views_page"))
