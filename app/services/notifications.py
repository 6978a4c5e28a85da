"""In-app notifications and, when SMTP is configured, e-mail.

A notification is written as a message for people (``app.services.i18n.msg``): its msgid
and values are kept with the row, so the page shows it in the reader's language and the
e-mail goes out in the recipient's (``render``). Rows are written in the caller's
transaction. E-mail is sent afterwards by ``send_pending_email`` (never inside a transaction: an SMTP server that is slow or
down must not hold the database lock); rows are marked ``emailed`` once sent.
"""
from __future__ import annotations

import smtplib
from datetime import datetime, timezone
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from babel.support import Translations
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import Notification, User
from app.services.i18n import N_, Msg, msg
from config import Settings

MAX_PER_RUN = 200
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def _columns(message: str) -> dict[str, Any]:
    """The row's English text and, for a ``Msg``, its msgid and values."""
    if isinstance(message, Msg):
        return {"message": str(message)[:2000], "template": message.template, "params": dict(message.params)}
    return {"message": message[:2000], "template": None, "params": None}


def notify_user(session: Session, user_id: int | None, kind: str, message: str, link: str | None = None) -> Notification | None:
    if user_id is None:
        return None
    note = Notification(user_id=user_id, kind=kind, link=link, **_columns(message))
    session.add(note)
    return note


def render(note: Notification, translate: Callable[[str], str]) -> str:
    """The note's text through ``translate`` (a gettext); older rows without a msgid as stored."""
    if not note.template:
        return note.message
    try:
        translated = translate(note.template)
        return translated % note.params if note.params else translated
    except (KeyError, ValueError, TypeError):  # a broken translation must not hide the note
        return note.message


@lru_cache(maxsize=8)
def _gettext(language: str) -> Callable[[str], str]:
    return Translations.load(str(TRANSLATIONS), [language]).gettext


def render_in(note: Notification, language: str) -> str:
    """The note in ``language`` ('id', 'en'), outside a web request (e-mail, CLI)."""
    return render(note, _gettext(language))


def notify_position(session: Session, position_id: int, kind: str, message: str, link: str | None = None) -> list[Notification]:
    """Notify everyone acting for the position (holders and Plt/Plh)."""
    from app.services.org import holders

    return [n for n in (notify_user(session, u.id, kind, message, link) for u in holders(session, position_id)) if n]


def entry_link(entry_id: int) -> str:
    """Where a notification about a disposition entry points."""
    return f"/disposisi/entry/{entry_id}"


def letter_link(registration_id: int) -> str:
    """Where a notification about a registered letter points."""
    return f"/disposisi/letter/{registration_id}"


def withdraw_letter(session: Session, registration_id: int) -> int:
    """The registration was cancelled: its notifications lose the subject and the link."""
    text = msg(N_("The registration of a letter addressed to you was cancelled by the registry clerk."))
    return _withdraw(session, letter_link(registration_id), text)


def withdraw_entry(session: Session, entry_id: int, sender_position: str) -> int:
    """The entry was cancelled: its notifications lose the subject and the link (the former
    recipient may no longer read the letter), and say it was withdrawn. Returns how many."""
    text = msg(N_("The disposition from %(sender)s was cancelled by its sender."), sender=sender_position)
    return _withdraw(session, entry_link(entry_id), text)


def _withdraw(session: Session, link: str, text: Msg) -> int:
    stmt = update(Notification).where(Notification.link == link)
    return session.execute(stmt.values(link=None, read_at=None, **_columns(text))).rowcount or 0


def for_user(session: Session, user: User, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return list(session.execute(stmt.order_by(Notification.id.desc()).limit(limit)).scalars())


def unread_count(session: Session, user: User) -> int:
    stmt = select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return session.scalar(stmt) or 0


def mark_read(session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, with None, all) of the user's notifications read; returns how many."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return session.execute(stmt.values(read_at=datetime.now(timezone.utc))).rowcount or 0


def _pending(sessions: sessionmaker[Session], settings: Settings) -> list[tuple[int, str, str, str | None]]:
    """(id, address, text in the recipient's language, link) of notes not yet e-mailed."""
    with sessions() as session, session.begin():
        stmt = (
            select(Notification, User.email, User.language)
            .join(User, User.id == Notification.user_id)
            .where(Notification.emailed.is_(False), User.email.is_not(None), User.email != "", User.active.is_(True))
            .order_by(Notification.id)
            .limit(MAX_PER_RUN)
        )
        return [(note.id, email, render_in(note, language or settings.default_language), note.link)
                for note, email, language in session.execute(stmt).all()]


def _message(settings: Settings, to: str, text: str, link: str | None) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.mail_from
    mail["To"] = to
    mail["Subject"] = "[Lontar] " + text[:120]
    body = text + (f"\n\n{link}" if link else "") + "\n\n-- Lontar"
    mail.set_content(body)
    return mail


def send_pending_email(sessions: sessionmaker[Session], settings: Settings) -> int:
    """Send notifications not yet e-mailed; returns how many were sent. No-op without SMTP."""
    if not settings.smtp_host:
        return 0
    pending = _pending(sessions, settings)
    if not pending:
        return 0
    sent: list[int] = []
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            for note_id, email, text, link in pending:
                try:
                    smtp.send_message(_message(settings, email, text, link))
                    sent.append(note_id)
                except smtplib.SMTPRecipientsRefused:
                    sent.append(note_id)  # a bad address will never work: do not retry forever
    except (OSError, smtplib.SMTPException):
        pass  # the server is down: what was not sent stays pending for the next run
    if sent:
        with sessions() as session, session.begin():
            session.execute(update(Notification).where(Notification.id.in_(sent)).values(emailed=True))
    return len(sent)
