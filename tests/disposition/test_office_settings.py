"""The office's instruction list and deadline table: admin-only, validated, audited, used."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEntry, UrgencyDeadline
from app.services import disposition as dsp
from app.services import office_settings
from tests.disposition.conftest import load_org
from tests.web.conftest import csrf_from


def test_instructions_added_withdrawn_and_audited(runtime):
    with runtime.session_scope() as s:
        org = load_org(s)
        admin = org.users["admin"]
        option = office_settings.add_instruction(s, admin, "  Mohon   dipantau ")
        assert option.label == "Mohon dipantau"
        assert "Mohon dipantau" in dsp.instruction_options(s)
        with pytest.raises(office_settings.SettingsRefused):
            office_settings.add_instruction(s, admin, "mohon dipantau")  # already there
        with pytest.raises(office_settings.SettingsRefused):
            office_settings.add_instruction(s, admin, "")
        office_settings.set_instruction_active(s, admin, option.id, False)
        assert "Mohon dipantau" not in dsp.instruction_options(s)
        with pytest.raises(office_settings.SettingsRefused):
            office_settings.add_instruction(s, org.users["kadis"], "Segera")  # not an admin
        changes = s.scalars(select(AuditEntry).where(AuditEntry.object_type == "instruction")).all()
        assert [e.details["change"] for e in changes] == ["added", "withdrawn"]


def test_deadline_table_drives_the_default_deadline(runtime):
    with runtime.session_scope() as s:
        org = load_org(s)
        table = office_settings.set_deadline_table(s, org.users["admin"], {"segera": 4})
        assert table["segera"] == 4 and s.get(UrgencyDeadline, "segera").days == 4
        start = dsp.today()
        assert (dsp.default_deadline(s, "segera", start) - start).days == 4
        for bad in ({"segera": -1}, {"kilat": 1}, {"biasa": 9999}):
            with pytest.raises(office_settings.SettingsRefused):
                office_settings.set_deadline_table(s, org.users["admin"], bad)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.object_type == "deadline_table")).one()
        assert entry.details["old"]["segera"] == 2 and entry.details["new"]["segera"] == 4


def test_settings_page_admin_only_and_validated(runtime, as_user):
    admin = as_user("admin")
    page = admin.get("/disposisi/settings")
    assert page.status_code == 200 and "Untuk diketahui" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    response = admin.post("/disposisi/settings/instructions", data={"label": "Mohon dipantau", "csrf_token": token})
    assert response.status_code == 302
    assert "Mohon dipantau" in admin.get("/disposisi/settings").get_data(as_text=True)
    bad = admin.post("/disposisi/settings/deadlines", data={"biasa": "lima", "csrf_token": token})
    assert bad.status_code == 400
    assert admin.post("/disposisi/settings/deadlines", data={"biasa": "5"}).status_code == 400  # no CSRF token
    for user in ("kadis", "staf", "arsiparis", "records"):
        assert as_user(user).get("/disposisi/settings").status_code == 403


def test_letterhead_set_on_the_settings_page_and_nip_on_the_users_page(runtime, as_user):
    admin = as_user("admin")
    token = csrf_from(admin.get("/disposisi/settings").get_data(as_text=True))
    saved = admin.post("/disposisi/settings/letterhead", data={
        "government": "Pemerintah Kabupaten Penajam Paser Utara", "agency": "Dinas Pendidikan",
        "address": "Jl. Provinsi Km 9", "csrf_token": token})
    assert saved.status_code == 302
    assert 'value="Pemerintah Kabupaten Penajam Paser Utara"' in admin.get("/disposisi/settings").get_data(as_text=True)
    assert admin.post("/disposisi/settings/letterhead", data={"agency": "x" * 400, "csrf_token": token}).status_code == 400
    kadis = as_user("kadis")
    kadis_token = csrf_from(kadis.get("/disposisi/").get_data(as_text=True))
    assert kadis.post("/disposisi/settings/letterhead", data={"agency": "x", "csrf_token": kadis_token}).status_code == 403
    with runtime.session_scope() as s:
        org = load_org(s)
        kadis_id = org.users["kadis"].id
        assert office_settings.letterhead(s).address == "Jl. Provinsi Km 9"
        assert s.scalars(select(AuditEntry).where(AuditEntry.object_type == "letterhead")).one()
    form = {"role": "pejabat", "active": "on", "full_name": "Drs. Hendra Wijaya", "nip": "19680512 199403 1 007",
            "position_id": str(org.kepala_dinas.id), "csrf_token": token}
    assert admin.post(f"/admin/users/{kadis_id}", data=form).status_code == 302
    with runtime.session_scope() as s:
        assert load_org(s).users["kadis"].nip == "196805121994031007"
