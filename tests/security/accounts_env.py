"""An archive with the test organisation and a web app on it, for the accounts tests."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select

from app.migrate import upgrade
from app.models import User
from app.runtime import Runtime
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_org
from tests.web.conftest import csrf_from, login


@contextmanager
def accounts_app(data_dir, **overrides):
    """(app, runtime) on a fresh migrated archive holding tests.factories.make_org's users."""
    settings = make_settings(data_dir, **{k: v for k, v in overrides.items() if k.startswith(("LONTAR_", "BROKER"))})
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        make_org(s)
    flask_config = {k: v for k, v in overrides.items() if not k.startswith(("LONTAR_", "BROKER"))}
    app = create_app(settings, runtime=runtime, TESTING=True, **flask_config)
    try:
        yield app, runtime
    finally:
        runtime.close()


def logged_in(app, username: str, password: str | None = None):
    client = app.test_client()
    response = login(client, username, password or PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return client


def page_token(client, path: str = "/") -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


def user_named(runtime, username: str) -> User:
    with runtime.session_scope() as s:
        user = s.scalar(select(User).where(User.username == username))
        s.expunge(user)
        return user
