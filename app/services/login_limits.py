"""Failed-login limits per account and per address, shared by every web worker.

Counts live in Redis when the broker is Redis, otherwise in the database: never in a
process's memory, so three gunicorn workers (or two machines) see one count. Only
failures count; a blocked key refuses even the right password until its window passes,
otherwise guessing would simply continue.
"""
from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Callable, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import LoginFailure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    failures: int
    seconds: int


# A password guesser is stopped on one account after 10 tries, whatever its addresses;
# an office behind one NAT address keeps logging in unless 50 attempts fail there.
ACCOUNT_LIMIT = Limit(10, 15 * 60)
ADDRESS_LIMIT = Limit(50, 15 * 60)


class FailureStore(Protocol):
    def count(self, key: str, since: float) -> int: ...

    def add(self, key: str, at: float, keep_for: int) -> None: ...


class DatabaseStore:
    """Rows in ``login_failures``; each call runs in its own short transaction."""

    def __init__(self, sessions: Callable[[], Session]):
        self.sessions = sessions

    def count(self, key: str, since: float) -> int:
        with self.sessions() as s:
            return s.scalar(select(func.count(LoginFailure.id)).where(LoginFailure.key == key, LoginFailure.at >= since)) or 0

    def add(self, key: str, at: float, keep_for: int) -> None:
        with self.sessions() as s, s.begin():
            s.execute(delete(LoginFailure).where(LoginFailure.at < at - keep_for))
            s.add(LoginFailure(key=key, at=at))


class RedisStore:
    """One sorted set per key (score = time), expiring with its window."""

    def __init__(self, client, namespace: str):
        self.client, self.namespace = client, namespace

    def _key(self, key: str) -> str:
        return f"lontar:{self.namespace}:login:{key}"

    def count(self, key: str, since: float) -> int:
        return int(self.client.zcount(self._key(key), since, "+inf"))

    def add(self, key: str, at: float, keep_for: int) -> None:
        name = self._key(key)
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(name, "-inf", at - keep_for)
        pipe.zadd(name, {uuid.uuid4().hex: at})
        pipe.expire(name, keep_for)
        pipe.execute()


class LoginLimits:
    """``blocked(username, address)`` before checking a password, ``failed(...)`` after a wrong one."""

    def __init__(self, primary: FailureStore, fallback: FailureStore | None = None,
                 account: Limit = ACCOUNT_LIMIT, address: Limit = ADDRESS_LIMIT, clock: Callable[[], float] = time.time):
        self.primary, self.fallback = primary, fallback
        self.limits = {"account": account, "address": address}
        self.clock = clock

    def _keys(self, username: str, address: str) -> dict[str, str]:
        # Usernames are compared case-insensitively so "Admin" and "admin" share a count.
        return {"account": "account:" + username.strip().lower()[:150], "address": "address:" + (address or "?")[:64]}

    def _call(self, method: str, *args):
        try:
            return getattr(self.primary, method)(*args)
        except Exception as exc:  # Redis down: keep limiting, through the database
            if self.fallback is None:
                raise
            log.warning("login limits: %s unavailable (%s); using the database", type(self.primary).__name__, exc)
            return getattr(self.fallback, method)(*args)

    def blocked(self, username: str, address: str) -> bool:
        now = self.clock()
        return any(self._call("count", key, now - self.limits[kind].seconds) >= self.limits[kind].failures
                   for kind, key in self._keys(username, address).items())

    def window_minutes(self) -> int:
        """How long a block lasts at most, in whole minutes (for the message)."""
        return max(1, -(-max(limit.seconds for limit in self.limits.values()) // 60))

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        for kind, key in self._keys(username, address).items():
            self._call("add", key, now, self.limits[kind].seconds)


def namespace_for(database_url: str) -> str:
    """Apps on the same database share counts; other archives on the same Redis do not."""
    return hashlib.sha256(database_url.encode()).hexdigest()[:16]
