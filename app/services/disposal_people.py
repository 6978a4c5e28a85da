"""The people named on a berita acara: full name, jabatan and NIP, never a username.

Committee members and witnesses are entered one per line, either as the username of an
account (its full name, position and NIP are taken from the account) or as
``Nama; Jabatan; NIP`` (the NIP may be left out for someone who has none, e.g. a
contract worker). They are stored as dicts; proposals made before this stored plain
names, which are still shown as they were.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User
from app.services.classification import InvalidInput
from app.services.i18n import N_, msg
from app.services.office_settings import nip_groups
from app.services.users import UserError, clean_nip

MAX_TEXT = 200
SEPARATORS = re.compile(r"\s*[;|]\s*")


def of_user(user: User | None) -> dict[str, Any]:
    if user is None:
        return {"name": "-", "jabatan": "", "nip": None, "user_id": None}
    jabatan = user.position.name if user.position is not None else ""
    return {"name": user.full_name or user.username, "jabatan": jabatan, "nip": user.nip,
            "user_id": user.id}


def parse(session: Session, entries: Iterable[Any], what: str) -> list[dict[str, Any]]:
    """Each entry (a line or a dict with name/jabatan/nip) as a person; refuse an incomplete one."""
    people = []
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict):
            parts = [str(entry.get(k) or "") for k in ("name", "jabatan", "nip")]
        else:
            text = str(entry or "").strip()
            if not text:
                continue
            account = session.scalar(select(User).where(User.username == text, User.active.is_(True)))
            if account is not None:
                people.append(of_user(account))
                continue
            parts = SEPARATORS.split(text)
        people.append(_person(parts, number, what))
    return people


def _person(parts: list[str], number: int, what: str) -> dict[str, Any]:
    name, jabatan = (parts + ["", ""])[:2]
    nip_raw = parts[2] if len(parts) > 2 else ""
    if len(parts) > 3 or not name.strip() or not jabatan.strip():
        raise InvalidInput(msg(N_("%(what)s, line %(n)s: write “Name; Position; NIP” (or a username)"),
                               what=msg(what), n=number))
    try:
        nip = clean_nip(nip_raw)
    except UserError:
        raise InvalidInput(msg(N_("%(what)s, line %(n)s: %(nip)s is not a NIP (18 digits)"), what=msg(what),
                               n=number, nip=nip_raw.strip())) from None
    return {"name": name.strip()[:MAX_TEXT], "jabatan": jabatan.strip()[:MAX_TEXT], "nip": nip, "user_id": None}


def describe(person: Any) -> str:
    """One line for pages and lists: "Drs. Ahmad, Kepala Dinas, NIP 19700101 199503 2 001"."""
    if not isinstance(person, dict):
        return str(person)
    parts = [person.get("name") or "-"]
    if person.get("jabatan"):
        parts.append(person["jabatan"])
    if person.get("nip"):
        parts.append(f"NIP {nip_groups(person['nip'])}")
    return ", ".join(parts)


def same_person(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("user_id") and a.get("user_id") == b.get("user_id"):
        return True
    if a.get("nip") and a.get("nip") == b.get("nip"):
        return True
    return (a.get("name") or "").strip().lower() == (b.get("name") or "").strip().lower()


def witnesses(session: Session, executor: User, entries: Iterable[Any], minimum: int) -> list[dict[str, Any]]:
    """The witnesses of an execution: at least ``minimum``, named, none of them the executor."""
    present = parse(session, entries or [], N_("witnesses"))
    if len(present) < minimum:
        raise InvalidInput(msg(N_("name at least %(n)s witnesses of the destruction (name, position and NIP)"),
                               n=minimum))
    if any(same_person(w, of_user(executor)) for w in present):
        raise InvalidInput(N_("the person who executes the disposal cannot also be its witness"))
    return present
