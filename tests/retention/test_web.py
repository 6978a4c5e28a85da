"""Retention pages and their permissions through Flask's test client, and the absence of delete paths."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.migrate import upgrade
from app.models import Document, LegalHold
from app.runtime import Runtime
from app.services import retention
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import make_document, make_org
from tests.retention.conftest import add_people
from tests.web.conftest import csrf_from, login


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("retweb") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        org = make_org(s)
        add_people(s, org)
        retention.load_demo_schedule(s)
        ids = {
            "monthly": make_document(s, ["Laporan bulanan Januari"], nomor="000.9.2/1/DISDIK/I/2015", perihal="Laporan bulanan",
                                     tanggal_surat=date(2015, 1, 31), unit_id=org.seksi_a1.id).id,
            "fresh": make_document(s, ["Undangan"], nomor="005/9/DISDIK/2026", perihal="Undangan rapat",
                                   tanggal_surat=date(2026, 1, 2), unit_id=org.seksi_a1.id).id,
        }
        retention.classify(s, None, ids["monthly"], "000.9.2")
    app = create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    yield app, runtime, ids
    runtime.close()


def client_for(app, username):
    c = app.test_client()
    assert login(c, username).status_code == 302
    return c


def post(client, url, data, page="/retensi/"):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_pages_are_for_records_managers_only(env):
    app, _, ids = env
    manager = client_for(app, "records")
    for url in ("/retensi/", "/retensi/due/disposal_review", "/retensi/schedule", "/retensi/schedule/rule?code=000.9.2",
                "/retensi/disposal", "/retensi/audit", "/retensi/audit?verify=1"):
        response = manager.get(url)
        assert response.status_code == 200, url
    staff = client_for(app, "staf")
    for url in ("/retensi/", "/retensi/schedule", "/retensi/disposal", "/retensi/audit", "/retensi/due/transfer?format=csv"):
        assert staff.get(url).status_code == 403, url
    assert staff.post(f"/retensi/documents/{ids['monthly']}/holds", data={"reason": "x"}).status_code in (400, 403)
    assert app.test_client().get("/retensi/").status_code == 302  # to the login page


def test_due_list_filter_and_csv(env):
    app, _, ids = env
    manager = client_for(app, "records")
    page = manager.get("/retensi/due/disposal_review?code=000.9").get_data(as_text=True)
    assert "000.9.2/1/DISDIK/I/2015" in page
    csv_response = manager.get("/retensi/due/disposal_review?format=csv")
    assert csv_response.mimetype == "text/csv" and "000.9.2/1/DISDIK/I/2015" in csv_response.get_data(as_text=True)
    bad = manager.get("/retensi/due/disposal_review?year=abc", follow_redirects=True)
    assert bad.status_code == 200 and "year&#39; harus bilangan bulat dari 1 sampai 9999" in bad.get_data(as_text=True)
    assert manager.get("/retensi/due/everything").status_code == 404


def test_document_panel_classify_hold_and_schedule_edit(env):
    app, runtime, ids = env
    manager = client_for(app, "records")
    detail = f"/documents/{ids['fresh']}"
    page = manager.get(detail).get_data(as_text=True)
    assert 'id="retention-panel"' in page and 'value="005"' in page  # suggested from the nomor
    response = post(manager, f"/retensi/documents/{ids['fresh']}/classify", {"code": "000.9.1", "next": detail}, detail)
    assert response.status_code == 302 and response.location.endswith(detail)
    response = post(manager, f"/retensi/documents/{ids['fresh']}/classify", {"code": "x.y"}, detail)
    assert "bukan kode klasifikasi" in manager.get(detail).get_data(as_text=True)
    post(manager, f"/retensi/documents/{ids['fresh']}/holds", {"reason": "Perkara 3/2026"}, detail)
    with runtime.session_scope() as s:
        assert s.get(Document, ids["fresh"]).classification_code == "000.9.1"
        hold_id = s.query(LegalHold).filter_by(document_id=ids["fresh"]).one().id
    post(manager, f"/retensi/holds/{hold_id}/release", {"reason": "selesai"}, detail)
    response = post(manager, "/retensi/schedule/rule", {"code": "000.9.1", "active_years": "3", "inactive_years": "3",
                                                        "final_disposition": "permanen", "trigger": "letter_date",
                                                        "reason": "revisi JRA"})
    assert response.status_code == 302
    with runtime.session_scope() as s:
        assert retention.state_for_document(s, ids["fresh"])["active_until"] == "2029-01-02"
    upload = {"file": (io.BytesIO(b"code,name\n800.9,Lain-lain\n"), "scheme.csv"), "reason": "tambah kode"}
    token = csrf_from(manager.get("/retensi/schedule").get_data(as_text=True))
    response = manager.post("/retensi/schedule/import", data={**upload, "csrf_token": token}, follow_redirects=True)
    assert "800.9" in response.get_data(as_text=True)
    without_csrf = manager.post(f"/retensi/documents/{ids['fresh']}/vital", data={"vital": "1"})
    assert without_csrf.status_code == 400


def test_disposal_through_the_pages(env):
    app, runtime, ids = env
    manager = client_for(app, "records")
    response = post(manager, "/retensi/disposal", {"title": "Usul musnah 2026"}, "/retensi/disposal")
    assert response.status_code == 302
    url = response.location
    page = manager.get(url).get_data(as_text=True)
    assert "000.9.2/1/DISDIK/I/2015" in page and 'id="review-form"' in page
    assert post(manager, url + "/approve", {"authority": "Bupati", "approval_reference": "1",
                                           "decision_reference": "2"}, url).status_code == 302
    assert "memerlukan usul berstatus reviewed" in manager.get(url).get_data(as_text=True)
    post(manager, url + "/review", {"committee": "Ketua; Kepala Bidang\nAnggota; Arsiparis",
                                    "consideration": "Tidak bernilai guna"}, url)
    approval = {"authority": "Bupati", "approval_reference": "045/9/2026", "decision_reference": "SK 800/1/2026"}
    refused = post(manager, url + "/approve", approval, url)  # the reviewer may not approve too
    assert "pemisahan tugas" in manager.get(refused.location).get_data(as_text=True)
    approver, executor = client_for(app, "records2"), client_for(app, "admin")
    post(approver, url + "/approve", approval, url)
    witnesses = "Siti Aminah; Kepala Subbagian Umum; 19800202 200501 2 002\nBudi; Staf; -"
    post(executor, url + "/execute", {"witnesses": witnesses, "confirm": "yes"}, url)  # "-" is no NIP
    assert "baris 2" in executor.get(url).get_data(as_text=True)
    witnesses = "Siti Aminah; Kepala Subbagian Umum; 19800202 200501 2 002\nBudi Santoso; Pengadministrasi Umum"
    post(executor, url + "/execute", {"witnesses": witnesses}, url)  # no confirmation ticked
    with runtime.session_scope() as s:
        assert s.get(Document, ids["monthly"]).status == "done"
    post(executor, url + "/execute", {"witnesses": witnesses, "confirm": "yes"}, url)
    with runtime.session_scope() as s:
        assert s.get(Document, ids["monthly"]).status == "destroyed"
    pdf = manager.get(url + "/berita-acara.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "000.9.2/1/DISDIK/I/2015" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert manager.get(f"/documents/{ids['monthly']}").status_code == 404  # destroyed: gone from the pages
    audit_csv = manager.get(f"/retensi/audit?format=csv&document={ids['monthly']}").get_data(as_text=True)
    assert "destroyed" in audit_csv and "proposed" in audit_csv


# What a person may delete is never a record: his own note on a letter, his own saved search.
NOT_RECORDS = ("/documents/<int:doc_id>/notes/<int:note_id>/delete", "/search/views/<int:view_id>/delete")


def test_no_route_deletes_a_document(env):
    app, _, _ = env
    for rule in app.url_map.iter_rules():
        assert "DELETE" not in rule.methods, f"{rule} accepts DELETE"
        text = rule.rule.lower()
        if rule.rule in NOT_RECORDS:
            continue
        assert not any(word in text for word in ("delete", "destroy", "purge", "remove_document")), rule.rule
