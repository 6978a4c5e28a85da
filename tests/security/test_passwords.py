"""Passwords and accounts (issue 15 item 8, issue 11): a length and common-password rule,
a change-password page, an admin reset, the last admin kept, sane usernames."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import User
from app.services.passwords import common_passwords
from app.services.users import UserError, create_user, update_user
from tests.factories import PASSWORD
from tests.security.accounts_env import accounts_app, logged_in, page_token, user_named

GOOD = "lumbung-padi-desa-7"


@pytest.fixture
def env(tmp_path):
    with accounts_app(tmp_path / "data") as (app, runtime):
        yield app, runtime


@pytest.mark.parametrize("password, reason", [
    ("12345678", "at least 12"), ("password", "at least 12"), ("rahasia-123", "at least 12"),
    ("password1234", "commonly used"), ("qwertyuiop123", "commonly used"), ("123456789012", "simple sequence"), ("0987654321098", "simple sequence"),
    ("PASSWORD1234", "commonly used"),  # the list is compared without case
    ("budi-santoso-99", "username"), ("aaaaaaaaaaaaaaaa", "different characters"), ("x" * 201, "at most 200"),
])
def test_weak_passwords_are_refused_with_the_reason(session, password, reason):
    with pytest.raises(UserError, match=reason):
        create_user(session, "budi-santoso", password, "staf")


def test_the_shipped_list_is_the_well_known_one():
    words = common_passwords()
    assert len(words) > 19_000 and {"password", "123456", "qwerty", "iloveyou"} <= words


def test_a_good_password_is_accepted(session):
    assert create_user(session, "budi", GOOD, "staf").id


@pytest.mark.parametrize("username", ["budi santoso", "budi😀", "", " ", "-budi", "b" * 81, "bu/di", "búdi"])
def test_usernames_with_spaces_or_emoji_are_refused_clearly(session, username):
    with pytest.raises(UserError, match="only letters a-z, digits"):
        create_user(session, username, GOOD, "staf")


def test_a_username_differing_only_in_case_is_taken(session):
    create_user(session, "Sari.Dewi", GOOD, "staf")
    with pytest.raises(UserError, match="taken"):
        create_user(session, "sari.dewi", GOOD, "staf")


def _change(client, current, new, confirm=None):
    return client.post("/account/password", data={"current": current, "new": new, "confirm": confirm or new,
                                                   "csrf_token": page_token(client, "/account")})


def test_change_password_page(env):
    app, _runtime = env
    client = logged_in(app, "staf")
    page = client.get("/account")
    assert page.status_code == 200 and "Ganti kata sandi" in page.get_data(as_text=True)
    wrong = _change(client, "not-my-password", GOOD)
    assert wrong.status_code == 400 and "kata sandi saat ini salah" in wrong.get_data(as_text=True)
    common = _change(client, PASSWORD, "password1234")
    assert common.status_code == 400 and "daftar kata sandi yang umum" in common.get_data(as_text=True)
    differ = _change(client, PASSWORD, GOOD, GOOD + "x")
    assert differ.status_code == 400 and "Kedua kata sandi baru tidak sama" in differ.get_data(as_text=True)
    no_csrf = client.post("/account/password", data={"current": PASSWORD, "new": GOOD, "confirm": GOOD})
    assert no_csrf.status_code == 400
    assert _change(client, PASSWORD, GOOD).status_code == 302
    logged_in(app, "staf", GOOD)
    assert app.test_client().post("/login", data={"username": "staf", "password": PASSWORD}).status_code in (400, 401)


def test_change_password_needs_a_login(env):
    app, _runtime = env
    response = app.test_client().get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_resets_a_password_and_only_an_admin_may(env):
    app, runtime = env
    staf = user_named(runtime, "staf")
    admin = logged_in(app, "admin")
    weak = admin.post("/admin/users/password", data={"user_id": str(staf.id), "password": "12345678",
                                                      "csrf_token": page_token(admin, "/admin/users")})
    assert "paling sedikit 12 karakter" in admin.get(weak.headers["Location"]).get_data(as_text=True)
    assert admin.post("/admin/users/password", data={"user_id": "999999", "password": GOOD,
                                                      "csrf_token": page_token(admin, "/admin/users")}).status_code == 404
    arsiparis = logged_in(app, "arsiparis")
    refused = arsiparis.post("/admin/users/password", data={"user_id": str(staf.id), "password": GOOD,
                                                             "csrf_token": page_token(arsiparis)})
    assert refused.status_code == 403
    logged_in(app, "staf")  # unchanged by the refused attempts


def test_the_last_active_admin_cannot_demote_or_deactivate_itself(env):
    app, runtime = env
    admin = logged_in(app, "admin")
    me = user_named(runtime, "admin")
    for data in ({"role": "staf", "active": "on"}, {"role": "admin"}):
        response = admin.post(f"/admin/users/{me.id}", data={**data, "full_name": me.full_name,
                                                             "csrf_token": page_token(admin, "/admin/users")})
        assert response.status_code == 302
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "administrator aktif terakhir" in page or "menonaktifkan akun Anda sendiri" in page
    with runtime.session_scope() as s:
        row = s.get(User, me.id)
        assert row.role == "admin" and row.active
        # Another admin makes the change possible; demoting oneself is then allowed.
        second = s.scalar(select(User).where(User.username == "arsiparis"))
        update_user(s, second, role="admin", actor=row)
        update_user(s, row, role="staf", actor=row)
        assert row.role == "staf"


def test_the_last_admin_guard_in_the_service(session):
    admin = create_user(session, "kepala-it", GOOD, "admin")
    with pytest.raises(UserError, match="last active administrator"):
        update_user(session, admin, role="staf", actor=admin)
    with pytest.raises(UserError, match="last active administrator"):
        update_user(session, admin, active=False, actor=None)
