"""Security headers (issue 15 item 10): CSP without inline code, no framing, nosniff,
Referrer-Policy; Secure cookies and HSTS when the request came over HTTPS."""
from __future__ import annotations

import re

import pytest

from tests.security.accounts_env import accounts_app, logged_in



@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with accounts_app(tmp_path_factory.mktemp("headers") / "data") as (app, runtime):
        yield app, runtime


def _policy(response) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in response.headers["Content-Security-Policy"].split(";"))
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def test_every_response_forbids_framing_and_sniffing(env):
    app, _runtime = env
    admin = logged_in(app, "admin")
    for client, path in ((app.test_client(), "/login"), (admin, "/"), (admin, "/api/v1/me"),
                         (admin, "/static/lontar.css"), (app.test_client(), "/no/such/page")):
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert _policy(response)["frame-ancestors"] == "'none'", path


def _pages(app) -> list[str]:
    """Every HTML page without a path parameter (plus a search with results)."""
    paths = sorted(r.rule for r in app.url_map.iter_rules()
                   if "GET" in r.methods and not r.arguments and not r.rule.startswith(("/api/", "/static")))
    return [*paths, "/search/?q=rapat"]


def test_pages_run_only_their_own_scripts_and_styles(env):
    app, _runtime = env
    admin = logged_in(app, "admin")
    pages = 0
    for path in _pages(app):
        response = admin.get(path)
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        pages += 1
        policy, html = _policy(response), response.get_data(as_text=True)
        assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'", path
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'", path
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"], path
        # Inline styles would be ignored by the browser: there must be none.
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        for attrs in re.findall(r"<script([^>]*)>", html):
            if "src=" in attrs or 'type="application/json"' in attrs:
                continue
            nonce = re.search(r'nonce="([^"]+)"', attrs)
            assert nonce and f"'nonce-{nonce.group(1)}'" in policy["script-src"], (path, attrs)
    assert pages > 15


def test_each_response_has_its_own_nonce(env):
    app, _runtime = env
    admin = logged_in(app, "admin")
    nonces = {_policy(admin.get("/search/?q=rapat"))["script-src"] for _ in range(2)}
    assert len(nonces) == 2


def test_cookies_are_secure_and_hsts_is_sent_over_https(env):
    app, _runtime = env
    plain = app.test_client().get("/login")
    assert "Secure" not in " ".join(plain.headers.getlist("Set-Cookie"))
    assert "Strict-Transport-Security" not in plain.headers
    tls = app.test_client().get("/login", base_url="https://lontar.example")
    assert "Secure" in " ".join(tls.headers.getlist("Set-Cookie"))
    assert tls.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_trusted_proxy_the_forwarded_scheme_counts(tmp_path):
    with accounts_app(tmp_path / "data", LONTAR_TRUSTED_PROXIES="1") as (app, _runtime):
        response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in " ".join(response.headers.getlist("Set-Cookie"))
    with accounts_app(tmp_path / "other", ) as (app, _runtime):
        response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" not in " ".join(response.headers.getlist("Set-Cookie"))  # not believed by default
