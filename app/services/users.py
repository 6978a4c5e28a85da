"""Users and API tokens: creation, changes, passwords and the guard on the last admin."""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import ApiToken, Role, User
from app.services import audit, sessions
from app.services.i18n import N_, Translatable, msg
from app.services.passwords import MIN_PASSWORD_LENGTH, PasswordError, check_password

__all__ = ["MIN_PASSWORD_LENGTH", "UserError", "authenticate", "change_own_password", "clean_nip", "create_user",
           "issue_token", "reset_password", "update_user", "user_for_token"]

# Letters, digits, dot, underscore, hyphen; starts with a letter or digit. No spaces,
# no look-alike Unicode: a username is typed at the login prompt and shown in audit trails.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
ROLES = tuple(r.value for r in Role)
# Hash of a password nobody has: checked when the username is unknown, so that a wrong
# username costs as long as a wrong password and does not reveal which accounts exist.
_NO_USER_HASH = generate_password_hash(secrets.token_urlsafe(16), method="scrypt")
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


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(msg(N_("unknown role %(role)r; choose one of: %(roles)s"), role=role, roles=", ".join(ROLES)))


def _check_username(username: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise UserError(N_("the username may use only letters a-z, digits, dot, hyphen and underscore "
                           "(no spaces), at most 80 characters, starting with a letter or digit"))


def _password_hash(password: str, username: str) -> str:
    try:
        check_password(password, username)
    except PasswordError as exc:
        raise UserError(exc.args[0]) from None
    return generate_password_hash(password, method="scrypt")


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
    _check_username(username)
    _check_role(role)
    password_hash = _password_hash(password, username)
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise UserError(msg(N_("username %(username)r is taken"), username=username))
    user = User(username=username, full_name=full_name or username, password_hash=password_hash, role=role,
                position_id=position_id, email=email, nip=clean_nip(nip))
    session.add(user)
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="user", object_id=user.id, change="created", role=role)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_NO_USER_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
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


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True),
                                                            User.id != user.id)) or 0


def _guard_last_admin(session: Session, user: User, role: str | None, active: bool | None) -> None:
    """The archive must keep one active admin: nobody could manage users any more."""
    loses_admin = (role is not None and role != Role.ADMIN.value) or active is False
    if user.role == Role.ADMIN.value and user.active and loses_admin and not _other_active_admins(session, user):
        raise UserError(N_("this is the last active administrator: make another user administrator first"))


def update_user(session: Session, user: User, *, role: str | None = None, active: bool | None = None,
                full_name: str | None = None, actor: User | None = None, nip: str | None = None) -> list[str]:
    """Change role, active flag, name or NIP; audited. Returns what changed."""
    changes = {}
    if role is not None and role != user.role:
        _check_role(role)
        changes["role"] = (user.role, role)
    if active is not None and active != user.active:
        if actor is not None and actor.id == user.id and not active:
            raise UserError(N_("you cannot deactivate your own account"))
        changes["active"] = (user.active, active)
    _guard_last_admin(session, user, role if "role" in changes else None, active if "active" in changes else None)
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
        if changes.get("active", (None, True))[1] is False:
            sessions.end_all(session, user.id, sessions.EndReason.DEACTIVATED)
        audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="user", object_id=user.id,
                     change="updated", **{k: {"old": o, "new": n} for k, (o, n) in changes.items()})
    return sorted(changes)


def _set_password(session: Session, user: User, new_password: str, actor: User | None, change: str) -> None:
    user.password_hash = _password_hash(new_password, user.username)
    session.flush()
    # Whoever knew the old password may hold a session: every session of the account ends.
    sessions.end_all(session, user.id, sessions.EndReason.PASSWORD)
    audit.record(session, audit.Action.USER_CHANGED, actor=actor, object_type="user", object_id=user.id, change=change)


def change_own_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    """The user changes their password; the current one is required. Ends all their sessions."""
    if not check_password_hash(user.password_hash, current_password):
        raise UserError(N_("the current password is wrong"))
    if new_password == current_password:
        raise UserError(N_("the new password must differ from the current one"))
    _set_password(session, user, new_password, actor=user, change="password_changed")


def reset_password(session: Session, user: User, new_password: str, actor: User | None) -> None:
    """An administrator (or the CLI) sets a new password; ends all the user's sessions."""
    _set_password(session, user, new_password, actor=actor, change="password_reset")


def end_all_sessions(session: Session, user: User, actor: User | None = None) -> int:
    """"Log out everywhere" (by the user, or an admin for a lost laptop): ends every session of ``user``."""
    count = sessions.end_all(session, user.id, sessions.EndReason.EVERYWHERE)
    audit.record(session, audit.Action.USER_CHANGED, actor=actor or user, object_type="user", object_id=user.id,
                 change="sessions_ended", sessions=count)
    return count
