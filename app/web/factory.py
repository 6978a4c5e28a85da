"""The Flask application factory.

``create_app(settings)`` builds everything from the settings passed in: no config read at
import, no migrations, no network. Two differently configured apps can live in one
process (tests do this).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import redis
from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from app.runtime import Runtime
from app.services.login_limits import ACCOUNT_LIMIT, ADDRESS_LIMIT, DatabaseStore, LoginLimits, RedisStore, namespace_for
from app.web import audit_display, errors, headers, labels, navigation, security
from app.web.permissions import role_label
from app.web.extensions import babel, csrf, login_manager
from config import Settings, load_settings, require_secret_key

APP_DIR = Path(__file__).resolve().parent.parent
from app.web.factory_helpers import LANGUAGES


@dataclass
class LontarState:
    """What the app carries for its views: ``app.extensions["lontar"]``."""

    settings: Settings
    runtime: Runtime
    limiter: Limiter
    login_limits: LoginLimits | None = None


def _blueprints():
    from app.web.admin import bp as admin_bp
    from app.web.api.v1 import bp as api_bp, load_resources
    from app.web.auth import bp as auth_bp
    from app.web.dashboard import bp as dashboard_bp
    from app.web.disposition import bp as disposition_bp
    from app.web.documents import bp as documents_bp
    from app.web.retention import bp as retention_bp
    from app.web.search import bp as search_bp

    load_resources()
    return [auth_bp, dashboard_bp, documents_bp, search_bp, admin_bp, api_bp, disposition_bp, retention_bp]


def _config(settings: Settings) -> dict:
    return {
        "SECRET_KEY": require_secret_key(settings),
        "MAX_CONTENT_LENGTH": settings.max_upload_mb * 1024 * 1024,
        # A single form field (not a file) over 1 MB is refused with 413.
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": settings.secure_cookies,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "BABEL_DEFAULT_LOCALE": settings.default_language if settings.default_language in LANGUAGES else "id",
        "BABEL_TRANSLATION_DIRECTORIES": str(APP_DIR / "translations"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "JSON_SORT_KEYS": False,
        "LOGIN_ACCOUNT_LIMIT": ACCOUNT_LIMIT,  # failed logins per account (app.services.login_limits.Limit)
        "LOGIN_ADDRESS_LIMIT": ADDRESS_LIMIT,  # failed logins per client address
    }


def select_locale() -> str:
    # Scripts calling the JSON API choose per request (Accept-Language: en); pages keep the
    # person's choice, so a browser set to English does not override Indonesian by default.
    if request.path.startswith("/api/") and request.accept_languages:
        asked = request.accept_languages.best_match(LANGUAGES)
        if asked:
            return asked
    user = security.current_db_user()
    if user is not None and user.language in LANGUAGES:
        return user.language
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    from flask import current_app

    return current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(settings: Settings | None = None, runtime: Runtime | None = None, **overrides) -> Flask:
    """Build the app. ``overrides``: UPPERCASE keys are Flask config, lowercase ones Settings fields."""
    flask_overrides = {k: v for k, v in overrides.items() if k.isupper()}
    settings_overrides = {k: v for k, v in overrides.items() if not k.isupper()}
    settings = settings or (runtime.settings if runtime else load_settings())
    if settings_overrides:
        settings = settings.with_overrides(**settings_overrides)
    runtime = runtime or Runtime(settings)

    app = Flask(__name__, template_folder=str(APP_DIR / "templates"), static_folder=str(APP_DIR / "static"))
    app.config.update(_config(settings))
    app.config.update(flask_overrides)

    limiter = Limiter(key_func=get_remote_address, storage_uri=app.config["RATELIMIT_STORAGE_URI"])
    app.extensions["lontar"] = LontarState(settings=settings, runtime=runtime, limiter=limiter)
    _init_extensions(app, limiter)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    # The API checks CSRF itself: required for browser-session writes, not for Bearer tokens.
    csrf.exempt(app.blueprints["api_v1"])
    app.extensions["lontar"].login_limits = _login_limits(app, settings, runtime)
    headers.init_app(app, settings.trusted_proxies)
    errors.register_error_handlers(app)
    app.teardown_appcontext(security.close_db)
    app.context_processor(_template_globals)
    app.jinja_env.globals.update(labels.TEMPLATE_HELPERS)  # also visible inside imported macros
    app.jinja_env.globals.update(audit_display.TEMPLATE_HELPERS)
    return app


def _init_extensions(app: Flask, limiter: Limiter) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(security.load_user)
    login_manager.request_loader(_load_user_from_token)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)


def _load_user_from_token(req):
    """API scripts and scanners: ``Authorization: Bearer <token>`` on /api/ paths only."""
    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.startswith("Bearer "):
        return None
    from flask import g

    from app.services.users import user_for_token

    user = user_for_token(security.db_session(), header[len("Bearer "):].strip())
    if user is None:
        g.lontar_bad_token = True
        return None
    g.lontar_auth_via = "token"
    return security.LoginUser(user)


def _login_limits(app: Flask, settings: Settings, runtime: Runtime) -> LoginLimits:
    """Failed-login counts shared by every worker: in Redis when the broker is Redis, else the database."""
    database = DatabaseStore(lambda: runtime.sessions())  # lazily: building the app touches no database
    primary, fallback = database, None
    if settings.broker_url and settings.broker_url.startswith(("redis://", "rediss://")):
        client = redis.Redis.from_url(settings.broker_url, socket_timeout=2, socket_connect_timeout=2)
        primary, fallback = RedisStore(client, namespace_for(settings.database_url)), database
    return LoginLimits(primary, fallback, account=app.config["LOGIN_ACCOUNT_LIMIT"],
                       address=app.config["LOGIN_ADDRESS_LIMIT"])


def _template_globals() -> dict:
    return {
        "nav_items": navigation.visible_items(),
        "current_locale": str(get_locale() or "id"),
        "languages": LANGUAGES,
        "has_role": security.has_role,
        "role_label": role_label,
        "max_upload_mb": current_app.extensions["lontar"].settings.max_upload_mb,
        "view_endpoints": current_app.view_functions,
    }
