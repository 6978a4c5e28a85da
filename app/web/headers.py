"""Security headers on every response, and Secure cookies whenever the request came over HTTPS.

Pages may run only the app's own scripts and styles: an inline ``<script>`` needs the
request's nonce (``<script nonce="{{ csp_nonce() }}">``); inline ``style=""`` attributes
are not applied (use a class in lontar.css). No page may be framed by any site.
"""
from __future__ import annotations

import secrets

from flask import Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000"
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def csp_nonce() -> str:
    """This response's script nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str | None) -> str:
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    return "; ".join((
        "default-src 'self'", f"script-src {scripts}", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ))


def _set_headers(response):
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", content_security_policy(g.get("csp_nonce")))
    elif response.mimetype == "application/pdf":
        # The browser's own PDF viewer runs inside the response: only forbid framing it.
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
    else:
        # Images, JSON, CSV: nothing to run, and no other site may embed them.
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when configured or when this request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def init_app(app: Flask, trusted_proxies: int = 0) -> None:
    if trusted_proxies:
        # Behind a reverse proxy: the client's address (login limits) and the scheme (Secure cookies, HSTS).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies, x_host=trusted_proxies)
    app.session_interface = SessionInterface()
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
