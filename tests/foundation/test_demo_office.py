"""The demo office can carry every workflow of the product with its own accounts."""
from __future__ import annotations

from sqlalchemy import select

from app.models import User
from app.services.demo import seed_office
from app.services.retention import MANAGE_ROLES


def test_demo_office_has_a_records_account_for_each_distinct_disposal_step(session, settings):
    seed_office(session)
    managers = session.scalars(select(User.username).where(User.role.in_(MANAGE_ROLES))).all()
    assert len(managers) >= len(settings.disposal_distinct_steps), managers
