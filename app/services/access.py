"""Who may read which letter: the rule of ``search.access`` applied to the database.

The rule is defined once, in ``search.access`` (its three branches and the fail-closed
access level). Here it meets the data: ``context_for`` builds a user's ``AccessContext``,
``facts_of`` a letter's ``LetterFacts`` (which the index document carries too), ``can_read``
checks one letter (every page, API call and file download) and ``readable_clause`` is the
same rule as SQL, for every list and count (documents, retention lists, dashboard, audit).
Branch 3's grants are the live registrations and dispositions (``live_grants``).
"""
from __future__ import annotations

from sqlalchemy import and_, false, func, or_, select, true, union_all
from sqlalchemy.orm import Session

from app.models import (
    Disposition, DispositionRecipient, DispositionStatus, Document, DocumentStatus, Registration, Role, Sifat, Unit,
    User,
)
from search.access import TOP_LEVEL, AccessContext, LetterFacts

GONE = (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value)

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


def facts_of(document: Document, assignee_position_ids=()) -> LetterFacts:
    """What the rule reads about ``document`` (the index document carries the same)."""
    return LetterFacts.of(document.sifat_level, bool(document.sifat_confirmed), document.unit_id,
                          document.uploaded_by_id, assignee_position_ids)


def can_read(session: Session, ctx: AccessContext, document: Document) -> bool:
    if document.status in GONE:
        return False
    return ctx.allows(facts_of(document, granted_position_ids(session, document.id)))


def readable_clause(ctx: AccessContext, for_ordered_scan: bool = False, include_gone: bool = False):
    """The rule as SQL: not gone (unless ``include_gone``: the audit trail of a destroyed letter
    stays readable to those who could read the letter), and one of the three branches of
    ``search.access``.

    ``for_ordered_scan``: the branch-1 terms are written so that no index can drive them.
    Most letters are readable, so walking the sort column's index and stopping after one
    page beats collecting every readable row through the sifat index and sorting it all
    (which SQLite's planner picks without table statistics: 10x slower at 100k letters).
    """
    branches = or_(*_branches(ctx, for_ordered_scan))
    return branches if include_gone else and_(Document.status.not_in(GONE), branches)


def _branches(ctx: AccessContext, for_ordered_scan: bool) -> list:
    plain = (lambda column, _empty: column) if not for_ordered_scan else func.coalesce
    branches = [_by_level(ctx, plain)]
    if ctx.user_id is not None:    # branch 2: the uploader of a letter not yet confirmed
        branches.append(and_(Document.uploaded_by_id == ctx.user_id, Document.sifat_confirmed == false()))
    if ctx.position_ids:           # branch 3: a live grant to one of the user's positions
        branches.append(Document.id.in_(granted_document_ids(ctx.position_ids)))
    return branches


def _by_level(ctx: AccessContext, plain):
    """Branch 1: access level (the sifat once confirmed, ``TOP_LEVEL`` before) within clearance."""
    levels = ctx.levels()
    if not levels:
        return false()
    allowed = [s.value for s in Sifat if s.level in levels]
    clause = plain(Document.sifat, "").in_(allowed)
    if levels[-1] < TOP_LEVEL:     # below the top: confirmed letters only
        clause = and_(clause, plain(Document.sifat_confirmed, False) == true())
    if ctx.unit_ids is not None:
        clause = and_(clause, plain(Document.unit_id, -1).in_(ctx.unit_ids or [-1]))
    return clause
