"""Read side of disposition: inbox, letters waiting for a first disposition, sent items,
dashboard counts, the tree, index state."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import Disposition, DispositionRecipient, DispositionStatus, Document, DocumentStatus, Registration, User
from app.services.access import granted_position_ids, user_positions
from app.services.disposition_rules import OPEN_STATES, due_state, first_deadline, today
from app.services.registration import active_registration

S = DispositionStatus


def _entries_stmt():
    return (
        select(DispositionRecipient)
        .join(Disposition, Disposition.id == DispositionRecipient.disposition_id)
        .join(Registration, Registration.id == Disposition.registration_id)
        .where(Registration.cancelled_at.is_(None))
        .options(selectinload(DispositionRecipient.disposition).selectinload(Disposition.registration))
    )


def inbox(session: Session, user: User, include_done: bool = False, limit: int = 200) -> list[DispositionRecipient]:
    """What is addressed to the user's positions (own and Plt/Plh): unread first, then by deadline."""
    positions = user_positions(session, user)
    if not positions:
        return []
    states = OPEN_STATES + ((S.DONE.value,) if include_done else ())
    stmt = _entries_stmt().where(DispositionRecipient.position_id.in_(positions), DispositionRecipient.status.in_(states))
    rows = list(session.execute(stmt.limit(limit)).scalars())
    order = {S.UNREAD.value: 0, S.READ.value: 1, S.IN_PROGRESS.value: 2, S.DONE.value: 3}
    return sorted(rows, key=lambda r: (order.get(r.status, 9), r.disposition.deadline or date.max, r.id))


GONE = (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value)


def awaiting_disposition(session: Session, user: User, limit: int = 200) -> list[Registration]:
    """Live registrations addressed to the user's positions (own and Plt/Plh) that wait for
    their first disposition: none sent yet (or every one cancelled) and not marked handled."""
    positions = user_positions(session, user)
    if not positions:
        return []
    disposed = (
        select(Disposition.registration_id)
        .join(DispositionRecipient, DispositionRecipient.disposition_id == Disposition.id)
        .where(Disposition.parent_recipient_id.is_(None), DispositionRecipient.status != S.CANCELLED.value)
    )
    stmt = (
        select(Registration)
        .join(Document, Document.id == Registration.document_id)
        .where(Registration.target_position_id.in_(positions), Registration.cancelled_at.is_(None),
               Registration.handled_at.is_(None), Registration.id.not_in(disposed), Document.status.not_in(GONE))
        .order_by(Registration.received_date, Registration.id)
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def awaiting_summary(session: Session, registration: Registration, on: date | None = None) -> dict[str, Any]:
    deadline = first_deadline(session, registration)
    return {
        "registration_id": registration.id,
        "document_id": registration.document_id,
        "agenda": registration.agenda_label,
        "perihal": registration.perihal,
        "sender": registration.sender,
        "nomor_surat": registration.nomor_surat,
        "received_date": registration.received_date.isoformat(),
        "urgensi": registration.urgensi,
        "position_id": registration.target_position_id,
        "position": registration.target_position.name,
        "deadline": deadline.isoformat(),
        "due": due_state(deadline, S.UNREAD.value, on),
    }


def sent(session: Session, user: User, limit: int = 200) -> list[Disposition]:
    """Dispositions the user sent, or sent from a position the user now holds."""
    positions = user_positions(session, user)
    stmt = (
        select(Disposition)
        .where(or_(Disposition.sender_user_id == user.id, Disposition.sender_position_id.in_(positions or [-1])))
        .options(selectinload(Disposition.recipients), selectinload(Disposition.registration))
        .order_by(Disposition.id.desc())
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def counts(session: Session, user: User, on: date | None = None) -> dict[str, int]:
    """Numbers for the dashboard: entries addressed to the user and letters waiting for his first disposition."""
    entries = inbox(session, user, limit=10_000)
    waiting = awaiting_disposition(session, user, limit=10_000)
    day = on or today()
    marks = [due_state(r.disposition.deadline, r.status, day) for r in entries]
    marks += [due_state(first_deadline(session, r), S.UNREAD.value, day) for r in waiting]
    open_sent = sum(
        1 for d in sent(session, user, limit=10_000) for r in d.recipients if r.status in OPEN_STATES
        and d.registration.cancelled_at is None
    )
    return {
        "inbox": len(entries) + len(waiting),
        "to_dispose": len(waiting),
        "unread": sum(1 for r in entries if r.status == S.UNREAD.value),
        "in_progress": sum(1 for r in entries if r.status == S.IN_PROGRESS.value),
        "due_soon": marks.count("due_soon"),
        "overdue": marks.count("overdue"),
        "sent_open": open_sent,
    }


def entry_summary(recipient: DispositionRecipient, on: date | None = None) -> dict[str, Any]:
    disposition = recipient.disposition
    registration = disposition.registration
    return {
        "id": recipient.id,
        "disposition_id": disposition.id,
        "document_id": registration.document_id,
        "registration_id": registration.id,
        "agenda": registration.agenda_label,
        "perihal": registration.perihal,
        "sender": registration.sender,
        "from_position_id": disposition.sender_position_id,
        "from_position": disposition.sender_position.name,
        "position_id": recipient.position_id,
        "position": recipient.position.name,
        "status": recipient.status,
        "version": recipient.version,
        "instructions": list(disposition.instructions or []),
        "note": disposition.note,
        "deadline": disposition.deadline.isoformat() if disposition.deadline else None,
        "due": due_state(disposition.deadline, recipient.status, on),
        "completion_note": recipient.completion_note,
        "has_attachment": bool(recipient.attachment_path),
        "read_at": recipient.read_at.isoformat() if recipient.read_at else None,
        "completed_at": recipient.completed_at.isoformat() if recipient.completed_at else None,
    }


def tree(session: Session, registration: Registration, on: date | None = None) -> list[dict[str, Any]]:
    """The letter's dispositions as a tree: each disposition lists recipients, each recipient its own dispositions."""
    dispositions = list(
        session.execute(
            select(Disposition).where(Disposition.registration_id == registration.id)
            .options(selectinload(Disposition.recipients)).order_by(Disposition.id)
        ).scalars()
    )
    children: dict[int | None, list[Disposition]] = {}
    for d in dispositions:
        children.setdefault(d.parent_recipient_id, []).append(d)

    def build(parent_id: int | None) -> list[dict[str, Any]]:
        nodes = []
        for d in children.get(parent_id, []):
            nodes.append({
                "disposition_id": d.id,
                "from_position_id": d.sender_position_id,
                "from_position": d.sender_position.name,
                "sender": d.sender_user.full_name or d.sender_user.username,
                "instructions": list(d.instructions or []),
                "note": d.note,
                "deadline": d.deadline.isoformat() if d.deadline else None,
                "created_at": d.created_at.isoformat() if d.created_at else None,
                "recipients": [
                    {**entry_summary(r, on), "children": build(r.id)} for r in sorted(d.recipients, key=lambda r: r.id)
                ],
            })
        return nodes

    return build(None)


def _walk(nodes: list[dict[str, Any]]):
    for node in nodes:
        for recipient in node["recipients"]:
            yield recipient
            yield from _walk(recipient["children"])


def state_for_document(session: Session, document_id: int, on: date | None = None) -> dict[str, Any]:
    """Disposition state of a letter, for the search index and ``lontar doc --json``.

    statuses: distinct recipient statuses (without cancelled ones); assignee_position_ids:
    the positions live grants give the letter (``access.granted_position_ids``, the rule the
    pages use, so search and pages agree); overdue / due_soon: any open entry so.
    """
    registration = active_registration(session, document_id)
    if registration is None:
        return {"registered": False, "agenda": None, "registration_id": None, "statuses": [],
                "assignee_position_ids": [], "overdue": False, "due_soon": False, "tree": []}
    nodes = tree(session, registration, on)
    live = [r for r in _walk(nodes) if r["status"] != S.CANCELLED.value]
    return {
        "registered": True,
        "agenda": registration.agenda_label,
        "registration_id": registration.id,
        "received_date": registration.received_date.isoformat(),
        "tujuan_position_id": registration.target_position_id,
        "statuses": sorted({r["status"] for r in live}),
        "assignee_position_ids": granted_position_ids(session, document_id),
        "overdue": any(r["due"] == "overdue" for r in live),
        "due_soon": any(r["due"] == "due_soon" for r in live),
        "tree": nodes,
    }
