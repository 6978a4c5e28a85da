"""Who may take a step of a legal disposal: segregation of duties and security clearance.

Segregation of duties: the steps named in ``Settings.disposal_distinct_steps`` (default
all three: committee review, approval, execution) must be recorded by different accounts.
No role is exempt, the administrator included; an office that relaxes the setting gets
every step where one person did two recorded in the audit trail and printed on the
berita acara, so the relaxation is never silent.

Clearance: whoever handles an item must be cleared for its sifat (the office's decision
is "refuse", not "redact": a person not cleared for every item of a proposal cannot add,
review, approve, execute or read it; the proposal page redacts those items for them).
"""
from __future__ import annotations

from collections.abc import Iterable

from app.models import DisposalProposal, Document, Sifat, User
from app.services.access import CLEARANCE
from app.services.classification import NotAllowed
from app.services.i18n import N_, as_msg, join, msg

STEP_ACTOR = {"review": "reviewed_by_id", "approve": "approved_by_id", "execute": "executed_by_id"}
STEP_NAME = {"review": N_("the committee review"), "approve": N_("the approval"), "execute": N_("the execution")}


def same_person_steps(proposal: DisposalProposal, actor: User, step: str) -> list[str]:
    """Earlier steps of ``proposal`` that ``actor`` recorded."""
    return [other for other, attr in STEP_ACTOR.items() if other != step and getattr(proposal, attr) == actor.id]


def check_segregation(proposal: DisposalProposal, actor: User, step: str, distinct: Iterable[str]) -> list[str]:
    """Refuse when ``distinct`` keeps ``step`` apart from a step ``actor`` already took.

    Returns the earlier steps the same person took where the office allows it (to be
    recorded with the step).
    """
    distinct = tuple(distinct)
    same = same_person_steps(proposal, actor, step)
    kept_apart = [other for other in same if step in distinct and other in distinct]
    if kept_apart:
        raise NotAllowed(msg(
            N_("segregation of duties: you recorded %(done)s of proposal %(id)s, so %(step)s must be "
               "recorded by another person"),
            done=join(", ", [as_msg(STEP_NAME[s]) for s in kept_apart]), id=proposal.id, step=as_msg(STEP_NAME[step])))
    return same


def segregation_details(settings, same: list[str]) -> dict:
    """What a step's audit entry records: the setting in force, and steps the same person took."""
    details = {"distinct_steps": list(settings.disposal_distinct_steps)}
    if same:
        details["same_person_as"] = same  # allowed by the office's setting, never silently
    return details


def clearance(user: User | None) -> int:
    return CLEARANCE.get(user.role, -1) if user is not None else -1


def cleared_for(user: User | None, doc: Document) -> bool:
    return doc.sifat_level <= clearance(user)


def require_cleared(actor: User, docs: Iterable[Document], what: str) -> None:
    above = [doc for doc in docs if not cleared_for(actor, doc)]
    if above:
        raise NotAllowed(msg(
            N_("%(n)s records of this proposal are above your security clearance: %(what)s needs a person "
               "cleared for them"), n=len(above), what=as_msg(what)))


def highest_sifat(docs: Iterable[Document]) -> str:
    levels = [doc.sifat_level for doc in docs]
    return list(Sifat)[max(levels)].value if levels else Sifat.BIASA.value
