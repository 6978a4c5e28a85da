"""The factory, login, CSRF, rate limit, languages, cookies and error pages."""
from __future__ import annotations

from app.migrate import upgrade
from app.runtime import Runtime
from app.services.login_limits import Limit
from app.services.users import issue_token
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_org
from tests.web.conftest import csrf_from, csrf_token, login


def test_two_differently_configured_apps_live_in_one_process(tmp_path):
    one = create_app(make_settings(tmp_path / "one"), TESTING=True)
    two = create_app(make_settings(tmp_path / "two", LONTAR_MAX_UPLOAD_MB=3), max_upload_mb=7)
    assert one.config["MAX_CONTENT_LENGTH"] == 100 * 1024 * 1024
    assert two.config["MAX_CONTENT_LENGTH"] == 7 * 1024 * 1024
    assert one.extensions["lontar"].runtime is not two.extensions["lontar"].runtime
    # No side effects: building the app created no database.
    assert not (tmp_path / "one" / "lontar.sqlite").exists()


def test_login_page_and_redirect_for_anonymous(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get("/login")
    assert page.status_code == 200 and "Masuk" in page.get_data(as_text=True)


def test_login_wrong_password_is_refused_with_message(client):
    response = login(client, "staf", "wrong-password")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_login_then_logout(client):
    response = login(client, "staf")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    out = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert out.status_code == 302
    assert client.get("/").status_code == 302


def test_login_next_never_leaves_the_site(client):
    page = client.get("/login?next=//evil.example/x")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/login?next=//evil.example/x", data={"username": "staf", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "staf", "password": PASSWORD})
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)


def test_login_is_rate_limited(tmp_path):
    settings = make_settings(tmp_path / "d")
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        make_org(s)
    app = create_app(settings, runtime=runtime, LOGIN_ACCOUNT_LIMIT=Limit(3, 60))
    client = app.test_client()
    codes = [login(client, "staf", "wrong-password").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    # Blocked means blocked: the right password is refused too until the window passes.
    assert "Terlalu banyak percobaan" in login(client, "staf").get_data(as_text=True)
    runtime.close()


def test_language_switch_is_remembered_for_the_user(app, as_user):
    client = as_user("kasi")
    assert "Dasbor" in client.get("/").get_data(as_text=True)
    client.post("/language/en", data={"csrf_token": csrf_token(client), "next": "/"})
    assert "Dashboard" in client.get("/").get_data(as_text=True)
    # A new session of the same user gets English too: the choice is stored on the user.
    again = as_user("kasi")
    assert "Dashboard" in again.get("/").get_data(as_text=True)
    again.post("/language/id", data={"csrf_token": csrf_token(again)})
    assert "Dasbor" in again.get("/").get_data(as_text=True)
    assert again.post("/language/fr", data={"csrf_token": csrf_token(again)}).status_code == 404


def test_session_cookie_flags(tmp_path):
    settings = make_settings(tmp_path / "d")
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        make_org(s)
    app = create_app(settings, runtime=runtime, secure_cookies=True)
    response = app.test_client().get("/login")
    header = " ".join(response.headers.getlist("Set-Cookie"))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" in header
    runtime.close()


def test_unknown_page_is_a_friendly_404(as_user):
    response = as_user("staf").get("/no/such/page")
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json["error"]["code"] == "invalid_token"


def test_api_accepts_a_token(app, world):
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        from app.models import User
        from sqlalchemy import select

        token = issue_token(s, s.scalar(select(User).where(User.username == "staf")), "test")
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json["username"] == "staf"


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.") and doc["paths"]
