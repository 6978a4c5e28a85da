"""Fixtures of the retention tests: an office with the demo schedule loaded."""
from __future__ import annotations

import pytest

from app.services import retention
from tests.factories import make_org


@pytest.fixture
def org(session):
    org = make_org(session)
    retention.load_demo_schedule(session)
    session.flush()
    return org


@pytest.fixture
def manager(org):
    return org.users["records"]
