"""Bulk actions on many letters at once (the document list): classify, set the unit, add
to a disposal proposal, discard failed uploads.

Each letter goes through the same service call as when it is handled alone, so the same
checks (role, state, eligibility) apply and the same audit entry is written per letter;
this module only adds the read check per letter and collects what was done and what was
refused, with the reason. A refusal never stops the others. No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy.orm import Session

from app.models import DisposalProposal, Document, DocumentStatus, Unit, User
from app.services import classification, disposal, documents, retention
from app.services.access import can_read
from app.services.classification import RetentionError
from app.services.documents import DocumentError
from app.services.i18n import N_, Msg, Translatable, join, msg
from search.access import AccessContext

MAX_LETTERS = 100  # one page of the document list at most
MAX_ID = 2**62
GONE = (DocumentStatus.DISCARDED.value, DocumentStatus.DESTROYED.value)


class BulkError(Translatable, ValueError):
    """The request as a whole cannot be carried out (nothing was done)."""

    code = "bulk_error"


class _Refused(Translatable, ValueError):
    """One letter refused by a check of this module."""


@dataclass(frozen=True)
class Refusal:
    document_id: int
    label: Msg   # which letter, as people know it
    reason: Any  # a message (Msg, MsgList or str) to show translated


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    proposal_id: int | None = None


def label(doc: Document) -> Msg:
    if doc.nomor:
        return msg(N_("document %(id)s (%(nomor)s)"), id=doc.id, nomor=doc.nomor)
    return msg(N_("document %(id)s"), id=doc.id)


def _ids(ids: list[int]) -> list[int]:
    distinct = list(dict.fromkeys(ids))
    if not distinct:
        raise BulkError(N_("Select at least one letter."))
    if len(distinct) > MAX_LETTERS:
        raise BulkError(msg(N_("Select at most %(n)s letters at once."), n=MAX_LETTERS))
    return distinct


def _each(session: Session, ctx: AccessContext, ids: list[int], act: Callable[[Document], None]) -> BulkResult:
    result = BulkResult()
    for doc_id in _ids(ids):
        doc = session.get(Document, doc_id) if 0 < doc_id < MAX_ID else None
        if doc is None or doc.status in GONE or not can_read(session, ctx, doc):
            # The same answer for "absent" and "not yours": nothing leaks about other units' letters.
            result.refused.append(Refusal(doc_id, msg(N_("document %(id)s"), id=doc_id),
                                          N_("it does not exist or you may not read it")))
            continue
        try:
            act(doc)
        except (RetentionError, DocumentError, _Refused) as exc:
            result.refused.append(Refusal(doc_id, label(doc), exc.args[0] if exc.args else str(exc)))
        else:
            result.done.append(doc_id)
    return result


def classify(session: Session, ctx: AccessContext, actor: User, ids: list[int], code: str) -> BulkResult:
    """Set the kode klasifikasi of each letter (``retention.classify``: role, scheme, phase)."""
    try:
        code = classification.normalize_code(code)
    except RetentionError as exc:
        raise BulkError(exc.args[0]) from None
    return _each(session, ctx, ids, lambda doc: retention.classify(session, actor, doc.id, code))


def set_unit(session: Session, ctx: AccessContext, actor: User, ids: list[int], unit_id: int) -> BulkResult:
    unit = session.get(Unit, unit_id) if 0 < unit_id < MAX_ID else None
    if unit is None:
        raise BulkError(N_("Choose an existing unit."))
    return _each(session, ctx, ids, lambda doc: documents.set_unit(session, doc, unit, actor))


def propose(session: Session, ctx: AccessContext, actor: User, ids: list[int], proposal_id: int | None,
            title: str = "") -> BulkResult:
    """Add the letters to draft proposal ``proposal_id``, or to a new one (``None``) made
    with the first eligible letter. The disposal service decides each letter's eligibility."""
    if proposal_id is not None:
        proposal = session.get(DisposalProposal, proposal_id) if 0 < proposal_id < MAX_ID else None
        if proposal is None:
            raise BulkError(N_("Choose an existing disposal proposal."))
    state = {"proposal_id": proposal_id}

    def act(doc: Document) -> None:
        if state["proposal_id"] is not None:
            disposal.add_item(session, actor, state["proposal_id"], doc.id)
            return
        reasons = disposal.blocks(session, doc)
        if reasons:
            raise _Refused(join("; ", reasons))
        state["proposal_id"] = disposal.create_proposal(session, actor, title, [doc.id]).id

    result = _each(session, ctx, ids, act)
    result.proposal_id = state["proposal_id"]
    return result


def _check_failed(doc: Document) -> None:
    if doc.status != DocumentStatus.FAILED.value:
        raise _Refused(N_("only uploads whose processing failed can be discarded here"))


def discard_failed(session: Session, ctx: AccessContext, actor: User, ids: list[int], reason: str) -> BulkResult:
    """Discard failed uploads through ``documents.discard_upload`` (the uploader or an archivist
    only, never a registered, filed, vital or held letter)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise BulkError(N_("Give the reason for discarding these uploads."))
    if len(reason) > documents.MAX_DISCARD_REASON:
        raise BulkError(msg(N_("The reason is too long (at most %(n)s characters)."), n=documents.MAX_DISCARD_REASON))

    def act(doc: Document) -> None:
        _check_failed(doc)
        documents.discard_upload(session, doc, actor, reason)

    return _each(session, ctx, ids, act)
