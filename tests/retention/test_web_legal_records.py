"""The berita acara record in the pages (issue 11 minor), clearance on the disposal pages
(issue 15 item 2) and times in the office's zone on the audit pages (issue 11 major 4)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from app.migrate import upgrade
from app.models import DisposalProposal, Document
from app.runtime import Runtime
from app.services import disposal, localtime, retention
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import make_document, make_org
from tests.retention.conftest import COMMITTEE, WITNESSES, add_people
from tests.retention.test_disposal_guards import APPROVAL
from tests.web.conftest import csrf_from, login


def old_report(s, manager, subject, sifat="biasa"):
    doc = make_document(s, [subject, "halaman dua"], nomor=f"000.9.2/{len(subject)}/DISDIK/2015", perihal=subject,
                        tanggal_surat=date(2015, 4, 1), sifat=sifat)
    retention.classify(s, manager, doc.id, "000.9.2")
    return doc


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("legal") / "data", LONTAR_TIMEZONE="Asia/Makassar")
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        org = make_org(s)
        people = add_people(s, org)
        retention.load_demo_schedule(s)
        manager = org.users["records"]
        done = disposal.create_proposal(s, manager, "Usul musnah 2026", [old_report(s, manager, "Laporan April").id])
        disposal.review(s, settings, people["review"], done.id, COMMITTEE, "tidak bernilai guna")
        disposal.approve(s, settings, people["approve"], done.id, *APPROVAL)
        disposal.execute(s, settings, people["execute"], done.id, WITNESSES)
        secret = disposal.create_proposal(s, manager, "Usul rahasia",
                                          [old_report(s, manager, "Laporan penyidikan", "rahasia").id])
        ids = {"done": done.id, "record": done.berita_acara_document_id, "secret": secret.id}
    app = create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    yield app, runtime, ids
    runtime.close()


def client_for(app, username):
    c = app.test_client()
    assert login(c, username).status_code == 302
    return c


def test_the_berita_acara_record_renders_with_page_images_and_read_only(env):
    app, runtime, ids = env
    manager = client_for(app, "records")
    url = f"/documents/{ids['record']}"
    page = manager.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="fields-form"' not in html
    for src in set(re.findall(r'src="(/documents/\d+/(?:pages|thumbs)/\d+\.jpg)"', html)):
        image = manager.get(src)
        assert image.status_code == 200 and image.mimetype == "image/jpeg", src
    assert manager.get(f"{url}/pages/1.jpg").status_code == 200
    assert manager.get(f"{url}/searchable.pdf").status_code == 200
    token = csrf_from(html)
    with runtime.session_scope() as s:
        version, perihal = s.get(Document, ids["record"]).version, s.get(Document, ids["record"]).perihal
    refused = manager.post(f"{url}/fields", data={"csrf_token": token, "version": version, "perihal": "diubah"},
                           follow_redirects=True)
    assert "berita acara" in refused.get_data(as_text=True)
    with runtime.session_scope() as s:
        assert s.get(Document, ids["record"]).perihal == perihal


def test_items_above_clearance_are_hidden_and_the_steps_refused(env):
    app, runtime, ids = env
    admin = client_for(app, "admin")  # cleared to terbatas; the proposal holds a rahasia letter
    url = f"/retensi/disposal/{ids['secret']}"
    page = admin.get(url).get_data(as_text=True)
    assert "Laporan penyidikan" not in page and "Melebihi tingkat izin keamanan Anda" in page
    token = csrf_from(page)
    admin.post(url + "/review", data={"csrf_token": token, "committee": "Ketua; Kepala Bidang", "consideration": "ok"})
    with runtime.session_scope() as s:
        assert s.get(DisposalProposal, ids["secret"]).status == "draft"
    assert "melebihi tingkat izin keamanan Anda" in admin.get(url).get_data(as_text=True)
    assert "Laporan penyidikan" in client_for(app, "records").get(url).get_data(as_text=True)


def test_times_are_shown_in_the_office_zone(env):
    app, runtime, ids = env
    manager = client_for(app, "records")
    with runtime.session_scope() as s:
        executed_at = s.get(DisposalProposal, ids["done"]).executed_at
    expected = localtime.format_compact(executed_at, "Asia/Makassar", seconds=False)
    assert expected.endswith("WITA")
    audit_page = manager.get("/retensi/audit").get_data(as_text=True)
    assert "WITA" in audit_page and "(UTC)" not in audit_page
    proposal_page = manager.get(f"/retensi/disposal/{ids['done']}").get_data(as_text=True)
    assert localtime.format_datetime(executed_at, "Asia/Makassar") in proposal_page
    timeline = manager.get(f"/documents/{ids['record']}").get_data(as_text=True)
    assert "WITA" in timeline


def test_the_audit_page_reports_a_truncated_trail_in_the_reader_language(env):
    """Runs last: it tampers with the module's database."""
    from sqlalchemy import text

    app, runtime, _ = env
    manager = client_for(app, "records")
    assert "Rantai utuh" in manager.get("/retensi/audit?verify=1").get_data(as_text=True)
    with runtime.session_scope() as s:
        newest = s.execute(text("SELECT max(seq) FROM audit_entries")).scalar_one()
        s.execute(text("DELETE FROM audit_entries WHERE seq > 3"))
    page = manager.get("/retensi/audit?verify=1").get_data(as_text=True)
    assert "Jejak audit telah diubah tanpa hak" in page and "ekor jejak terpotong" in page and newest > 3
