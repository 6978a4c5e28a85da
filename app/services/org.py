"""The organisation: units, positions (jabatan), who holds them, Plt/Plh.

Dispositions flow down the position tree (``Position.parent_id`` is the superior), so
the helpers here answer "which positions are below this one" and "who acts for this
position". Plain module: no Flask.
"""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Position, Role, Unit, User
from app.services import audit, csv_cells
from app.services.access import user_positions
from app.services.i18n import N_, Translatable, msg


class OrgError(Translatable, ValueError):
    """The organisation cannot be changed as asked; the message is for people."""


ADMIN_ROLES = {Role.ADMIN.value}


def require_admin(actor: User | None) -> None:
    # actor None is the command line run by the operator.
    if actor is not None and actor.role not in ADMIN_ROLES:
        raise OrgError(N_("only an administrator may change units and positions"))


def positions_below(session: Session, position_id: int) -> list[int]:
    """Every position under this one (all levels), not including itself."""
    found: list[int] = []
    frontier = [position_id]
    while frontier:
        frontier = [p for p in session.execute(select(Position.id).where(Position.parent_id.in_(frontier))).scalars() if p not in found]
        found.extend(frontier)
    return found


def is_below(session: Session, position_id: int, superior_id: int) -> bool:
    """True when ``superior_id`` is an ancestor of ``position_id``."""
    seen: set[int] = set()
    current = session.get(Position, position_id)
    while current is not None and current.parent_id is not None and current.id not in seen:
        seen.add(current.id)
        if current.parent_id == superior_id:
            return True
        current = session.get(Position, current.parent_id)
    return False


def holders(session: Session, position_id: int) -> list[User]:
    """Active users who act for the position: its holder(s) and its Plt/Plh."""
    position = session.get(Position, position_id)
    if position is None:
        return []
    stmt = select(User).where(User.active.is_(True))
    if position.acting_user_id:
        stmt = stmt.where(or_(User.position_id == position_id, User.id == position.acting_user_id))
    else:
        stmt = stmt.where(User.position_id == position_id)
    return list(session.execute(stmt.order_by(User.id)).scalars())


def holds(session: Session, user: User, position_id: int) -> bool:
    return position_id in user_positions(session, user)


def vacant_positions(session: Session) -> list[Position]:
    """Positions nobody holds (a Plt/Plh counts as holding)."""
    held = select(User.position_id).where(User.active.is_(True), User.position_id.is_not(None))
    stmt = select(Position).where(Position.id.not_in(held), Position.acting_user_id.is_(None)).order_by(Position.id)
    return list(session.execute(stmt).scalars())


def create_unit(session: Session, actor: User | None, code: str, name: str, parent_id: int | None = None) -> Unit:
    require_admin(actor)
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise OrgError(N_("a unit needs a code and a name"))
    if session.scalar(select(Unit.id).where(Unit.code == code)):
        raise OrgError(msg(N_("unit code %(code)r is already used"), code=code))
    if parent_id is not None and session.get(Unit, parent_id) is None:
        raise OrgError(msg(N_("parent unit %(id)s does not exist"), id=parent_id))
    unit = Unit(code=code, name=name, parent_id=parent_id)
    session.add(unit)
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="unit", object_id=unit.id, change="unit_created", code=code)
    return unit


def create_position(session: Session, actor: User | None, name: str, unit_id: int, parent_id: int | None = None) -> Position:
    require_admin(actor)
    name = name.strip()
    if not name:
        raise OrgError(N_("a position needs a name"))
    if session.get(Unit, unit_id) is None:
        raise OrgError(msg(N_("unit %(id)s does not exist"), id=unit_id))
    if parent_id is not None and session.get(Position, parent_id) is None:
        raise OrgError(msg(N_("superior position %(id)s does not exist"), id=parent_id))
    position = Position(name=name, unit_id=unit_id, parent_id=parent_id)
    session.add(position)
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="position", object_id=position.id, change="position_created", name=name)
    return position


def set_superior(session: Session, actor: User | None, position: Position, parent_id: int | None) -> None:
    require_admin(actor)
    if parent_id is not None and (parent_id == position.id or is_below(session, parent_id, position.id)):
        raise OrgError(msg(N_("%(position)r cannot report to a position below itself"), position=position.name))
    position.parent_id = parent_id
    session.flush()


def assign_holder(session: Session, actor: User | None, user: User, position_id: int | None) -> None:
    require_admin(actor)
    if position_id is not None and session.get(Position, position_id) is None:
        raise OrgError(msg(N_("position %(id)s does not exist"), id=position_id))
    old = user.position_id
    user.position_id = position_id
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="user", object_id=user.id, change="position", old=old, new=position_id)


def set_acting(session: Session, actor: User | None, position: Position, user: User | None) -> None:
    """Name (or clear, with None) the Plt/Plh of a position."""
    require_admin(actor)
    old = position.acting_user_id
    position.acting_user_id = user.id if user else None
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="position", object_id=position.id, change="acting", old=old, new=position.acting_user_id)


def position_label(position: Position | None) -> str:
    if position is None:
        return ""
    return f"{position.name} ({position.unit.code})" if position.unit else position.name


# --- CSV import / export ------------------------------------------------------------
# One file, one row per unit or position:
#   kind,code,name,parent,unit,holders,acting
#   unit,DISDIK,Dinas Pendidikan,,,,
#   position,,Kepala Dinas,,DISDIK,kadis,
#   position,,Kepala Bidang Dikdas,Kepala Dinas,DISDIK-A,kabid_a;kabid_a2,plt_user
# Units are keyed by code; positions by name (unique within the file), the parent of a
# position is its superior's name. Holders are usernames separated by ";". The import
# is all-or-nothing and safe to repeat (existing rows are updated).

CSV_COLUMNS = ["kind", "code", "name", "parent", "unit", "holders", "acting"]


def export_csv(session: Session) -> str:
    import io

    out = io.StringIO()
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    units = {u.id: u for u in session.execute(select(Unit).order_by(Unit.id)).scalars()}
    for unit in units.values():
        writer.writerow(["unit", unit.code, unit.name, units[unit.parent_id].code if unit.parent_id else "", "", "", ""])
    positions = {p.id: p for p in session.execute(select(Position).order_by(Position.id)).scalars()}
    users = {u.id: u for u in session.execute(select(User)).scalars()}
    for position in positions.values():
        names = ";".join(u.username for u in users.values() if u.position_id == position.id)
        acting = users[position.acting_user_id].username if position.acting_user_id else ""
        parent = positions[position.parent_id].name if position.parent_id else ""
        writer.writerow(["position", "", position.name, parent, units[position.unit_id].code, names, acting])
    return out.getvalue()


def _read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("kind", "name") if c not in (reader.fieldnames or [])]
    if missing:
        raise OrgError(msg(N_("the CSV header must have the columns %(columns)s (missing: %(missing)s)"),
                           columns=", ".join(CSV_COLUMNS), missing=", ".join(missing)))
    return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]


def import_csv(session: Session, actor: User | None, text: str) -> dict[str, int]:
    """Create or update units and positions from CSV text; returns counts."""
    require_admin(actor)
    rows = _read_rows(text)
    unit_rows = [(n, r) for n, r in rows if r["kind"].lower() == "unit"]
    position_rows = [(n, r) for n, r in rows if r["kind"].lower() == "position"]
    for n, r in rows:
        if r["kind"].lower() not in ("unit", "position"):
            raise OrgError(msg(N_("line %(line)s: kind must be 'unit' or 'position', not %(kind)r"), line=n, kind=r["kind"]))
    counts = {"units": _import_units(session, unit_rows), "positions": 0}
    counts["positions"] = _import_positions(session, position_rows)
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="org", change="csv_import", **counts)
    return counts


def _import_units(session: Session, rows: list[tuple[int, dict[str, str]]]) -> int:
    by_code = {u.code: u for u in session.execute(select(Unit)).scalars()}
    for n, r in rows:
        if not r.get("code") or not r["name"]:
            raise OrgError(msg(N_("line %(line)s: a unit needs a code and a name"), line=n))
        unit = by_code.get(r["code"])
        if unit is None:
            unit = Unit(code=r["code"], name=r["name"])
            session.add(unit)
            by_code[r["code"]] = unit
        unit.name = r["name"]
    session.flush()
    for n, r in rows:
        parent = r.get("parent", "")
        if parent and parent not in by_code:
            raise OrgError(msg(N_("line %(line)s: parent unit %(parent)r is not defined"), line=n, parent=parent))
        by_code[r["code"]].parent_id = by_code[parent].id if parent else None
    session.flush()
    return len(rows)


def _import_positions(session: Session, rows: list[tuple[int, dict[str, str]]]) -> int:
    units = {u.code: u for u in session.execute(select(Unit)).scalars()}
    users = {u.username: u for u in session.execute(select(User)).scalars()}
    by_name = {p.name: p for p in session.execute(select(Position)).scalars()}
    seen: set[str] = set()
    for n, r in rows:
        if not r["name"] or r.get("unit") not in units:
            raise OrgError(msg(N_("line %(line)s: a position needs a name and a known unit code (got %(unit)r)"),
                               line=n, unit=r.get("unit")))
        if r["name"] in seen:
            raise OrgError(msg(N_("line %(line)s: position %(name)r appears twice; position names must be unique"),
                               line=n, name=r["name"]))
        seen.add(r["name"])
        position = by_name.get(r["name"]) or Position(name=r["name"], unit_id=units[r["unit"]].id)
        position.unit_id = units[r["unit"]].id
        session.add(position)
        by_name[r["name"]] = position
    session.flush()
    for n, r in rows:
        position = by_name[r["name"]]
        parent = r.get("parent", "")
        if parent and parent not in by_name:
            raise OrgError(msg(N_("line %(line)s: superior position %(parent)r is not defined"), line=n, parent=parent))
        position.parent_id = by_name[parent].id if parent else None
        for username in filter(None, (h.strip() for h in r.get("holders", "").split(";"))):
            if username not in users:
                raise OrgError(msg(N_("line %(line)s: user %(user)r does not exist"), line=n, user=username))
            users[username].position_id = position.id
        acting = r.get("acting", "")
        if acting and acting not in users:
            raise OrgError(msg(N_("line %(line)s: user %(user)r does not exist"), line=n, user=acting))
        position.acting_user_id = users[acting].id if acting else None
    session.flush()
    _check_no_cycles(session, [by_name[r["name"]] for _, r in rows])
    return len(rows)


def _check_no_cycles(session: Session, positions: list[Position]) -> None:
    parents = dict(session.execute(select(Position.id, Position.parent_id)).all())
    for position in positions:
        seen, current = set(), position.id
        while current is not None:
            if current in seen:
                raise OrgError(msg(N_("position %(name)r is its own superior (a cycle in the hierarchy)"), name=position.name))
            seen.add(current)
            current = parents.get(current)
