"""Who may read which letter.

One rule, used in two places: as a filter inside every search-engine query (via
``AccessContext``, a plain value the ``search`` package understands) and as a check
on every page, API call and file download (``can_read``).

A user reads a letter when (its sifat level is within the role's clearance and, when
``restrict_to_unit`` is on and the role is unit-bound, it belongs to the user's unit or
a unit below it), or when a live registration or disposition of that letter is addressed
to one of the user's positions (``live_grants``).
"""
from __future__ import annotations

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from app.models import (
    Disposition, DispositionRecipient, DispositionStatus, Document, Registration, Role, Sifat, Unit, User,
)
from search.access import AccessContext

# Highest sifat level each role may read (Sifat.level: biasa 0 .. sangat_rahasia 3).
CLEARANCE = {
    Role.ADMIN.value: Sifat.TERBATAS.level,
    Role.ARSIPARIS.value: Sifat.TERBATAS.level,
    Role.STAF.value: Sifat.TERBATAS.level,
    Role.PEJABAT.value: Sifat.SANGAT_RAHASIA.level,
    Role.PENGELOLA_ARSIP.value: Sifat.RAHASIA.level,
}
# Roles that see every unit's letters (the archive as a whole).
ALL_UNITS_ROLES = {Role.ADMIN.value, Role.PENGELOLA_ARSIP.value, Role.ARSIPARIS.value}


def unit_subtree(session: Session, unit_id: int) -> list[int]:
    """The unit and every unit below it."""
    ids, frontier = [unit_id], [unit_id]
    while frontier:
        frontier = list(session.execute(select(Unit.id).where(Unit.parent_id.in_(frontier))).scalars())
        ids.extend(frontier)
    return ids


def user_positions(session: Session, user: User) -> list[int]:
    """The user's own position plus any held as Plt/Plh."""
    from app.models import Position

    ids = [user.position_id] if user.position_id else []
    ids += list(session.execute(select(Position.id).where(Position.acting_user_id == user.id)).scalars())
    return sorted(set(ids))


def context_for(session: Session, user: User, restrict_to_unit: bool = True) -> AccessContext:
    unit_ids: list[int] | None = None
    if restrict_to_unit and user.role not in ALL_UNITS_ROLES:
        unit_ids = unit_subtree(session, user.position.unit_id) if user.position else []
    return AccessContext(
        user_id=user.id,
        clearance=CLEARANCE.get(user.role, 0),
        unit_ids=unit_ids,
        position_ids=user_positions(session, user),
    )


def live_grants():
    """(document_id, position_id) of every live grant: one definition of "live" for the pages,
    downloads, API, lists and the search index.

    A position is granted a letter while the letter's registration is not cancelled and the
    position is its tujuan, or a disposition entry addressed to it is not cancelled. A
    cancelled entry or registration grants nothing, whatever its history.
    """
    live_registration = Registration.cancelled_at.is_(None)
    tujuan = select(Registration.document_id, Registration.target_position_id.label("position_id")).where(
        live_registration, Registration.target_position_id.is_not(None))
    entries = (
        select(Registration.document_id, DispositionRecipient.position_id)
        .join(Disposition, Disposition.registration_id == Registration.id)
        .join(DispositionRecipient, DispositionRecipient.disposition_id == Disposition.id)
        .where(live_registration, DispositionRecipient.status != DispositionStatus.CANCELLED.value)
    )
    return union_all(tujuan, entries).subquery("live_grants")


def granted_position_ids(session: Session, document_id: int) -> list[int]:
    """Positions a live registration or disposition of this letter is addressed to (they may read it)."""
    grants = live_grants()
    stmt = select(grants.c.position_id).where(grants.c.document_id == document_id)
    return sorted(set(session.execute(stmt).scalars()))


def granted_document_ids(position_ids: list[int]):
    """SQL: the letters live grants give these positions (the list form of ``granted_position_ids``)."""
    grants = live_grants()
    return select(grants.c.document_id).where(grants.c.position_id.in_(position_ids))


def can_read(session: Session, ctx: AccessContext, document: Document) -> bool:
    return ctx.allows(
        sifat_level=document.sifat_level,
        unit_id=document.unit_id,
        assignee_position_ids=granted_position_ids(session, document.id),
    )
