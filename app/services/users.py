"""Users and API tokens."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import ApiToken, Role, User
from app.services import audit
from app.services.i18n import N_, Translatable, msg

MIN_PASSWORD_LENGTH = 8
NIP_DIGITS = 18


def clean_nip(raw: str | None) -> str | None:
    """An 18-digit NIP, kept as printed groups (19700101 199503 2 001) are read: digits only; None if empty."""
    digits = "".join((raw or "").split())
    if not digits:
        return None
    if not digits.isdigit() or len(digits) != NIP_DIGITS:
        raise UserError(msg(N_("a NIP has %(n)s digits (spaces allowed)"), n=NIP_DIGITS))
    return digits


class UserError(Translatable, ValueError):
    """A user cannot be created or changed as asked; the message is for people."""


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    position_id: int | None = None,
    email: str | None = None,
    actor: User | None = None,
    nip: str | None = None,
) -> User:
    username = username.strip()
    if not username or len(username) > 80:
        raise UserError(N_("username must be 1 to 80 characters"))
    if role not in {r.value for r in Role}:
        raise UserError(msg(N_("unknown role %(role)r; choose one of: %(roles)s"), role=role,
                                roles=", ".join(r.value for r in Role)))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(msg(N_("password must be at least %(n)s characters"), n=MIN_PASSWORD_LENGTH))
    if session.scalar(select(User.id).where(User.username == username)):
        raise UserError(msg(N_("username %(username)r is taken"), username=username))
    user = User(
        username=username,
        full_name=full_name or username,
        password_hash=generate_password_hash(password, method="scrypt"),
        role=role,
        position_id=position_id,
        email=email,
        nip=clean_nip(nip),
    )
    session.add(user)
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="user", object_id=user.id, change="created", role=role)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "") -> str:
    """Create an API token; the plain token is returned once and only its hash is kept."""
    token = "lt_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_token_hash(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked.is_(False)))
    if row is None or not row.user.active:
        return None
    return row.user


def update_user(session: Session, user: User, *, role: str | None = None, active: bool | None = None,
                full_name: str | None = None, actor: User | None = None, nip: str | None = None) -> list[str]:
    """Change role, active flag, name or NIP; audited. Returns what changed."""
    changes = {}
    if role is not None and role != user.role:
        if role not in {r.value for r in Role}:
            raise UserError(msg(N_("unknown role %(role)r; choose one of: %(roles)s"), role=role,
                                roles=", ".join(r.value for r in Role)))
        changes["role"] = (user.role, role)
    if active is not None and active != user.active:
        if actor is not None and actor.id == user.id and not active:
            raise UserError(N_("you cannot deactivate your own account"))
        changes["active"] = (user.active, active)
    if full_name is not None and full_name.strip() and full_name.strip() != user.full_name:
        if len(full_name.strip()) > 200:
            raise UserError(N_("the name is too long (at most 200 characters)"))
        changes["full_name"] = (user.full_name, full_name.strip())
    if nip is not None and clean_nip(nip) != user.nip:
        changes["nip"] = (user.nip, clean_nip(nip))
    for name, (_old, new) in changes.items():
        setattr(user, name, new)
    if changes:
        session.flush()
        audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="user", object_id=user.id,
                     change="updated", **{k: {"old": o, "new": n} for k, (o, n) in changes.items()})
    return sorted(changes)
