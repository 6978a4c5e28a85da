"""A registered letter reaches its addressee (issue 11, major 1).

The official (or his Plt/Plh) sees the letters addressed to his position that wait for his
first disposition, on the dashboard, the Disposisi page and the API, with counts and overdue
flags (deadline: received + the office's days for the urgency); he is notified; once he
disposes or marks it handled it leaves the list.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Document, Notification, Registration, User
from app.services import disposition as dsp
from app.services import notifications, office_settings
from app.services import registration as reg
from app.services.disposition_queries import awaiting_disposition, awaiting_summary, counts
from app.services.org import set_acting
from tests.disposition.conftest import form, load_org
from tests.factories import make_document
from tests.web.conftest import csrf_from

SUBJECT = "Undangan sosialisasi kurikulum merdeka"


def _register(session, org, received_days_ago: int = 0, **overrides) -> Registration:
    doc = make_document(session, [f"Perihal: {SUBJECT} {received_days_ago} {sorted(overrides)}"], nomor="421/5/DISDIK/2025",
                        perihal=SUBJECT, unit_id=org.dinas.id)
    received = date.today() - timedelta(days=received_days_ago)
    data = form(org, perihal=SUBJECT, tanggal_diterima=received.isoformat(),
                tanggal_surat=(received - timedelta(days=1)).isoformat(), **overrides)
    return reg.register(session, doc, org.users["arsiparis"], data)


def test_registered_letter_waits_for_its_addressee_with_deadline_from_urgency(session, org):
    fresh = _register(session, org)                          # segera: 2 days
    late = _register(session, org, received_days_ago=4)      # received 4 days ago: 2 days overdue
    other = _register(session, org, tujuan=org.kabid_a.id)   # addressed to someone else
    kadis = org.users["kadis"]
    assert [r.id for r in awaiting_disposition(session, kadis)] == [late.id, fresh.id]
    assert awaiting_summary(session, late)["due"] == "overdue"
    assert awaiting_summary(session, late)["deadline"] == (date.today() - timedelta(days=2)).isoformat()
    assert awaiting_summary(session, fresh)["due"] is None
    numbers = counts(session, kadis)
    assert (numbers["to_dispose"], numbers["inbox"], numbers["overdue"]) == (2, 2, 1)
    assert [r.id for r in awaiting_disposition(session, org.users["kabid_a"])] == [other.id]
    # the office's table decides: segera = 7 days makes the late one merely pending
    office_settings.set_deadline_table(session, org.users["admin"], {"segera": 7})
    assert awaiting_summary(session, late)["due"] is None and counts(session, kadis)["overdue"] == 0


def test_acting_official_sees_it_and_the_addressee_is_notified(session, org):
    registration = _register(session, org)
    notes = session.scalars(select(Notification).where(Notification.user_id == org.users["kadis"].id)).all()
    assert len(notes) == 1 and SUBJECT in notes[0].message and notes[0].link == f"/disposisi/letter/{registration.id}"
    assert notifications.render_in(notes[0], "id").startswith("Surat masuk untuk Kepala Dinas menunggu disposisi")
    set_acting(session, None, org.kepala_dinas, org.users["kabid_b"])  # Plt Kepala Dinas
    assert [r.id for r in awaiting_disposition(session, org.users["kabid_b"])] == [registration.id]
    assert counts(session, org.users["kabid_b"])["to_dispose"] == 1


def test_it_leaves_the_list_once_disposed_or_handled(session, org):
    disposed, handled, cancelled = _register(session, org), _register(session, org, 1), _register(session, org, 2)
    kadis = org.users["kadis"]
    top = dsp.dispose(session, kadis, disposed, [org.kabid_a.id], ["Untuk diketahui"])
    with pytest.raises(reg.RegistrationNotAllowed):
        reg.mark_handled(session, handled, org.users["kabid_a"], "bukan surat saya")
    with pytest.raises(reg.RegistrationError):
        reg.mark_handled(session, handled, kadis, "  ")
    reg.mark_handled(session, handled, kadis, "Sudah dijawab langsung lewat telepon")
    with pytest.raises(reg.RegistrationError):
        reg.mark_handled(session, handled, kadis, "lagi")
    reg.cancel(session, cancelled, org.users["arsiparis"], "dobel")
    assert awaiting_disposition(session, kadis) == []
    assert counts(session, kadis)["to_dispose"] == 0
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "registration_handled"))
    assert entry.document_id == handled.document_id and entry.details["note"] == "Sudah dijawab langsung lewat telepon"
    # every disposition withdrawn: the letter waits again
    dsp.cancel_entry(session, kadis, top.recipients[0])
    assert [r.id for r in awaiting_disposition(session, kadis)] == [disposed.id]
    # the cancelled registration's notification no longer names the letter
    note = session.scalar(select(Notification).where(Notification.user_id == kadis.id, Notification.link.is_(None)))
    assert note is not None and SUBJECT not in note.message and "dibatalkan" in notifications.render_in(note, "id")


def test_dashboard_disposisi_page_and_api_show_it(runtime, as_user):
    with runtime.session_scope() as s:
        org = load_org(s)
        registration = _register(s, org, received_days_ago=5)
        reg_id, doc_id = registration.id, registration.document_id
    kadis = as_user("kadis")
    dashboard = kadis.get("/").get_data(as_text=True)
    assert 'data-count="to_dispose">1<' in dashboard and 'data-count="inbox">1<' in dashboard
    assert "surat menunggu disposisi Anda" in dashboard and 'href="/disposisi/"' in dashboard
    page = kadis.get("/disposisi/").get_data(as_text=True)
    assert 'id="to-dispose"' in page and f'data-registration="{reg_id}"' in page and SUBJECT in page
    assert 'data-due="overdue"' in page and "Tidak ada yang menunggu Anda" not in page
    api = kadis.get("/api/v1/dispositions/inbox").get_json()
    assert [w["registration_id"] for w in api["to_dispose"]] == [reg_id] and api["to_dispose"][0]["due"] == "overdue"
    assert api["counts"]["to_dispose"] == 1 and api["counts"]["overdue"] == 1
    letter_url = f"/disposisi/letter/{reg_id}"
    letter = kadis.get(letter_url).get_data(as_text=True)
    assert 'id="handled-form"' in letter and 'id="dispose-by"' in letter
    staf_page = as_user("kabid_a").get("/disposisi/").get_data(as_text=True)
    assert SUBJECT not in staf_page
    token = csrf_from(letter)
    assert kadis.post(f"{letter_url}/handled", data={"note": "Dihadiri sendiri", "csrf_token": token}).status_code == 302
    assert 'data-count="to_dispose">0<' in kadis.get("/disposisi/").get_data(as_text=True)
    assert "Dihadiri sendiri" in kadis.get(letter_url).get_data(as_text=True)
    assert kadis.get("/api/v1/dispositions/inbox").get_json()["to_dispose"] == []
    with runtime.session_scope() as s:
        assert s.get(Registration, reg_id).handled_by_id == s.scalar(select(User.id).where(User.username == "kadis"))
        assert s.get(Document, doc_id) is not None
