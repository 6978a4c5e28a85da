"""Saved views: a search with its filters saved under a name by one user, optionally shared
with his unit (and the units below it).

A view stores the search parameters only, never results: whoever opens it, or sees its
count on the dashboard, gets what *he* may read, through the search engine's access
filter. Only the owner renames or deletes a view. No Flask here; the web layer validates
the parameters (they are the search page's) before they reach ``create``.
"""
from __future__ import annotations

from typing import Mapping

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import SavedView, Unit, User
from app.services.i18n import N_, Translatable, msg

MAX_NAME = 100
MAX_VIEWS_PER_USER = 50
MAX_ARG_LENGTH = 1000


class SavedViewError(Translatable, ValueError):
    """A refused change to a saved view; the message says why."""

    code = "saved_view_error"


class ViewNotFound(SavedViewError):
    code = "not_found"


class NotOwner(SavedViewError):
    code = "forbidden"


def user_unit(user: User) -> int | None:
    return user.position.unit_id if user.position else None


def _unit_and_ancestors(session: Session, unit_id: int | None) -> list[int]:
    """A view shared with a unit is seen in that unit and every unit below it, so a reader
    sees the views of his own unit and of the units above it."""
    ids, seen = [], set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        ids.append(unit_id)
        unit_id = session.scalar(select(Unit.parent_id).where(Unit.id == unit_id))
    return ids


def _clean_name(name: str | None) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise SavedViewError(N_("Give the saved search a name."))
    if len(clean) > MAX_NAME:
        raise SavedViewError(msg(N_("The name is too long (at most %(n)s characters)."), n=MAX_NAME))
    return clean


def _clean_args(args: Mapping[str, str]) -> dict[str, str]:
    clean = {str(k): str(v) for k, v in args.items() if v not in (None, "") and k != "page"}
    if any(len(v) > MAX_ARG_LENGTH for v in clean.values()):
        raise SavedViewError(msg(N_("A search value is too long (at most %(n)s characters)."), n=MAX_ARG_LENGTH))
    return clean


def _name_taken(session: Session, owner_id: int, name: str, except_id: int | None = None) -> bool:
    stmt = select(SavedView.id).where(SavedView.owner_id == owner_id, func.lower(SavedView.name) == name.lower())
    if except_id is not None:
        stmt = stmt.where(SavedView.id != except_id)
    return session.scalar(stmt.limit(1)) is not None


def _share_unit(owner: User, share: bool) -> int | None:
    if not share:
        return None
    unit_id = user_unit(owner)
    if unit_id is None:
        raise SavedViewError(N_("You have no position in a unit, so there is no unit to share this search with."))
    return unit_id


def create(session: Session, owner: User, name: str, args: Mapping[str, str], share: bool = False,
           on_dashboard: bool = True) -> SavedView:
    """Save the search ``args`` (the search page's parameters) under ``name``."""
    name = _clean_name(name)
    if _name_taken(session, owner.id, name):
        raise SavedViewError(msg(N_("You already have a saved search named '%(name)s'."), name=name))
    count = session.scalar(select(func.count()).select_from(SavedView).where(SavedView.owner_id == owner.id)) or 0
    if count >= MAX_VIEWS_PER_USER:
        raise SavedViewError(msg(N_("You have %(n)s saved searches, the most allowed; delete one first."), n=count))
    view = SavedView(owner_id=owner.id, name=name, query_args=_clean_args(args), unit_id=_share_unit(owner, share),
                     on_dashboard=on_dashboard)
    session.add(view)
    session.flush()
    return view


def visible_to(session: Session, user: User, dashboard_only: bool = False) -> list[SavedView]:
    """The user's own views, then those shared with his unit or a unit above it, by name."""
    units = _unit_and_ancestors(session, user_unit(user))
    seen = or_(SavedView.owner_id == user.id, SavedView.unit_id.in_(units)) if units else SavedView.owner_id == user.id
    stmt = select(SavedView).where(seen)
    if dashboard_only:
        stmt = stmt.where(SavedView.on_dashboard.is_(True))
    rows = session.scalars(stmt.order_by(func.lower(SavedView.name), SavedView.id))
    return sorted(rows, key=lambda v: v.owner_id != user.id)  # stable: own first, each group by name


def get_visible(session: Session, user: User, view_id: int) -> SavedView:
    view = session.get(SavedView, view_id) if 0 < view_id < 2**62 else None
    if view is None or (view.owner_id != user.id and view.unit_id not in _unit_and_ancestors(session, user_unit(user))):
        raise ViewNotFound(N_("This saved search does not exist or is not shared with you."))
    return view


def _owned(session: Session, user: User, view_id: int) -> SavedView:
    view = get_visible(session, user, view_id)
    if view.owner_id != user.id:
        raise NotOwner(N_("Only the person who saved this search may change or delete it."))
    return view


def update(session: Session, user: User, view_id: int, name: str, share: bool, on_dashboard: bool = True) -> SavedView:
    """Rename a view, share or unshare it, show or hide it on the dashboard (owner only)."""
    view = _owned(session, user, view_id)
    name = _clean_name(name)
    if _name_taken(session, user.id, name, except_id=view.id):
        raise SavedViewError(msg(N_("You already have a saved search named '%(name)s'."), name=name))
    view.name, view.unit_id, view.on_dashboard = name, _share_unit(user, share), on_dashboard
    session.flush()
    return view


def delete(session: Session, user: User, view_id: int) -> str:
    """Delete a view (owner only); returns its name."""
    view = _owned(session, user, view_id)
    name = view.name
    session.delete(view)
    session.flush()
    return name
