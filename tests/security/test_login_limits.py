"""Login limits (issue 15 item 9): per account and per address, counted in a store every
web worker shares (Redis when it is the broker, else the database), so two app instances
(two gunicorn workers, two machines) see one count."""
from __future__ import annotations

import pytest
import redis
from sqlalchemy import func, select

from app.models import LoginFailure
from app.services.login_limits import Limit, namespace_for
from app.web.factory import create_app
from tests.security.accounts_env import accounts_app
from tests.web.conftest import login

LIMITS = {"LOGIN_ACCOUNT_LIMIT": Limit(4, 600), "LOGIN_ADDRESS_LIMIT": Limit(6, 600)}


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _two_workers(app, runtime):
    """A second app on the same archive and settings: what a second gunicorn worker is."""
    return create_app(runtime.settings, TESTING=True, **LIMITS)


def _check_shared_limits(one, two):
    # Per account: 2 failures on each worker (from two addresses) block the account on both.
    for app, address in ((one, "10.0.0.1"), (two, "10.0.0.2"), (one, "10.0.0.3"), (two, "10.0.0.4")):
        assert login(_client(app, address), "staf", "salah-sekali-1").status_code == 401
    for app in (one, two):
        blocked = login(_client(app, "10.0.0.9"), "staf")  # even the right password, from a new address
        assert blocked.status_code == 429 and "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
    # A colleague behind the same address as the attacker still logs in.
    assert login(_client(two, "10.0.0.1"), "kasi").status_code == 302
    # Per address: failures on several accounts from one address block that address on both workers.
    for i, app in enumerate((one, two, one, two, one, two)):
        assert login(_client(app, "10.0.0.66"), f"nobody{i}", "salah-sekali-1").status_code == 401
    assert login(_client(two, "10.0.0.66"), "kabid_a").status_code == 429
    assert login(_client(one, "10.0.0.67"), "kabid_a").status_code == 302


def test_limits_are_shared_through_the_database(tmp_path):
    with accounts_app(tmp_path / "data", **LIMITS) as (one, runtime):
        _check_shared_limits(one, _two_workers(one, runtime))
        with runtime.session_scope() as s:
            assert s.scalar(select(func.count(LoginFailure.id))) == 2 * (4 + 6)  # account and address rows


@pytest.mark.redis
def test_limits_are_shared_through_redis(tmp_path, redis_url):
    with accounts_app(tmp_path / "data", BROKER_URL=redis_url, **LIMITS) as (one, runtime):
        _check_shared_limits(one, _two_workers(one, runtime))
        client = redis.Redis.from_url(redis_url)
        keys = client.keys(f"lontar:{namespace_for(runtime.settings.database_url)}:login:*")
        assert b"lontar:" + namespace_for(runtime.settings.database_url).encode() + b":login:account:staf" in keys
        with runtime.session_scope() as s:
            assert s.scalar(select(func.count(LoginFailure.id))) == 0  # Redis held the counts
        client.delete(*keys)


def test_an_unreachable_redis_falls_back_to_the_database(tmp_path):
    # Port 1 refuses connections at once: the broker is "down" when someone tries to log in.
    with accounts_app(tmp_path / "data", BROKER_URL="redis://127.0.0.1:1/0", **LIMITS) as (one, runtime):
        for _ in range(4):
            assert login(_client(one, "10.0.0.1"), "staf", "salah-sekali-1").status_code == 401
        assert login(_client(one, "10.0.0.1"), "staf").status_code == 429
        with runtime.session_scope() as s:
            assert s.scalar(select(func.count(LoginFailure.id))) == 8


def test_a_successful_login_does_not_count(tmp_path):
    with accounts_app(tmp_path / "data", **LIMITS) as (one, _runtime):
        for _ in range(8):
            assert login(_client(one, "10.0.0.1"), "staf").status_code == 302
