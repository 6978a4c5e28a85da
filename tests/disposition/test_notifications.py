"""In-app notifications and e-mail through a real local SMTP server (aiosmtpd)."""
from __future__ import annotations

import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.models import Notification, User
from app.services import disposition as dsp
from app.services import notifications
from app.services import registration as reg
from tests.disposition.conftest import form, load_org
from tests.factories import make_document


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, sink
    controller.stop()


def _setup(runtime):
    with runtime.session_scope() as session:
        org = load_org(session)
        org.users["kabid_a"].email = "kabid.a@disdik.example.go.id"
        org.users["kadis"].email = "kadis@disdik.example.go.id"
        doc = make_document(session, ["surat"], nomor="9/9/9", unit_id=org.dinas.id)
        registration = reg.register(session, doc, org.users["arsiparis"], form(org))
        top = dsp.dispose(session, org.users["kadis"], registration, [org.kabid_a.id, org.kabid_b.id], ["Untuk diketahui"])
        return org, [r.id for r in top.recipients]


def test_in_app_notifications_for_recipients_and_sender(runtime):
    org, (entry_a, _entry_b) = _setup(runtime)
    with runtime.session_scope() as s:
        kabid_a = s.get(User, org.users["kabid_a"].id)
        kabid_b = s.get(User, org.users["kabid_b"].id)
        mine = notifications.for_user(s, kabid_a)
        assert len(mine) == 1 and "Disposisi baru dari Kepala Dinas" in notifications.render_in(mine[0], "id")
        assert "New disposition from Kepala Dinas" in notifications.render_in(mine[0], "en") == mine[0].message
        assert mine[0].link == f"/disposisi/entry/{entry_a}"
        assert notifications.unread_count(s, kabid_b) == 1
        dsp.complete(s, kabid_a, entry_a, "sudah")
    with runtime.session_scope() as s:
        kadis = s.get(User, org.users["kadis"].id)
        assert notifications.unread_count(s, kadis) == 2  # the letter addressed to him, then the report
        assert "menyelesaikan disposisi" in notifications.render_in(notifications.for_user(s, kadis)[0], "id")
        assert "menunggu disposisi" in notifications.render_in(notifications.for_user(s, kadis)[1], "id")
        assert notifications.mark_read(s, kadis) == 2
        assert notifications.unread_count(s, kadis) == 0


def test_email_through_smtp_sink(runtime, smtp_sink):
    controller, sink = smtp_sink
    _setup(runtime)
    with runtime.session_scope() as s:
        load_org(s).users["kabid_a"].language = "en"  # each e-mail in its recipient's language
    assert notifications.send_pending_email(runtime.sessions, runtime.settings) == 0  # SMTP not configured
    settings = runtime.settings.with_overrides(smtp_host="127.0.0.1", smtp_port=controller.port, mail_from="lontar@disdik.example.go.id")
    # kadis (the letter addressed to him) and kabid_a (the disposition) have an address; kabid_b has none
    assert notifications.send_pending_email(runtime.sessions, settings) == 2
    mails = {tuple(rcpt): mail for rcpt, mail in sink.messages}
    letter, mail = mails[("kadis@disdik.example.go.id",)], mails[("kabid.a@disdik.example.go.id",)]
    assert "menunggu disposisi" in letter["Subject"] and "/disposisi/letter/" in letter.get_payload()
    assert mail["From"] == "lontar@disdik.example.go.id" and "New disposition from Kepala Dinas" in mail["Subject"]
    assert "/disposisi/entry/" in mail.get_payload()
    assert notifications.send_pending_email(runtime.sessions, settings) == 0  # nothing sent twice
    with runtime.session_scope() as s:
        flags = dict(s.execute(select(Notification.user_id, Notification.emailed)).all())
        assert flags[load_org(s).users["kabid_a"].id] is True and flags[load_org(s).users["kabid_b"].id] is False


def test_smtp_down_keeps_mail_pending(runtime):
    _setup(runtime)
    settings = runtime.settings.with_overrides(smtp_host="127.0.0.1", smtp_port=_free_port())
    assert notifications.send_pending_email(runtime.sessions, settings) == 0
    with runtime.session_scope() as s:
        assert s.scalar(select(Notification).where(Notification.emailed.is_(True))) is None


def test_notifications_read_in_the_readers_language(runtime, as_user):
    _setup(runtime)
    with runtime.session_scope() as s:
        load_org(s).users["kabid_a"].language = "en"
    english = as_user("kabid_a").get("/disposisi/").get_data(as_text=True)
    indonesian = as_user("kabid_b").get("/disposisi/").get_data(as_text=True)
    assert "New disposition from Kepala Dinas: " in english and "Disposisi baru" not in english
    assert "Disposisi baru dari Kepala Dinas: " in indonesian
