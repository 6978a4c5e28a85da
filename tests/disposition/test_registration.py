"""Registering incoming letters: nomor agenda, validation, cancellation, prefill."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import AgendaCounter, AuditEntry, Registration
from app.services import registration as reg
from app.services.audit import Action
from tests.disposition.conftest import form
from tests.factories import make_document


def _doc(session, org, n):
    return make_document(session, [f"surat nomor {n}"], nomor=f"100/{n}/X", unit_id=org.dinas.id)


def test_agenda_numbers_run_per_year_and_label(session, org, registered):
    year = date.today().year
    assert registered.agenda_number == 1 and registered.year == year
    assert registered.agenda_label == f"0001/{year}"
    second = reg.register(session, _doc(session, org, 2), org.users["arsiparis"], form(org, nomor_surat="100/2/X"))
    assert second.agenda_number == 2
    last_year = date(year - 1, 12, 30)
    old = reg.register(session, _doc(session, org, 3), org.users["arsiparis"], form(org, tanggal_diterima=last_year.isoformat(), tanggal_surat=""))
    assert (old.year, old.agenda_number) == (year - 1, 1)


def test_agenda_number_never_reused_after_cancel(session, org, registered, letter):
    reg.cancel(session, registered, org.users["arsiparis"], "salah input")
    assert reg.active_registration(session, letter.id) is None
    again = reg.register(session, letter, org.users["arsiparis"], form(org))
    assert again.agenda_number == 2
    with pytest.raises(reg.AgendaClash, match="never reused"):
        reg.register(session, _doc(session, org, 9), org.users["arsiparis"], form(org, nomor_agenda="1"))
    with pytest.raises(reg.AgendaClash, match="already used"):
        reg.register(session, _doc(session, org, 10), org.users["arsiparis"], form(org, nomor_agenda="2"))
    assert session.get(AgendaCounter, date.today().year).last_number == 2


def test_manual_agenda_number_moves_counter(session, org, letter):
    first = reg.register(session, letter, org.users["arsiparis"], form(org, nomor_agenda="0040/2025"))
    assert first.agenda_number == 40
    nxt = reg.register(session, _doc(session, org, 5), org.users["arsiparis"], form(org))
    assert nxt.agenda_number == 41


def test_tanggal_diterima_defaults_to_today(session, org, letter):
    r = reg.register(session, letter, org.users["arsiparis"], form(org, tanggal_diterima=""))
    assert r.received_date == date.today()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"tanggal_surat": (date.today() + timedelta(days=2)).isoformat()}, "tanggal_surat", "in the future"),
        ({"tanggal_diterima": (date.today() + timedelta(days=1)).isoformat()}, "tanggal_diterima", "in the future"),
        ({"tanggal_surat": "31/02/2025"}, "tanggal_surat", "is not a date"),
        ({"perihal": "  "}, "perihal", "is required"),
        ({"asal_surat": ""}, "asal_surat", "is required"),
        ({"tujuan": ""}, "tujuan", "is required"),
        ({"tujuan": "99999"}, "tujuan", "does not exist"),
        ({"sifat": "top secret"}, "sifat", "must be one of"),
        ({"nomor_agenda": "abc"}, "nomor_agenda", "whole number"),
        ({"perihal": "x" * 2001}, "perihal", "at most"),
    ],
)
def test_validation_messages(session, org, letter, overrides, field, message):
    with pytest.raises(reg.RegistrationInvalid) as info:
        reg.register(session, letter, org.users["arsiparis"], form(org, **overrides))
    assert message in info.value.errors[field]
    assert reg.FIELD_LABELS[field] in str(info.value)
    assert session.scalar(select(Registration.id)) is None


def test_refusals(session, org, registered, letter):
    with pytest.raises(reg.AlreadyRegistered, match="0001/"):
        reg.register(session, letter, org.users["arsiparis"], form(org))
    with pytest.raises(reg.RegistrationNotAllowed):
        reg.register(session, _doc(session, org, 7), org.users["staf"], form(org))
    with pytest.raises(reg.RegistrationInvalid, match="reason"):
        reg.cancel(session, registered, org.users["arsiparis"], " ")
    reg.cancel(session, registered, org.users["arsiparis"], "duplikat")
    with pytest.raises(reg.RegistrationError, match="already cancelled"):
        reg.cancel(session, registered, org.users["arsiparis"], "lagi")


def test_audit_and_index_marks(session, org, registered, letter):
    reg.cancel(session, registered, org.users["arsiparis"], "duplikat")
    actions = [e.action for e in session.execute(select(AuditEntry).where(AuditEntry.document_id == letter.id)).scalars()]
    assert actions == [Action.REGISTERED, Action.REGISTRATION_CANCELLED]
    assert session.info["lontar_index_changes"][letter.id] == {"disposition"}


def test_prefill_carries_review_flags(session, org, letter):
    letter.field_meta = {"nomor": {"confidence": 0.4, "review": True}, "perihal": {"confidence": 0.95, "review": False}}
    values = reg.prefill(session, letter)
    assert values["nomor_surat"] == {"value": "045/123/DISDIK/VII/2025", "review": True, "confidence": 0.4}
    assert values["perihal"]["review"] is False and values["perihal"]["value"].startswith("Undangan")
    assert values["asal_surat"]["value"] == "Bappeda Kabupaten Penajam"
    assert values["urgensi"]["value"] == "segera"
    assert values["tanggal_diterima"]["value"] == date.today().isoformat()
    assert values["nomor_agenda"]["next"] == 1
