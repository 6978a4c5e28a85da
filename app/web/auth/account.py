"""The user's own account: change the password, log out everywhere."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from app.services.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from app.services.users import UserError, change_own_password, end_all_sessions
from app.web.auth import bp
from app.web.domain_messages import localize
from app.web.security import begin_session, current_db_user, db_session, end_session, login_required

REQUIRED = _l("This field is required.")


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED), Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), Length(max=MAX_PASSWORD_LENGTH)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(REQUIRED), EqualTo("new", _l("The two new passwords differ."))])


def _page(form: PasswordForm, status: int = 200):
    return render_template("auth/account.html", form=form, min_length=MIN_PASSWORD_LENGTH), status


@bp.get("/account")
@login_required
def account():
    return _page(PasswordForm(formdata=None))


@bp.post("/account/password")
@login_required
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    user = current_db_user()
    try:
        change_own_password(db_session(), user, form.current.data, form.new.data)
    except UserError as exc:
        db_session().rollback()
        form.new.errors = [localize(exc)]
        return _page(form, 400)
    db_session().commit()
    # Every session of the account ended with the change; this browser continues on a new one.
    begin_session(user)
    flash(_("Your password was changed. Other devices were logged out."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    # The form's CSRF token is checked by CSRFProtect, like every POST.
    end_all_sessions(db_session(), current_db_user())
    end_session()
    flash(_("You were logged out on every device, including this one."), "info")
    return redirect(url_for("auth.login"))
