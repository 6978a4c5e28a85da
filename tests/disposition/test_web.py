"""The disposition pages through Flask's test client: the whole path and its refusals."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from app.models import DispositionRecipient, Registration
from tests.disposition.conftest import form, load_org
from tests.factories import make_document
from tests.web.conftest import csrf_from


def _letter(runtime, **meta):
    with runtime.session_scope() as s:
        org = load_org(s)
        doc = make_document(s, [f"Undangan rapat {sorted(meta)}"], nomor="045/7/BAPP/2025", perihal="Undangan rapat kurikulum",
                            sender="Bappeda", tanggal_surat=date.today() - timedelta(days=2), unit_id=org.dinas.id,
                            urgensi="penting")
        doc.field_meta = meta
        return doc.id, org


def _post(client, url, page_url, data, **kw):
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kw)


def _register(runtime, client, doc_id, org, **overrides):
    data = form(org, **{"perihal": "Undangan rapat kurikulum", **overrides})
    return _post(client, f"/disposisi/register/{doc_id}", f"/disposisi/register/{doc_id}", data)


def test_register_form_is_prefilled_with_flags(runtime, as_user):
    doc_id, org = _letter(runtime, nomor={"confidence": 0.3, "review": True})
    page = as_user("arsiparis").get(f"/disposisi/register/{doc_id}").get_data(as_text=True)
    assert 'value="045/7/BAPP/2025"' in page and 'value="Bappeda"' in page
    assert re.search(r'class="field-review"\s+id="field-nomor_surat"', page)
    assert not re.search(r'class="field-review"\s+id="field-asal_surat"', page)
    assert "periksa" in page.lower()  # the flag's Indonesian label
    assert as_user("staf").get(f"/disposisi/register/{doc_id}").status_code == 403


def test_register_validation_and_clash_are_shown(runtime, as_user):
    doc_id, org = _letter(runtime)
    clerk = as_user("arsiparis")
    future = (date.today() + timedelta(days=5)).isoformat()
    response = _register(runtime, clerk, doc_id, org, tanggal_surat=future, perihal="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "ada di masa depan" in page and "wajib diisi" in page  # Indonesian by default
    assert _register(runtime, clerk, doc_id, org).status_code == 302
    other_id, _ = _letter(runtime, x=1)
    response = _register(runtime, clerk, other_id, org, nomor_agenda="1")
    assert response.status_code == 409 and "sudah dipakai" in response.get_data(as_text=True)
    assert _post(clerk, f"/disposisi/register/{doc_id}", "/", {"perihal": "x"}).status_code == 409  # already registered


def test_whole_path_in_pages(runtime, as_user):
    doc_id, org = _letter(runtime)
    clerk, kadis, kabid = as_user("arsiparis"), as_user("kadis"), as_user("kabid_a")
    response = _register(runtime, clerk, doc_id, org)
    assert response.status_code == 302
    letter_url = response.headers["Location"]
    reg_id = int(letter_url.rsplit("/", 1)[1])
    assert "id=\"dispose-form\"" not in clerk.get(letter_url).get_data(as_text=True)  # the clerk is not the holder
    page = kadis.get(letter_url).get_data(as_text=True)
    assert "Kepala Bidang Pendidikan Dasar" in page and "Untuk diketahui" in page
    response = _post(kadis, f"{letter_url}/dispose", letter_url,
                     {"positions": [str(org.kabid_a.id)], "instructions": ["Untuk ditindaklanjuti"], "note": "Mohon hadir"})
    assert response.status_code == 302
    with runtime.session_scope() as s:
        entry_id = s.scalar(select(DispositionRecipient.id))
    inbox = kabid.get("/disposisi/").get_data(as_text=True)
    assert f'data-entry="{entry_id}"' in inbox and 'data-count="unread">1<' in inbox
    assert "Disposisi baru dari Kepala Dinas" in inbox
    entry_url = f"/disposisi/entry/{entry_id}"
    assert _post(kabid, f"{entry_url}/read", entry_url, {}).status_code == 302  # the no-JS button
    entry_page = kabid.get(entry_url).get_data(as_text=True)
    assert 'data-status="dibaca"' in entry_page
    version = re.search(r'name="version" value="(\d+)"', entry_page).group(1)
    assert _post(kabid, f"/disposisi/entry/{entry_id}/start", "/", {"version": version}).status_code == 302
    # a stale form (the old version) is refused with a message, nothing overwritten
    stale = _post(kabid, f"/disposisi/entry/{entry_id}/complete", "/", {"version": version, "note": "x"}, follow_redirects=True)
    assert "muat ulang halaman lalu coba lagi" in stale.get_data(as_text=True)
    current = re.search(r'name="version" value="(\d+)"', kabid.get(f"/disposisi/entry/{entry_id}").get_data(as_text=True)).group(1)
    done = _post(kabid, f"/disposisi/entry/{entry_id}/complete", "/",
                 {"version": current, "note": "Sudah hadir", "attachment": (io.BytesIO(b"notulen"), "notulen.txt")},
                 content_type="multipart/form-data")
    assert done.status_code == 302
    assert kabid.get(f"/disposisi/entry/{entry_id}/attachment").data == b"notulen"
    tree_page = kadis.get(letter_url).get_data(as_text=True)
    assert 'data-status="selesai"' in tree_page and "Sudah hadir" in tree_page
    assert "Sudah hadir" in kadis.get(f"/documents/{doc_id}").get_data(as_text=True)  # the block on the document page
    pdf = kadis.get(f"/disposisi/letter/{reg_id}/lembar.pdf")
    assert pdf.mimetype == "application/pdf"
    assert "LEMBAR DISPOSISI" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert 'data-status="selesai"' in kadis.get("/disposisi/sent").get_data(as_text=True)


def test_refusals_in_pages(runtime, as_user):
    doc_id, org = _letter(runtime)
    clerk, kadis, staf = as_user("arsiparis"), as_user("kadis"), as_user("staf")
    letter_url = _register(runtime, clerk, doc_id, org).headers["Location"]
    # disposing upwards / sideways is refused with the reason
    response = _post(clerk, f"{letter_url}/dispose", letter_url, {"positions": [str(org.kabid_a.id)], "instructions": ["Untuk diketahui"]},
                     follow_redirects=True)
    assert "tidak memegang jabatan" in response.get_data(as_text=True)
    response = _post(kadis, f"{letter_url}/dispose", letter_url, {"instructions": ["Untuk diketahui"]}, follow_redirects=True)
    assert "sedikitnya satu jabatan" in response.get_data(as_text=True)
    # no CSRF token: refused
    assert kadis.post(f"{letter_url}/dispose", data={"positions": [str(org.kabid_a.id)]}).status_code == 400
    # staf may not read this letter (another unit): 404 everywhere
    assert staf.get(letter_url).status_code == 404
    assert staf.get(f"{letter_url}/lembar.pdf").status_code == 404
    assert kadis.get("/disposisi/letter/999999").status_code == 404
    assert kadis.get("/disposisi/entry/0").status_code == 404
    with runtime.session_scope() as s:
        assert s.scalar(select(DispositionRecipient.id)) is None
        assert s.scalar(select(Registration.id)) is not None


def _status(runtime, entry_id: int) -> str:
    with runtime.session_scope() as s:
        return s.get(DispositionRecipient, entry_id).status


def test_opening_an_entry_changes_nothing_reading_is_a_post(runtime, as_user):
    doc_id, org = _letter(runtime)
    clerk, kadis, kabid = as_user("arsiparis"), as_user("kadis"), as_user("kabid_a")
    letter_url = _register(runtime, clerk, doc_id, org).headers["Location"]
    _post(kadis, f"{letter_url}/dispose", letter_url, {"positions": [str(org.kabid_a.id), str(org.kabid_b.id)],
                                                        "instructions": ["Untuk diketahui"]})
    with runtime.session_scope() as s:
        entry_a, entry_b = (r.id for r in sorted(s.scalars(select(DispositionRecipient)), key=lambda r: r.position_id != org.kabid_a.id))
    url = f"/disposisi/entry/{entry_a}"
    page = kabid.get(url).get_data(as_text=True)  # GET (a link from anywhere): still unread
    assert _status(runtime, entry_a) == "belum_dibaca"
    assert 'id="mark-read"' in page and "entry.js" in page and "Tandai sudah dibaca" in page
    assert kabid.post(f"{url}/read").status_code == 400  # no CSRF token: refused, nothing changed
    assert _status(runtime, entry_a) == "belum_dibaca"
    # the sender may still cancel after the recipient merely opened it
    sender_page = kadis.get(url).get_data(as_text=True)
    assert 'id="cancel-entry"' in sender_page and 'id="mark-read"' not in sender_page
    refused = _post(kadis, f"{url}/read", url, {}, follow_redirects=True)  # the sender cannot mark it read
    assert "tidak memegang jabatan" in refused.get_data(as_text=True) and _status(runtime, entry_a) == "belum_dibaca"
    # what entry.js sends after the page loads: a POST with the page's token, a JSON answer
    token = csrf_from(page)
    answer = kabid.post(f"{url}/read", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.json["status"] == "dibaca" and answer.json["label"] == "dibaca"
    assert answer.json["version"] == 2 and _status(runtime, entry_a) == "dibaca"
    again = kabid.post(f"{url}/read", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert again.status_code == 200 and again.json["version"] == 2  # reading twice changes nothing
    cancel = _post(kadis, f"{url}/cancel", url, {}, follow_redirects=True)
    assert "tidak dapat dibatalkan lagi" in cancel.get_data(as_text=True) and _status(runtime, entry_a) == "dibaca"
    assert _post(kadis, f"/disposisi/entry/{entry_b}/cancel", url, {}).status_code == 302
    assert _status(runtime, entry_b) == "dibatalkan"


def test_refused_forms_keep_what_was_typed(runtime, as_user):
    """A past deadline keeps the chosen recipients, instructions and note; a bad registration keeps its fields."""
    doc_id, org = _letter(runtime)
    clerk, kadis = as_user("arsiparis"), as_user("kadis")
    future = (date.today() + timedelta(days=3)).isoformat()
    refused = _register(runtime, clerk, doc_id, org, tanggal_surat=future, perihal="Perihal yang diketik sendiri",
                        asal_surat="Kantor Camat Waru", ringkasan="Ringkasan panjang yang tidak boleh hilang")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "ada di masa depan" in page
    for typed in ("Perihal yang diketik sendiri", 'value="Kantor Camat Waru"', "Ringkasan panjang yang tidak boleh hilang",
                  f'value="{future}"', f'<option value="{org.kepala_dinas.id}" selected>'):
        assert typed in page, typed
    letter_url = _register(runtime, clerk, doc_id, org).headers["Location"]
    past = (date.today() - timedelta(days=1)).isoformat()
    response = _post(kadis, f"{letter_url}/dispose", letter_url, {
        "positions": [str(org.kabid_a.id), str(org.kabid_b.id)], "instructions": ["Koordinasikan", "Untuk diproses"],
        "note": "Mohon dibahas di rapat pimpinan", "deadline": past})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="dispose-error"' in page and "sudah lewat" in page
    for position in (org.kabid_a.id, org.kabid_b.id):
        assert f'name="positions" value="{position}" checked' in page
    assert 'value="Koordinasikan" checked' in page and 'value="Untuk diproses" checked' in page
    assert 'value="Untuk diketahui" checked' not in page
    assert ">Mohon dibahas di rapat pimpinan</textarea>" in page and f'name="deadline" value="{past}"' in page
    with runtime.session_scope() as s:
        assert s.scalar(select(DispositionRecipient.id)) is None  # nothing half-saved
    # what the clerk cannot do is said on the page too (no form to keep)
    refused = _post(clerk, f"{letter_url}/dispose", letter_url, {"positions": [str(org.kabid_a.id)], "note": "x"})
    assert refused.status_code == 400 and "tidak memegang jabatan" in refused.get_data(as_text=True)


def test_registering_twice_says_already_registered_once(runtime, as_user):
    """Issue 11: the banner with its link says it; the refusal does not repeat it below."""
    doc_id, org = _letter(runtime, again=1)
    clerk = as_user("arsiparis")
    assert _register(runtime, clerk, doc_id, org).status_code == 302
    response = _register(runtime, clerk, doc_id, org)
    page = response.get_data(as_text=True).lower()
    assert response.status_code == 409 and page.count("sudah diregistrasi") == 1


def test_letter_page_shows_the_summary_and_attachments_typed_at_registration(runtime, as_user):
    doc_id, org = _letter(runtime)
    clerk = as_user("arsiparis")
    response = _register(runtime, clerk, doc_id, org, ringkasan="Mohon hadir <script>alert(1)</script>", lampiran="2 berkas")
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mohon hadir &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert re.search(r'id="lampiran">2 berkas<', page) and "Ringkasan" in page
