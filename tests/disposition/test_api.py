"""The disposition JSON API with tokens: the path, refusals and their status codes."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.models import User
from app.services.users import issue_token
from tests.disposition.conftest import form, load_org
from tests.factories import make_document


def _setup(runtime):
    with runtime.session_scope() as s:
        org = load_org(s)
        doc = make_document(s, ["surat undangan"], nomor="1/API/2025", perihal="Undangan", sender="Bappeda",
                            unit_id=org.dinas.id, tanggal_surat=date.today())
        tokens = {name: issue_token(s, s.scalar(select(User).where(User.username == name)), "t")
                  for name in ("arsiparis", "kadis", "kabid_a", "kasi", "staf")}
        return doc.id, org, tokens


def _h(token):
    return {"Authorization": f"Bearer {token}"}


def test_api_path_and_refusals(runtime, web_app):
    doc_id, org, tokens = _setup(runtime)
    c = web_app.test_client()
    body = form(org)
    assert c.post(f"/api/v1/documents/{doc_id}/registration", json=body, headers=_h(tokens["kadis"])).status_code == 403
    assert c.post(f"/api/v1/documents/{doc_id}/registration", json=body, headers=_h(tokens["staf"])).status_code == 404  # unreadable
    bad = c.post(f"/api/v1/documents/{doc_id}/registration", json={**body, "perihal": " "}, headers=_h(tokens["arsiparis"]))
    assert bad.status_code == 409 and bad.json["error"]["fields"]["perihal"] == "wajib diisi"
    assert c.post(f"/api/v1/documents/{doc_id}/registration", data="[]", content_type="application/json",
                  headers=_h(tokens["arsiparis"])).status_code == 400
    created = c.post(f"/api/v1/documents/{doc_id}/registration", json=body, headers=_h(tokens["arsiparis"]))
    assert created.status_code == 201 and created.json["agenda"].startswith("0001/")
    reg_id = created.json["id"]
    again = c.post(f"/api/v1/documents/{doc_id}/registration", json=body, headers=_h(tokens["arsiparis"]))
    assert again.status_code == 409 and again.json["error"]["code"] == "already_registered"

    url = f"/api/v1/registrations/{reg_id}/dispositions"
    assert c.post(url, json={"positions": "3"}, headers=_h(tokens["kadis"])).status_code == 400
    refused = c.post(url, json={"positions": [org.kabid_a.id]}, headers=_h(tokens["arsiparis"]))
    assert refused.status_code == 403 and "tidak memegang jabatan" in refused.json["error"]["message"]
    past = (date.today() - timedelta(days=1)).isoformat()
    assert c.post(url, json={"positions": [org.kabid_a.id], "instructions": ["Untuk diketahui"], "deadline": past},
                  headers=_h(tokens["kadis"])).json["error"]["code"] == "bad_deadline"
    sent = c.post(url, json={"positions": [org.kabid_a.id], "instructions": ["Untuk diketahui"]}, headers=_h(tokens["kadis"]))
    assert sent.status_code == 201
    entry = sent.json["recipients"][0]
    assert entry["status"] == "belum_dibaca" and entry["due"] is None

    inbox = c.get("/api/v1/dispositions/inbox", headers=_h(tokens["kabid_a"])).json
    assert inbox["counts"]["unread"] == 1 and inbox["entries"][0]["id"] == entry["id"]
    entry_url = f"/api/v1/disposition-entries/{entry['id']}"
    assert c.get(entry_url, headers=_h(tokens["kabid_a"])).json["status"] == "belum_dibaca"  # GET does not mark read
    assert c.post(f"{entry_url}/read", headers=_h(tokens["kabid_a"])).json["status"] == "dibaca"
    further = c.post(f"{entry_url}/dispositions", json={"positions": [org.kasi_a1.id], "instructions": ["Untuk diproses"]},
                     headers=_h(tokens["kabid_a"]))
    assert further.status_code == 201
    kasi_entry = further.json["recipients"][0]
    version = kasi_entry["version"]
    assert c.post(f"/api/v1/disposition-entries/{kasi_entry['id']}/start", json={"version": version},
                  headers=_h(tokens["kasi"])).json["status"] == "diproses"
    stale = c.post(f"/api/v1/disposition-entries/{kasi_entry['id']}/complete", json={"note": "x", "version": version},
                   headers=_h(tokens["kasi"]))
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"
    assert c.post(f"/api/v1/disposition-entries/{kasi_entry['id']}/complete", json={"note": "x"},
                  headers=_h(tokens["kabid_a"])).status_code == 403  # someone else's
    done = c.post(f"/api/v1/disposition-entries/{kasi_entry['id']}/complete", json={"note": "Selesai dikerjakan"},
                  headers=_h(tokens["kasi"]))
    assert done.status_code == 200 and done.json["status"] == "selesai"

    state = c.get(f"/api/v1/documents/{doc_id}/disposition", headers=_h(tokens["kadis"])).json
    assert state["statuses"] == ["dibaca", "selesai"] and state["tree"][0]["recipients"][0]["children"]
    assert c.get("/api/v1/dispositions/sent", headers=_h(tokens["kadis"])).json["dispositions"][0]["registration_id"] == reg_id
    pdf = c.get(f"/api/v1/registrations/{reg_id}/lembar.pdf", headers=_h(tokens["kadis"]))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert c.get("/api/v1/disposition-entries/99999", headers=_h(tokens["kadis"])).status_code == 404
    assert c.get("/api/v1/dispositions/inbox").status_code == 401
    cancel = c.post(f"/api/v1/registrations/{reg_id}/cancel", json={"reason": "salah"}, headers=_h(tokens["arsiparis"]))
    assert cancel.status_code == 409 and "sudah ditindaklanjuti" in cancel.json["error"]["message"]
