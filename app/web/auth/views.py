from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.services.users import authenticate
from app.web.auth import bp
from app.web.factory_helpers import LANGUAGES
from app.web.security import begin_session, db_session, end_session, login_required, release_db


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("This field is required.")), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect to another site after login.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        return _attempt_login(form)
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


def _attempt_login(form: LoginForm):
    username, address = form.username.data.strip(), request.remote_addr or ""
    limits = current_app.extensions["lontar"].login_limits
    release_db()  # the limits' database store writes in its own transaction
    if limits.blocked(username, address):
        flash(_("Too many failed attempts. Wait %(minutes)s minutes and try again, or ask an administrator.",
                minutes=limits.window_minutes()), "error")
        return render_template("auth/login.html", form=form), 429
    user = authenticate(db_session(), username, form.password.data)
    if user is None:
        release_db()
        limits.failed(username, address)
        flash(_("Wrong username or password."), "error")
        return render_template("auth/login.html", form=form), 401
    begin_session(user)
    if user.language in LANGUAGES:
        session["lang"] = user.language
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
@login_required
def logout():
    end_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.user.language = code
        db_session().commit()
    return redirect(_safe_next(request.form.get("next") or request.referrer and urlsplit(request.referrer).path))
