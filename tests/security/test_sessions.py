"""Sessions end for good (issue 15 item 6): a copy of the cookie taken before logout, a
password change, a deactivation or "log out everywhere" no longer logs anyone in."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from app.models import UserSession
from tests.factories import PASSWORD
from tests.security.accounts_env import accounts_app, logged_in, page_token, user_named

NEW_PASSWORD = "kata-sandi-baru-2024"


@pytest.fixture
def env(tmp_path):
    with accounts_app(tmp_path / "data") as (app, runtime):
        yield app, runtime


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A new browser that only has a copy of ``cookie``: what an attacker who captured it holds."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _is_logged_in(client) -> bool:
    return client.get("/documents/").status_code == 200


def test_a_cookie_copied_before_logout_is_worthless_after_it(env):
    app, _runtime = env
    client = logged_in(app, "staf")
    captured = _cookie(client)
    assert _is_logged_in(_replay(app, captured))  # the copy works while the session lives
    assert client.post("/logout", data={"csrf_token": page_token(client)}).status_code == 302
    thief = _replay(app, captured)
    response = thief.get("/documents/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert thief.get("/api/v1/me").status_code == 401


def test_logout_ends_only_that_browser(env):
    app, _runtime = env
    office, home = logged_in(app, "staf"), logged_in(app, "staf")
    office.post("/logout", data={"csrf_token": page_token(office)})
    assert not _is_logged_in(office) and _is_logged_in(home)


def test_changing_the_password_ends_every_other_session(env):
    app, _runtime = env
    here, elsewhere = logged_in(app, "kasi"), logged_in(app, "kasi")
    captured = _cookie(here)
    response = here.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                                      "csrf_token": page_token(here, "/account")})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Kata sandi Anda telah diganti" in here.get("/account").get_data(as_text=True)
    assert _is_logged_in(here)  # the browser that changed it continues, on a new session
    assert not _is_logged_in(elsewhere)
    assert not _is_logged_in(_replay(app, captured))  # its own old cookie is dead too
    logged_in(app, "kasi", NEW_PASSWORD)


def test_deactivation_ends_the_users_sessions(env):
    app, runtime = env
    victim, admin = logged_in(app, "staf"), logged_in(app, "admin")
    staf = user_named(runtime, "staf")
    response = admin.post(f"/admin/users/{staf.id}", data={"role": "staf", "full_name": staf.full_name,
                                                            "csrf_token": page_token(admin, "/admin/users")})
    assert response.status_code == 302
    assert not _is_logged_in(victim)
    with runtime.session_scope() as s:
        reasons = s.scalars(select(UserSession.end_reason).where(UserSession.user_id == staf.id)).all()
    assert reasons == ["deactivated"]


def test_log_out_everywhere(env):
    app, runtime = env
    phone, desk = logged_in(app, "kabid_a"), logged_in(app, "kabid_a")
    other_user = logged_in(app, "kasi")
    captured = _cookie(phone)
    response = desk.post("/account/logout-everywhere", data={"csrf_token": page_token(desk, "/account")})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not _is_logged_in(phone) and not _is_logged_in(desk) and not _is_logged_in(_replay(app, captured))
    assert _is_logged_in(other_user)
    assert desk.post("/account/logout-everywhere").status_code in (302, 400)  # no CSRF, no session: nothing happens


def test_admin_password_reset_ends_the_users_sessions(env):
    app, runtime = env
    victim, admin = logged_in(app, "staf"), logged_in(app, "admin")
    staf = user_named(runtime, "staf")
    response = admin.post("/admin/users/password", data={"user_id": str(staf.id), "password": NEW_PASSWORD,
                                                         "csrf_token": page_token(admin, "/admin/users")})
    assert response.status_code == 302
    assert not _is_logged_in(victim)
    logged_in(app, "staf", NEW_PASSWORD)


def test_a_session_expires_on_the_server_after_its_lifetime(env):
    app, runtime = env
    client = logged_in(app, "staf")
    assert _is_logged_in(client)
    with runtime.session_scope() as s:
        for row in s.scalars(select(UserSession)):
            row.created_at = row.created_at - app.permanent_session_lifetime - timedelta(minutes=1)
    assert not _is_logged_in(client)
    with runtime.session_scope() as s:
        assert s.scalars(select(UserSession.end_reason)).all() == ["expired"]


def test_a_forged_cookie_without_a_live_session_logs_nobody_in(env):
    """Even someone who knows the key (or the old development key) cannot invent a session."""
    app, runtime = env
    admin = user_named(runtime, "admin")
    for key in (app.secret_key, "dev-insecure-change-me"):
        signed = _sign(app, key, {"_user_id": str(admin.id), "_fresh": True, "lontar_sid": "made-up"})
        assert not _is_logged_in(_replay(app, signed)), key


def _sign(app, key: str, data: dict) -> str:
    original = app.secret_key
    app.secret_key = key
    try:
        return SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)
    finally:
        app.secret_key = original


def test_an_admin_logs_a_user_out_everywhere_and_only_an_admin_may(env):
    app, runtime = env
    laptop, admin, colleague = logged_in(app, "staf"), logged_in(app, "admin"), logged_in(app, "kasi")
    staf = user_named(runtime, "staf")
    refused = colleague.post("/admin/users/sessions/end", data={"user_id": str(staf.id), "csrf_token": page_token(colleague)})
    assert refused.status_code == 403 and _is_logged_in(laptop)
    response = admin.post("/admin/users/sessions/end", data={"user_id": str(staf.id),
                                                             "csrf_token": page_token(admin, "/admin/users")})
    assert response.status_code == 302
    assert "staf telah dikeluarkan dari semua perangkat" in admin.get("/admin/users").get_data(as_text=True)
    assert not _is_logged_in(laptop) and _is_logged_in(admin)
    logged_in(app, "staf")  # the password is unchanged: the user simply logs in again
