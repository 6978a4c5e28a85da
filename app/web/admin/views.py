"""Users, roles, units and positions. Writes go through app.services.users / org."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.models import Position, Role, Unit, User
from app.services import org as org_service
from app.services.users import MIN_PASSWORD_LENGTH, UserError, create_user, end_all_sessions, reset_password, update_user
from app.web.admin import bp
from app.web.domain_messages import localize
from app.web.errors import abort_with
from app.web.permissions import ADMIN_ROLES
from app.web.security import current_db_user, db_session, roles_required

MAX_FIELD = 200
MAX_ID = 2**62  # larger numbers are no row's id (and overflow the database driver)


def _field(name: str, required: bool = True) -> str:
    value = (request.form.get(name) or "").strip()
    if len(value) > MAX_FIELD:
        raise UserError(_("%(field)s is too long (at most %(n)s characters).", field=name, n=MAX_FIELD))
    if required and not value:
        raise UserError(_("%(field)s is required.", field=name))
    return value


def _optional_id(name: str, model) -> int | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or _get(model, int(raw)) is None:
        raise UserError(_("%(field)s: no such entry.", field=name))
    return int(raw)


def _get(model, object_id: int):
    return db_session().get(model, object_id) if 0 < object_id < MAX_ID else None


def _save(action, success: str, endpoint: str):
    try:
        action()
        db_session().commit()
        flash(success, "success")
    except (UserError, org_service.OrgError) as exc:
        db_session().rollback()
        flash(localize(exc), "error")
    return redirect(url_for(endpoint))


def _lists() -> dict:
    s = db_session()
    return {
        "users": s.scalars(select(User).order_by(User.username)).all(),
        "units": s.scalars(select(Unit).order_by(Unit.code)).all(),
        "positions": s.scalars(select(Position).order_by(Position.unit_id, Position.name)).all(),
        "roles": [r.value for r in Role],
        "min_password": MIN_PASSWORD_LENGTH,
    }


@bp.get("/users")
@roles_required(*ADMIN_ROLES)
def users():
    return render_template("admin/users.html", **_lists())


@bp.post("/users")
@roles_required(*ADMIN_ROLES)
def create_user_post():
    def action():
        create_user(db_session(), _field("username"), request.form.get("password") or "", _field("role"),
                    full_name=_field("full_name", required=False), position_id=_optional_id("position_id", Position),
                    actor=current_db_user(), nip=_field("nip", required=False))
    return _save(action, _("User created."), "admin.users")


@bp.post("/users/<int:user_id>")
@roles_required(*ADMIN_ROLES)
def update_user_post(user_id: int):
    user = _get(User, user_id)
    if user is None:
        abort_with(404, _("No such user."))

    def action():
        update_user(db_session(), user, role=_field("role"), active=request.form.get("active") == "on",
                    full_name=_field("full_name", required=False), actor=current_db_user(),
                    nip=_field("nip", required=False))
        position_id = _optional_id("position_id", Position)
        if position_id != user.position_id:
            org_service.assign_holder(db_session(), current_db_user(), user, position_id)
    return _save(action, _("User saved."), "admin.users")


def _chosen_user() -> User:
    raw = (request.form.get("user_id") or "").strip()
    user = _get(User, int(raw)) if raw.isdigit() else None
    if user is None:
        abort_with(404, _("No such user."))
    return user


@bp.post("/users/password")
@roles_required(*ADMIN_ROLES)
def reset_password_post():
    """Set a new password for a user who forgot theirs; all their sessions end."""
    user = _chosen_user()
    password = request.form.get("password") or ""
    return _save(lambda: reset_password(db_session(), user, password, actor=current_db_user()),
                 _("The password of %(user)s was set; they were logged out everywhere.", user=user.username),
                 "admin.users")


@bp.post("/users/sessions/end")
@roles_required(*ADMIN_ROLES)
def end_sessions_post():
    """Log a user out on every device (a lost laptop, a shared computer), without changing anything else."""
    user = _chosen_user()
    return _save(lambda: end_all_sessions(db_session(), user, actor=current_db_user()),
                 _("%(user)s was logged out on every device.", user=user.username), "admin.users")


@bp.get("/org")
@roles_required(*ADMIN_ROLES)
def org():
    return render_template("admin/org.html", **_lists())


@bp.post("/units")
@roles_required(*ADMIN_ROLES)
def create_unit_post():
    def action():
        org_service.create_unit(db_session(), current_db_user(), _field("code"), _field("name"),
                                _optional_id("parent_id", Unit))
    return _save(action, _("Unit created."), "admin.org")


@bp.post("/positions")
@roles_required(*ADMIN_ROLES)
def create_position_post():
    def action():
        unit_id = _optional_id("unit_id", Unit)
        if unit_id is None:
            raise UserError(_("%(field)s is required.", field="unit_id"))
        org_service.create_position(db_session(), current_db_user(), _field("name"), unit_id,
                                    _optional_id("parent_id", Position))
    return _save(action, _("Position created."), "admin.org")


@bp.post("/positions/<int:position_id>/acting")
@roles_required(*ADMIN_ROLES)
def set_acting_post(position_id: int):
    position = _get(Position, position_id)
    if position is None:
        abort_with(404, _("No such position."))

    def action():
        user_id = _optional_id("user_id", User)
        org_service.set_acting(db_session(), current_db_user(), position,
                               _get(User, user_id) if user_id else None)
    return _save(action, _("Acting official saved."), "admin.org")
