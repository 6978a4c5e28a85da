"""The domain clock: real time by default, LONTAR_FAKE_NOW read on every call (tests move a server's clock)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from app.services import disposition, registration, retention
from config import clock


def test_real_time_without_the_variable(monkeypatch):
    monkeypatch.delenv(clock.FAKE_NOW, raising=False)
    before = datetime.now(timezone.utc)
    assert before <= clock.now() <= datetime.now(timezone.utc)
    assert clock.today() == date.today()


def test_fake_now_moves_every_domain_clock(monkeypatch):
    monkeypatch.setenv(clock.FAKE_NOW, "2031-05-06T09:30:00+00:00")
    assert clock.now() == datetime(2031, 5, 6, 9, 30, tzinfo=timezone.utc)
    assert disposition.now() == retention.now() == clock.now()
    assert disposition.today() == registration.today() == clock.today()
    assert abs(clock.today() - date(2031, 5, 6)) <= timedelta(days=1)  # the machine's calendar day of that moment
    monkeypatch.setenv(clock.FAKE_NOW, "2031-05-08")  # a date alone, read again on the next call
    assert clock.now() == datetime(2031, 5, 8, tzinfo=timezone.utc)


def test_overdue_follows_the_clock(monkeypatch):
    deadline = date.today() + timedelta(days=2)
    monkeypatch.delenv(clock.FAKE_NOW, raising=False)
    assert disposition.due_state(deadline, "dibaca") != "overdue"
    monkeypatch.setenv(clock.FAKE_NOW, (deadline + timedelta(days=3)).isoformat())
    assert disposition.due_state(deadline, "dibaca") == "overdue"
