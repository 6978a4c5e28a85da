"""/api/v1/retention and /api/v1/audit with tokens: the disposal path, refusals as JSON."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.migrate import upgrade
from app.models import User
from app.runtime import Runtime
from app.services import retention
from app.services.users import issue_token
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import make_document, make_org
from tests.retention.conftest import WITNESSES, add_people


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("retapi") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    with runtime.session_scope() as s:
        add_people(s, make_org(s))
        retention.load_demo_schedule(s)
        ids = {
            "old": make_document(s, ["Laporan bulanan"], nomor="000.9.2/4/DISDIK/2016", tanggal_surat=date(2016, 2, 1)).id,
            "annual": make_document(s, ["Laporan tahunan"], nomor="000.9.1/1/DISDIK/2016", tanggal_surat=date(2016, 2, 1)).id,
        }
        tokens = {name: issue_token(s, s.scalar(select(User).where(User.username == name)), "t")
                  for name in ("records", "records2", "admin", "arsiparis", "staf")}
    app = create_app(settings, runtime=runtime, TESTING=True)
    client = app.test_client()

    def call(method, url, user="records", headers=None, **kw):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {tokens[user]}", **(headers or {})},
                           **kw)

    yield call, ids
    runtime.close()


def test_classify_state_and_refusals(api):
    call, ids = api
    response = call("POST", f"/api/v1/retention/documents/{ids['old']}/classification", "arsiparis", json={"code": "000.9.2"})
    assert response.status_code == 200 and response.json["final_disposition"] == "musnah" and response.json["filed"]
    call("POST", f"/api/v1/retention/documents/{ids['annual']}/classification", json={"code": "000.9.1"})
    assert call("GET", f"/api/v1/retention/documents/{ids['old']}", "arsiparis").json["inactive_until"] == "2018-02-01"
    bad = call("POST", f"/api/v1/retention/documents/{ids['old']}/classification", json={"code": 5})
    assert bad.status_code == 400 and bad.json["error"]["message"] == "code must be of type string."
    assert call("POST", f"/api/v1/retention/documents/{ids['old']}/holds", "arsiparis", json={"reason": "x"}).status_code == 403
    assert call("GET", "/api/v1/retention/due", "staf").status_code == 403
    assert call("GET", "/api/v1/retention/due?year=abc").status_code == 400
    counts = call("GET", "/api/v1/retention/due").json["counts"]
    assert counts["disposal_review"] == 1 and counts["transfer"] == 1
    listed = call("GET", "/api/v1/retention/due/transfer").json
    assert listed["items"][0]["document_id"] == ids["annual"]
    refused = call("POST", "/api/v1/retention/proposals", json={"document_ids": [ids["annual"]]})
    assert refused.status_code == 409 and "permanen" in refused.json["error"]["message"]
    saved = call("POST", "/api/v1/retention/rules", json={"code": "000.9.2", "active_years": 1, "inactive_years": 1,
                                                          "final_disposition": "musnah", "series": "Laporan bulanan"})
    assert saved.status_code == 200 and saved.json["changed"] is False
    assert call("POST", "/api/v1/retention/rules", json={"code": "000.9.2", "active_years": 2, "inactive_years": 1,
                                                         "final_disposition": "musnah"}).status_code == 409  # no reason


def test_disposal_path_and_audit(api):
    call, ids = api
    call("POST", f"/api/v1/retention/documents/{ids['old']}/classification", json={"code": "000.9.2"})
    created = call("POST", "/api/v1/retention/proposals", json={"title": "Usul 2026"})
    assert created.status_code == 201, created.json
    pid = created.json["id"]
    assert call("POST", f"/api/v1/retention/proposals/{pid}/execute", json={"confirm": True}).status_code == 409
    bare = call("POST", f"/api/v1/retention/proposals/{pid}/review", json={"committee": ["Ketua"], "consideration": "ok"})
    assert bare.status_code == 409 and "Nama; Jabatan; NIP" in bare.json["error"]["message"]
    assert call("POST", f"/api/v1/retention/proposals/{pid}/review",
                json={"committee": ["Ketua; Kepala Bidang"], "consideration": "ok"}).json["status"] == "reviewed"
    approval = {"authority": "Bupati", "approval_reference": "045/1", "decision_reference": "SK 1"}
    same = call("POST", f"/api/v1/retention/proposals/{pid}/approve", json=approval)
    assert same.status_code == 403 and "pemisahan tugas" in same.json["error"]["message"], same.json
    assert call("POST", f"/api/v1/retention/proposals/{pid}/approve", json=approval,
                user="records2").json["status"] == "approved"
    assert call("POST", f"/api/v1/retention/proposals/{pid}/execute", json={"confirm": False}).status_code == 400
    few = call("POST", f"/api/v1/retention/proposals/{pid}/execute", json={"confirm": True, "witnesses": WITNESSES[:1]},
               user="admin", headers={"Accept-Language": "id"})
    assert few.status_code == 409 and "sekurang-kurangnya 2 saksi" in few.json["error"]["message"], few.json
    done = call("POST", f"/api/v1/retention/proposals/{pid}/execute", json={"confirm": True, "witnesses": WITNESSES},
                user="admin")
    assert done.status_code == 200 and done.json["status"] == "executed" and done.json["berita_acara_number"]
    assert done.json["witnesses"][0] == {"name": "Siti Aminah", "jabatan": "Kepala Subbagian Umum",
                                         "nip": "198002022005012002"}
    assert call("GET", f"/api/v1/documents/{ids['old']}").status_code == 404
    entries = call("GET", f"/api/v1/audit?document={ids['old']}").json["entries"]
    assert [e["action"] for e in entries][:3] == ["destroyed", "approved", "proposed"]
    assert call("GET", "/api/v1/audit?from=2026-13-01").status_code == 400
    assert call("DELETE", f"/api/v1/documents/{ids['annual']}").status_code == 405
