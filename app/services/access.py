"""Who may read which letter.

One rule, used in two places: as a filter inside every search-engine query (via
``AccessContext``, a plain value the ``search`` package understands) and as a check
on every page, API call and file download (``can_read``).

A user reads a letter when (its sifat level is within the role's clearance and, when
``restrict_to_unit`` is on and the role is unit-bound, it belongs to the user's unit or
a unit below it), or when a disposition of that letter is addressed to the user's
position.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Document, DispositionRecipient, Disposition, Registration, Role, Sifat, Unit, User
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


def disposition_position_ids(session: Session, document_id: int) -> list[int]:
    """Positions a disposition of this letter is addressed to (they may read it)."""
    stmt = (
        select(DispositionRecipient.position_id)
        .join(Disposition, Disposition.id == DispositionRecipient.disposition_id)
        .join(Registration, Registration.id == Disposition.registration_id)
        .where(Registration.document_id == document_id)
    )
    return sorted(set(session.execute(stmt).scalars()))


def can_read(session: Session, ctx: AccessContext, document: Document) -> bool:
    return ctx.allows(
        sifat_level=document.sifat_level,
        unit_id=document.unit_id,
        assignee_position_ids=disposition_position_ids(session, document.id),
    )
