"""The main menu, filtered by role. Other blueprints add their entries with ``add_nav_item``."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    roles: frozenset[str] | None = None  # None: every logged-in user
    order: int = 50


NAV_ITEMS: list[NavItem] = [
    NavItem("dashboard.index", _l("Dashboard"), order=10),
    NavItem("search.index", _l("Search"), order=20),
    NavItem("documents.index", _l("Documents"), order=30),
    NavItem("documents.upload", _l("Upload"), frozenset({Role.ADMIN.value, Role.ARSIPARIS.value, Role.STAF.value}), order=40),
    NavItem("admin.users", _l("Administration"), frozenset({Role.ADMIN.value}), order=90),
]


def add_nav_item(endpoint: str, label, roles=None, order: int = 50) -> None:
    """Register a menu entry (call once at import of your blueprint package)."""
    if any(item.endpoint == endpoint for item in NAV_ITEMS):
        return
    NAV_ITEMS.append(NavItem(endpoint, label, frozenset(roles) if roles else None, order))


def visible_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    role = current_user.user.role
    return sorted(
        (i for i in NAV_ITEMS if (i.roles is None or role in i.roles) and i.endpoint in current_app.view_functions),
        key=lambda i: i.order,
    )
