"""Disposition (disposisi): disposing a registered letter down the hierarchy and acting on it.

A disposition goes from the letter's holder (the registration's tujuan position, or a
recipient disposing further down) to one or more positions below the sender's. Each
recipient moves belum_dibaca -> dibaca -> diproses -> selesai; the sender may cancel
while unread. Recipient rows carry a version column (optimistic locking), so two people
acting at once never lose an update: the loser gets ``DispositionConflict``.

Read-side helpers (inbox, tree, counts, state for the search index) live in
``app.services.disposition_queries``; the office's rules (instructions, deadline per urgency,
due state) in ``app.services.disposition_rules``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.models import (
    Disposition,
    DispositionRecipient,
    DispositionStatus,
    Position,
    Registration,
    UrgencyDeadline,
    User,
)
from app.services import audit, indexing, notifications, org
from app.services.i18n import N_, Translatable, msg
# The office's rules (instructions, deadlines, due state) live in disposition_rules; the ones
# callers have always read through this module stay importable from here.
from app.services.disposition_rules import (  # noqa: F401
    DEFAULT_DEADLINE_DAYS, default_deadline, due_state, ensure_defaults, instruction_options, today,
)
from app.services.registration import parse_date
from config import clock

MAX_NOTE = 5000
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

S = DispositionStatus


class DispositionError(Translatable, ValueError):
    """A disposition step refused; the message is for people."""


class NotAllowed(DispositionError):
    """The actor may not do this (wrong position, not the sender)."""


class InvalidTarget(DispositionError):
    pass


class InvalidDeadline(DispositionError):
    pass


class InvalidState(DispositionError):
    """The step does not fit the current state (cancelled, done, already read)."""


class NotFound(DispositionError):
    pass


class DispositionConflict(DispositionError):
    """Someone else changed the same disposition first; nothing of ours was written."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes


def now() -> datetime:
    return clock.now()


# --- configuration: instructions and deadlines ------------------------------------------

def set_deadline_days(session: Session, urgensi: str, days: int) -> None:
    if urgensi not in DEFAULT_DEADLINE_DAYS:
        raise DispositionError(msg(N_("unknown urgency %(urgency)r"), urgency=urgensi))
    if days < 0:
        raise DispositionError(N_("the number of days cannot be negative"))
    ensure_defaults(session)
    session.get(UrgencyDeadline, urgensi).days = days
    session.flush()


# --- loading and guards -------------------------------------------------------------------

def get_recipient(session: Session, ref: DispositionRecipient | int) -> DispositionRecipient:
    if isinstance(ref, DispositionRecipient):
        return ref
    recipient = session.get(DispositionRecipient, ref)
    if recipient is None:
        raise NotFound(msg(N_("disposition entry %(id)s does not exist"), id=ref))
    return recipient


def _require_holder(session: Session, actor: User, position: Position) -> None:
    if not org.holds(session, actor, position.id):
        raise NotAllowed(msg(N_("you do not hold the position %(position)r; only its holder or Plt/Plh may act for it"),
                             position=position.name))


def _require_live(recipient: DispositionRecipient) -> None:
    registration = recipient.disposition.registration
    if registration.cancelled_at is not None:
        raise InvalidState(msg(N_("the registration %(agenda)s was cancelled"), agenda=registration.agenda_label))
    if recipient.status == S.CANCELLED.value:
        raise InvalidState(N_("this disposition was cancelled by its sender"))


def _check_version(recipient: DispositionRecipient, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != recipient.version:
        raise DispositionConflict(msg(
            N_("someone else changed this disposition while you were looking at it (it is now %(status)s); "
               "reload the page and try again"), status=recipient.status,
        ))


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise DispositionConflict(
            N_("someone else acted on this disposition at the same moment; your change was not saved. Reload and try again")
        ) from None


# --- disposing ------------------------------------------------------------------------------

def _source(session: Session, actor: User, source: Registration | DispositionRecipient) -> tuple[Registration, Position, DispositionRecipient | None]:
    """The registration, the sender position and (for further disposition) the parent entry."""
    if isinstance(source, Registration):
        if source.cancelled_at is not None:
            raise InvalidState(msg(N_("the registration %(agenda)s was cancelled"), agenda=source.agenda_label))
        if source.target_position is None:
            raise InvalidTarget(N_("the registration has no tujuan (addressee position); set it first"))
        _require_holder(session, actor, source.target_position)
        return source, source.target_position, None
    parent = get_recipient(session, source)
    _require_live(parent)
    if parent.status == S.DONE.value:
        raise InvalidState(N_("this disposition is already completed; it cannot be disposed further"))
    _require_holder(session, actor, parent.position)
    return parent.disposition.registration, parent.position, parent


def _targets(session: Session, sender: Position, position_ids: Iterable[Any]) -> list[Position]:
    try:
        ids = list(dict.fromkeys(int(p) for p in position_ids if p not in (None, "")))
    except (TypeError, ValueError):
        raise InvalidTarget(N_("choose the recipients from the list of positions")) from None
    if not ids:
        raise InvalidTarget(N_("choose at least one position to dispose to"))
    below = set(org.positions_below(session, sender.id))
    positions = []
    for position_id in ids:
        position = session.get(Position, position_id)
        if position is None:
            raise InvalidTarget(msg(N_("position %(id)s does not exist"), id=position_id))
        if position_id not in below:
            raise InvalidTarget(msg(N_("%(position)r is not below %(sender)r; dispositions go down the hierarchy only"),
                                    position=position.name, sender=sender.name))
        positions.append(position)
    return positions


def _instructions(session: Session, instructions: Iterable[str], note: str | None) -> list[str]:
    allowed = instruction_options(session)
    chosen = [i.strip() for i in instructions if i and i.strip()]
    unknown = [i for i in chosen if i not in allowed]
    if unknown:
        raise DispositionError(msg(N_("unknown instruction %(instruction)r; write it in the note instead"), instruction=unknown[0]))
    if not chosen and not (note or "").strip():
        raise DispositionError(N_("tick at least one instruction or write a note"))
    if len(note or "") > MAX_NOTE:
        raise DispositionError(msg(N_("the note is too long (at most %(n)s characters)"), n=MAX_NOTE))
    return list(dict.fromkeys(chosen))


def _deadline(session: Session, registration: Registration, deadline: Any) -> date:
    if deadline in (None, ""):
        return default_deadline(session, registration.urgensi)
    try:
        value = parse_date(deadline)
    except ValueError as exc:
        raise InvalidDeadline(exc.args[0]) from None
    if value < today():
        raise InvalidDeadline(msg(N_("the deadline %(date)s is in the past"), date=value.isoformat()))
    return value


def dispose(
    session: Session,
    actor: User,
    source: Registration | DispositionRecipient | int,
    position_ids: Iterable[Any],
    instructions: Iterable[str] = (),
    note: str | None = None,
    deadline: Any = None,
) -> Disposition:
    """Dispose the letter to positions below the sender's (from a registration or a received entry)."""
    registration, sender, parent = _source(session, actor, source)
    targets = _targets(session, sender, position_ids)
    chosen = _instructions(session, instructions, note)
    due = _deadline(session, registration, deadline)
    disposition = Disposition(
        registration_id=registration.id,
        parent_recipient_id=parent.id if parent else None,
        sender_user_id=actor.id,
        sender_position_id=sender.id,
        instructions=chosen,
        note=(note or "").strip() or None,
        deadline=due,
    )
    disposition.recipients = [DispositionRecipient(position_id=p.id, status=S.UNREAD.value) for p in targets]
    session.add(disposition)
    if parent is not None and parent.status == S.UNREAD.value:
        _set_status(session, actor, parent, S.READ.value, audit.Action.DISPOSITION_READ)
    _flush(session)
    audit.record(
        session, audit.Action.DISPOSED, actor=actor, document_id=registration.document_id, object_type="disposition",
        object_id=disposition.id, from_position=sender.id, to_positions=[p.id for p in targets],
        instructions=chosen, deadline=due.isoformat(), parent_recipient=parent.id if parent else None,
        to_state=S.UNREAD.value,
    )
    for recipient in disposition.recipients:
        notifications.notify_position(
            session, recipient.position_id, "disposition",
            msg(N_("New disposition from %(sender)s: %(subject)s (due %(deadline)s)"), sender=sender.name,
                subject=registration.perihal, deadline=due.isoformat()),
            link=notifications.entry_link(recipient.id),
        )
    indexing.mark_changed(session, registration.document_id, {"disposition"})
    return disposition


# --- acting on an entry -----------------------------------------------------------------------

def _set_status(session: Session, actor: User, recipient: DispositionRecipient, to_state: str, action: str, **details: Any) -> None:
    from_state = recipient.status
    moment = now()
    recipient.status = to_state
    recipient.acted_by_id = actor.id
    if to_state == S.READ.value:
        recipient.read_at = moment
    elif to_state == S.IN_PROGRESS.value:
        recipient.started_at = moment
    elif to_state == S.DONE.value:
        recipient.completed_at = moment
    elif to_state == S.CANCELLED.value:
        recipient.cancelled_at = moment
    _flush(session)
    audit.record(
        session, action, actor=actor, document_id=recipient.disposition.registration.document_id,
        object_type="disposition_recipient", object_id=recipient.id, position=recipient.position_id,
        from_state=from_state, to_state=to_state, **details,
    )
    indexing.mark_changed(session, recipient.disposition.registration.document_id, {"disposition"})


def mark_read(session: Session, actor: User, ref: DispositionRecipient | int,
              expected_version: int | None = None) -> DispositionRecipient:
    """The holder has read the entry: belum_dibaca becomes dibaca (already further: unchanged).

    Only ever called from a POST: opening a page must not change state (a link on any
    site could otherwise mark a disposition read and block its sender's cancel).
    """
    recipient = get_recipient(session, ref)
    _require_live(recipient)
    _require_holder(session, actor, recipient.position)
    if recipient.status == S.UNREAD.value:
        _check_version(recipient, expected_version)
        _set_status(session, actor, recipient, S.READ.value, audit.Action.DISPOSITION_READ)
    return recipient


def _open_for_acting(session: Session, actor: User, ref: DispositionRecipient | int,
                     expected_version: int | None) -> DispositionRecipient:
    """The entry its holder is about to act on: live, theirs, unchanged, not yet completed."""
    recipient = get_recipient(session, ref)
    _require_live(recipient)
    _require_holder(session, actor, recipient.position)
    _check_version(recipient, expected_version)
    if recipient.status == S.DONE.value:
        raise InvalidState(N_("this disposition is already completed"))
    return recipient


def start(session: Session, actor: User, ref: DispositionRecipient | int, expected_version: int | None = None) -> DispositionRecipient:
    """Mark the entry as being worked on (diproses)."""
    recipient = _open_for_acting(session, actor, ref, expected_version)
    if recipient.status == S.IN_PROGRESS.value:
        raise InvalidState(N_("this disposition is already in progress"))
    if recipient.status == S.UNREAD.value:
        _set_status(session, actor, recipient, S.READ.value, audit.Action.DISPOSITION_READ)
    _set_status(session, actor, recipient, S.IN_PROGRESS.value, audit.Action.DISPOSITION_STARTED)
    return recipient


def complete(
    session: Session,
    actor: User,
    ref: DispositionRecipient | int,
    note: str,
    attachment: Attachment | None = None,
    data_dir: Path | None = None,
    expected_version: int | None = None,
) -> DispositionRecipient:
    """Report the entry done (selesai) with a completion note and an optional attachment."""
    recipient = _open_for_acting(session, actor, ref, expected_version)
    note = (note or "").strip()
    if not note:
        raise DispositionError(N_("write a completion note (what was done)"))
    if len(note) > MAX_NOTE:
        raise DispositionError(msg(N_("the completion note is too long (at most %(n)s characters)"), n=MAX_NOTE))
    if recipient.status == S.UNREAD.value:
        _set_status(session, actor, recipient, S.READ.value, audit.Action.DISPOSITION_READ)
    recipient.completion_note = note
    if attachment is not None:
        recipient.attachment_path = _store_attachment(recipient, attachment, data_dir)
    _set_status(session, actor, recipient, S.DONE.value, audit.Action.DISPOSITION_COMPLETED, note=note,
                attachment=recipient.attachment_path)
    disposition = recipient.disposition
    notifications.notify_user(
        session, disposition.sender_user_id, "disposition_done",
        msg(N_("%(position)s completed the disposition: %(subject)s"), position=recipient.position.name,
            subject=disposition.registration.perihal),
        link=f"/disposisi/letter/{disposition.registration_id}",
    )
    return recipient


def _store_attachment(recipient: DispositionRecipient, attachment: Attachment, data_dir: Path | None) -> str:
    """Save under <data_dir>/disposition/<entry id>/; returns the path relative to data_dir."""
    if data_dir is None:
        raise DispositionError(N_("attachments cannot be stored: no data directory configured"))
    if len(attachment.content) > MAX_ATTACHMENT_BYTES:
        raise DispositionError(msg(N_("the attachment is too large (at most %(mb)s MB)"), mb=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in Path(attachment.filename or "").name).lstrip(".")
    if not safe:
        raise DispositionError(N_("the attachment needs a file name"))
    relative = Path("disposition") / str(recipient.id) / safe[:120]
    target = Path(data_dir) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(attachment.content)
    return relative.as_posix()


# --- cancelling -------------------------------------------------------------------------------

def _require_sender(session: Session, actor: User, disposition: Disposition) -> None:
    if actor.id != disposition.sender_user_id and not org.holds(session, actor, disposition.sender_position_id):
        raise NotAllowed(N_("only the sender of a disposition may cancel it"))


def cancel_entry(session: Session, actor: User, ref: DispositionRecipient | int, expected_version: int | None = None) -> DispositionRecipient:
    """The sender withdraws the disposition to one recipient, while it is unread."""
    recipient = get_recipient(session, ref)
    _require_live(recipient)
    _require_sender(session, actor, recipient.disposition)
    _check_version(recipient, expected_version)
    if recipient.status != S.UNREAD.value:
        raise InvalidState(msg(N_("%(position)s has already read this disposition; it can no longer be cancelled"),
                                position=recipient.position.name))
    _set_status(session, actor, recipient, S.CANCELLED.value, audit.Action.DISPOSITION_CANCELLED)
    notifications.withdraw_entry(session, recipient.id, recipient.disposition.sender_position.name)
    return recipient


def cancel_disposition(session: Session, actor: User, disposition_id: int) -> Disposition:
    """Cancel a whole disposition: every recipient must still be unread."""
    disposition = session.get(Disposition, disposition_id)
    if disposition is None:
        raise NotFound(msg(N_("disposition %(id)s does not exist"), id=disposition_id))
    _require_sender(session, actor, disposition)
    live = [r for r in disposition.recipients if r.status != S.CANCELLED.value]
    if not live:
        raise InvalidState(N_("this disposition is already cancelled"))
    read = [r.position.name for r in live if r.status != S.UNREAD.value]
    if read:
        raise InvalidState(msg(N_("already read by %(positions)s; it can no longer be cancelled"), positions=", ".join(read)))
    for recipient in live:
        cancel_entry(session, actor, recipient)
    return disposition


def state_for_document(session: Session, document_id: int, on: date | None = None) -> dict[str, Any]:
    """Disposition state of a letter (for search and ``lontar doc --json``); see disposition_queries."""
    from app.services.disposition_queries import state_for_document as compute

    return compute(session, document_id, on)
