"""Request-scoped database session and the permission helpers every view uses.

Permissions are checked on the server for every page, API call and download. A letter
the user may not read answers 404, exactly like a letter that does not exist.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy.orm import Session

from app.models import Document, DocumentStatus, User
from app.runtime import Runtime
from app.services import sessions
from app.services.access import can_read, context_for
from search.access import AccessContext

GONE_STATUSES = {DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value}
# The cookie's key for the server-side session id (app.services.sessions).
SESSION_ID_KEY = "lontar_sid"


def current_runtime() -> Runtime:
    return current_app.extensions["lontar"].runtime


def current_settings():
    """The app's settings (may carry overrides of the runtime's)."""
    return current_app.extensions["lontar"].settings


def db_session() -> Session:
    """The request's SQLAlchemy session (closed, i.e. rolled back if not committed, at teardown)."""
    if "db" not in g:
        g.db = current_runtime().sessions()
    return g.db


def release_db() -> None:
    """End the request session's transaction before calling code that opens its own.

    SQLite transactions start with BEGIN IMMEDIATE (a write lock), so a second session in
    the same request would wait for ours. Loaded objects stay usable (expire_on_commit off).
    """
    if "db" in g:
        g.db.commit()


def close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


class LoginUser(UserMixin):
    """Flask-Login's view of a ``User`` row; attribute reads go to the row."""

    def __init__(self, user: User):
        self.user = user

    def get_id(self) -> str:
        return str(self.user.id)

    @property
    def is_active(self) -> bool:
        return bool(self.user.active)

    def __getattr__(self, name: str):
        return getattr(self.__dict__["user"], name)


def load_user(user_id: str) -> LoginUser | None:
    """The user of this browser session, if its server-side session is still live."""
    if not user_id.isdigit():
        return None
    db = db_session()
    live_id, wrote = sessions.live_user_id(db, session.get(SESSION_ID_KEY), current_app.permanent_session_lifetime)
    if wrote:
        db.commit()
    if live_id != int(user_id):
        return None
    user = db.get(User, live_id)
    return LoginUser(user) if user is not None and user.active else None


def begin_session(user: User) -> None:
    """Log ``user`` in on a fresh cookie bound to a new server-side session."""
    session.clear()  # no session fixation: nothing of the anonymous session carries over
    session[SESSION_ID_KEY] = sessions.start(db_session(), user.id, request.remote_addr or "")
    db_session().commit()
    login_user(LoginUser(user))


def end_session() -> None:
    """Log out this browser: its server-side session ends, so a copy of the cookie is useless."""
    sessions.end(db_session(), session.get(SESSION_ID_KEY))
    db_session().commit()
    logout_user()
    session.clear()


def current_db_user() -> User | None:
    """The logged-in ``User`` row (session or API token), or None."""
    if not current_user.is_authenticated:
        return None
    return current_user.user


def _is_api_request() -> bool:
    return request.path.startswith("/api/")


def _refuse_anonymous():
    if _is_api_request():
        from app.web.api.v1 import api_error

        return api_error("unauthorized", "Log in or send an API token (Authorization: Bearer <token>).", 401)
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _refuse_anonymous()
        return view(*args, **kwargs)

    return wrapper


def roles_required(*roles: str) -> Callable:
    """Only users holding one of ``roles`` (values of ``app.models.Role``); others get 403."""
    allowed = {getattr(r, "value", r) for r in roles}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return _refuse_anonymous()
            if current_user.user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def has_role(*roles: str) -> bool:
    allowed = {getattr(r, "value", r) for r in roles}
    return current_user.is_authenticated and current_user.user.role in allowed


def current_access() -> AccessContext:
    """What the current user may read (cached for the request)."""
    if "lontar_access" not in g:
        user = current_db_user()
        if user is None:
            abort(401)
        g.lontar_access = context_for(db_session(), user, current_settings().restrict_to_unit)
    return g.lontar_access


def get_readable_document_or_404(doc_id: int) -> Document:
    """The document if it exists, is not discarded/destroyed and the user may read it; else 404."""
    doc = db_session().get(Document, doc_id) if 0 < doc_id < 2**62 else None
    if doc is None or doc.status in GONE_STATUSES or not can_read(db_session(), current_access(), doc):
        abort(404)
    return doc
