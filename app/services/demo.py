"""The demo office: an organisation, one account per role, the demo JRA, sample letters.

Idempotent: running it again on the same data dir changes nothing that exists.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Position, Unit, User
from app.services.users import create_user
from config import Settings
from config.settings import MIN_SECRET_KEY_LENGTH

DEMO_PASSWORD = "lontar-demo-2024"
DEMO_SEED = 2024


def demo_secret_key(settings: Settings) -> str:
    """The demo's session key: LONTAR_SECRET_KEY if set, else one generated for this data dir.

    Kept in the data dir (mode 0600) so that sessions survive a restart of the demo, and
    different for every data dir so that no published key signs anyone's cookies.
    """
    if settings.secret_key:
        return settings.secret_key
    path = settings.secret_key_file
    if path.is_file():
        key = path.read_text(encoding="ascii", errors="replace").strip()
        if len(key) >= MIN_SECRET_KEY_LENGTH:
            path.chmod(0o600)
            return key
        path.unlink()  # empty or truncated: make a new one
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    position: str | None


ACCOUNTS = (
    DemoAccount("admin", "admin", None),
    DemoAccount("arsiparis", "arsiparis", "Pengadministrasi Umum"),
    DemoAccount("kadis", "pejabat", "Kepala Dinas"),
    DemoAccount("sekretaris", "pejabat", "Sekretaris"),
    DemoAccount("kabid", "pejabat", "Kepala Bidang Pendidikan Dasar"),
    DemoAccount("staf", "staf", "Staf Bidang Pendidikan Dasar"),
    DemoAccount("pengelola", "pengelola_arsip", "Pengelola Arsip"),
    # A disposal is reviewed, approved and executed by different accounts (the default
    # LONTAR_DISPOSAL_DISTINCT_STEPS): with the administrator, three records accounts.
    DemoAccount("panitia", "pengelola_arsip", None),
)

# (unit code, unit name, parent unit code)
UNITS = (
    ("DISDIK", "Dinas Pendidikan", None),
    ("DISDIK-SEK", "Sekretariat", "DISDIK"),
    ("DISDIK-DAS", "Bidang Pendidikan Dasar", "DISDIK"),
)
# (position name, unit code, superior position name)
POSITIONS = (
    ("Kepala Dinas", "DISDIK", None),
    ("Sekretaris", "DISDIK-SEK", "Kepala Dinas"),
    ("Kepala Bidang Pendidikan Dasar", "DISDIK-DAS", "Kepala Dinas"),
    ("Pengadministrasi Umum", "DISDIK-SEK", "Sekretaris"),
    ("Pengelola Arsip", "DISDIK-SEK", "Sekretaris"),
    ("Staf Bidang Pendidikan Dasar", "DISDIK-DAS", "Kepala Bidang Pendidikan Dasar"),
)


def seed_office(session: Session) -> Unit:
    """Units, positions, accounts, the instruction list and the demo JRA. Returns the top unit."""
    units: dict[str, Unit] = {u.code: u for u in session.scalars(select(Unit))}
    for code, name, parent in UNITS:
        if code not in units:
            units[code] = Unit(code=code, name=name, parent_id=units[parent].id if parent else None)
            session.add(units[code])
            session.flush()
    positions: dict[str, Position] = {p.name: p for p in session.scalars(select(Position))}
    for name, unit_code, superior in POSITIONS:
        if name not in positions:
            positions[name] = Position(name=name, unit_id=units[unit_code].id,
                                       parent_id=positions[superior].id if superior else None)
            session.add(positions[name])
            session.flush()
    existing = set(session.scalars(select(User.username)))
    for account in ACCOUNTS:
        if account.username not in existing:
            position_id = positions[account.position].id if account.position else None
            create_user(session, account.username, DEMO_PASSWORD, account.role, position_id=position_id)
    _seed_office_tables(session)
    return units["DISDIK"]


def _seed_office_tables(session: Session) -> None:
    from app.models import ClassificationNode
    from app.services import disposition, retention

    disposition.ensure_defaults(session)
    if session.scalar(select(ClassificationNode.id).limit(1)) is None:
        retention.load_demo_schedule(session)


def render_sample_letters(out_dir: Path, count: int, seed: int = DEMO_SEED) -> list[Path]:
    """Scanned sample letters in mixed formats (deterministic by seed)."""
    from corpus import generate_letter, render_letter

    formats = ("pdf", "png", "jpeg", "tiff")
    paths = []
    for index in range(count):
        fmt = formats[index % len(formats)]
        letter = generate_letter(seed, index, single_page=fmt in ("png", "jpeg"))
        existing = sorted(out_dir.glob(f"{letter.id}.*"))
        existing = [p for p in existing if p.suffix != ".json"]
        paths.append(existing[0] if existing else render_letter(letter, out_dir, fmt=fmt, dpi=200))
    return paths
