"""The office's own rules and values: the standard instruction list, the deadline per urgency,
the letterhead (kop) of its printed forms.

All are data, edited by an admin; every change is an audit entry.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import InstructionOption, OfficeSetting, Position, Role, Unit, UrgencyDeadline, User
from app.services import audit
from app.services.disposition_rules import DEFAULT_DEADLINE_DAYS, ensure_defaults
from app.services.i18n import N_, Translatable, msg

MAX_LABEL = 200
MAX_DAYS = 365


class SettingsRefused(Translatable, ValueError):
    """A change to the office's rules was refused; the message is for people."""


def _require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN.value:
        raise SettingsRefused(N_("only an administrator may change the office's disposition rules"))


def instructions(session: Session) -> list[InstructionOption]:
    """Every instruction, active ones first in their order."""
    ensure_defaults(session)
    stmt = select(InstructionOption).order_by(InstructionOption.active.desc(), InstructionOption.sort_order, InstructionOption.id)
    return list(session.scalars(stmt))


def add_instruction(session: Session, actor: User, label: str) -> InstructionOption:
    _require_admin(actor)
    label = " ".join((label or "").split())
    if not label:
        raise SettingsRefused(N_("the instruction needs a text"))
    if len(label) > MAX_LABEL:
        raise SettingsRefused(msg(N_("the instruction is longer than %(n)s characters"), n=MAX_LABEL))
    ensure_defaults(session)
    if session.scalar(select(InstructionOption.id).where(func.lower(InstructionOption.label) == label.lower())):
        raise SettingsRefused(msg(N_("the instruction %(label)s is already in the list"), label=label))
    last = session.scalar(select(func.max(InstructionOption.sort_order))) or 0
    option = InstructionOption(label=label, sort_order=last + 1, active=True)
    session.add(option)
    session.flush()
    audit.record(session, audit.Action.SCHEME_CHANGED, actor=actor, object_type="instruction", object_id=option.id,
                 change="added", label=label)
    return option


def set_instruction_active(session: Session, actor: User, option_id: int, active: bool) -> InstructionOption:
    """Withdraw or restore an instruction; past dispositions keep the text they were given."""
    _require_admin(actor)
    option = session.get(InstructionOption, option_id)
    if option is None:
        raise SettingsRefused(N_("that instruction does not exist"))
    if option.active != active:
        option.active = active
        audit.record(session, audit.Action.SCHEME_CHANGED, actor=actor, object_type="instruction",
                     object_id=option.id, change="restored" if active else "withdrawn", label=option.label)
    session.flush()
    return option


def deadline_table(session: Session) -> dict[str, int]:
    ensure_defaults(session)
    rows = {row.urgensi: row.days for row in session.scalars(select(UrgencyDeadline))}
    return {urgensi: rows[urgensi] for urgensi in DEFAULT_DEADLINE_DAYS}


def set_deadline_table(session: Session, actor: User, days_by_urgency: dict[str, int]) -> dict[str, int]:
    """Replace the default deadline (in days) of each urgency."""
    _require_admin(actor)
    ensure_defaults(session)
    before = deadline_table(session)
    for urgensi, days in days_by_urgency.items():
        if urgensi not in DEFAULT_DEADLINE_DAYS:
            raise SettingsRefused(msg(N_("unknown urgency %(urgency)s"), urgency=urgensi))
        if not 0 <= days <= MAX_DAYS:
            raise SettingsRefused(msg(N_("a deadline must be between 0 and %(n)s days"), n=MAX_DAYS))
    for urgensi, days in days_by_urgency.items():
        session.get(UrgencyDeadline, urgensi).days = days
    session.flush()
    after = deadline_table(session)
    if after != before:
        audit.record(session, audit.Action.SCHEME_CHANGED, actor=actor, object_type="deadline_table",
                     change="deadlines", old=before, new=after)
    return after


# --- letterhead (kop) and how people are named on printed forms ------------------------------

LETTERHEAD_KEYS = ("letterhead_government", "letterhead_agency", "letterhead_address")
MAX_LETTERHEAD = 300


@dataclass(frozen=True)
class Letterhead:
    """The kop printed on the office's forms: government, agency, address line."""

    government: str
    agency: str
    address: str

    def lines(self) -> list[str]:
        return [line for line in (self.government, self.agency, self.address) if line]


@dataclass(frozen=True)
class PrintedPerson:
    """A person as a printed form names them: full name, jabatan, NIP (never the username)."""

    name: str
    jabatan: str
    nip: str


def _top_unit_name(session: Session) -> str:
    top = session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    return top.name if top else ""


def letterhead(session: Session) -> Letterhead:
    """The configured kop; an office that has set nothing gets its top unit's name as the agency."""
    stored = {row.key: row.value for row in session.scalars(select(OfficeSetting).where(OfficeSetting.key.in_(LETTERHEAD_KEYS)))}
    return Letterhead(
        government=stored.get("letterhead_government", ""),
        agency=stored.get("letterhead_agency") or _top_unit_name(session),
        address=stored.get("letterhead_address", ""),
    )


def set_letterhead(session: Session, actor: User, government: str, agency: str, address: str) -> Letterhead:
    _require_admin(actor)
    values = dict(zip(LETTERHEAD_KEYS, (" ".join((v or "").split()) for v in (government, agency, address))))
    if any(len(v) > MAX_LETTERHEAD for v in values.values()):
        raise SettingsRefused(msg(N_("a letterhead line is longer than %(n)s characters"), n=MAX_LETTERHEAD))
    before = letterhead(session)
    for key, value in values.items():
        row = session.get(OfficeSetting, key)
        if row is None:
            session.add(OfficeSetting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    after = letterhead(session)
    if after != before:
        audit.record(session, audit.Action.SCHEME_CHANGED, actor=actor, object_type="letterhead", change="letterhead",
                     old=before.lines(), new=after.lines())
    return after


def printed_person(user: User | None, position: Position | None = None) -> PrintedPerson:
    """``user`` as forms print them; ``position`` is the jabatan they acted in (default: their own)."""
    if user is None:
        return PrintedPerson(name="", jabatan=position.name if position else "", nip="")
    jabatan = position or user.position
    return PrintedPerson(name=user.full_name or user.username, jabatan=jabatan.name if jabatan else "", nip=nip_groups(user.nip))


def nip_groups(nip: str | None) -> str:
    """An 18-digit NIP as printed: birth date, appointment month, sex, serial (19700101 199503 2 001)."""
    digits = nip or ""
    if len(digits) != 18 or not digits.isdigit():
        return digits
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
