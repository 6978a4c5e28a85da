"""Admin page: the office's standard instructions, the deadline per urgency, the letterhead of its forms."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Urgensi
from app.services import office_settings
from app.web.disposition import bp
from app.web.domain_messages import localize
from app.web.navigation import add_nav_item
from app.web.permissions import ADMIN
from app.web.security import current_db_user, db_session, roles_required

add_nav_item("disposition.settings", _l("Disposition rules"), roles=[ADMIN], order=90)


def _page(status: int = 200):
    session = db_session()
    return render_template(
        "disposition/settings.html",
        instructions=office_settings.instructions(session),
        deadlines=office_settings.deadline_table(session),
        urgencies=[u.value for u in Urgensi],
        letterhead=office_settings.letterhead(session),
    ), status


def _apply(change) -> tuple | object:
    """Run one change; commit and go back to the page, or show the refusal."""
    try:
        change(db_session(), current_db_user())
    except office_settings.SettingsRefused as exc:
        db_session().rollback()
        flash(_("Not done: %(reason)s", reason=localize(exc)), "error")
        return _page(400)
    db_session().commit()
    flash(_("Saved."), "success")
    return redirect(url_for("disposition.settings"))


@bp.get("/settings", endpoint="settings")
@roles_required(ADMIN)
def settings_page():
    return _page()


@bp.post("/settings/instructions", endpoint="settings_add_instruction")
@roles_required(ADMIN)
def add_instruction():
    label = request.form.get("label", "")
    return _apply(lambda s, actor: office_settings.add_instruction(s, actor, label))


@bp.post("/settings/instructions/<int:option_id>", endpoint="settings_toggle_instruction")
@roles_required(ADMIN)
def toggle_instruction(option_id: int):
    if not 0 < option_id < 2**62:  # no row has such an id; the database driver would overflow
        abort(404)
    active = request.form.get("active") == "1"
    return _apply(lambda s, actor: office_settings.set_instruction_active(s, actor, option_id, active))


@bp.post("/settings/deadlines", endpoint="settings_deadlines")
@roles_required(ADMIN)
def set_deadlines():
    days: dict[str, int] = {}
    for urgensi in (u.value for u in Urgensi):
        raw = request.form.get(urgensi, "").strip()
        if not raw.isdigit():
            flash(_("Not done: %(reason)s", reason=_("each deadline must be a whole number of days")), "error")
            return _page(400)
        days[urgensi] = int(raw)
    return _apply(lambda s, actor: office_settings.set_deadline_table(s, actor, days))


@bp.post("/settings/letterhead", endpoint="settings_letterhead")
@roles_required(ADMIN)
def set_letterhead():
    form = request.form
    return _apply(lambda s, actor: office_settings.set_letterhead(
        s, actor, form.get("government", ""), form.get("agency", ""), form.get("address", "")))
