"""Saved views: a search saved under a name, listed on the search page, shown on the
dashboard with a count that only includes letters the viewer may read; shared with the
owner's unit; renamed and deleted by the owner alone."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import SavedView, User
from app.services import saved_views
from tests.factories import make_document
from tests.web.conftest import csrf_token, index_docs

WORD = "zamrudkatulistiwa"


@pytest.fixture(scope="module")
def letters(web_env):
    """Three letters with one rare word: biasa and rahasia in Seksi Kurikulum, biasa in Sekretariat."""
    app, world = web_env
    runtime = app.extensions["lontar"].runtime
    org = world.org
    with runtime.session_scope() as s:
        docs = [
            make_document(s, [f"Laporan {WORD} biasa"], perihal="Laporan biasa", sender="Dinas Kehutanan",
                          unit_id=org.seksi_a1.id),
            make_document(s, [f"Laporan {WORD} rahasia"], perihal="Laporan rahasia", sender="Dinas Kehutanan",
                          sifat="rahasia", unit_id=org.seksi_a1.id),
            make_document(s, [f"Laporan {WORD} sekretariat"], perihal="Laporan sekretariat", sender="BKD",
                          unit_id=org.bidang_b.id),
        ]
        index_docs(runtime, docs)
        return [d.id for d in docs]


def _user(s, name):
    return s.scalar(select(User).where(User.username == name))


def _save(client, name, query, share=False):
    data = {"name": name, "query": query, "on_dashboard": "y", "csrf_token": csrf_token(client)}
    if share:
        data["share"] = "y"
    return client.post("/search/views", data=data)


def _view_id(app, owner, name):
    with app.extensions["lontar"].runtime.session_scope() as s:
        return s.scalar(select(SavedView.id).where(SavedView.owner_id == _user(s, owner).id, SavedView.name == name))


def _dashboard_count(client, view_id) -> str:
    page = client.get("/").get_data(as_text=True)
    match = re.search(rf'data-view="{view_id}">.*?<span class="badge view-count">([^<]+)</span>', page, re.S)
    assert match, page[page.find('id="dashboard-saved-views"'):][:1500]
    return match.group(1)


def test_dashboard_count_leaves_out_letters_the_viewer_may_not_read(app, letters, as_user):
    kadis = as_user("kadis")
    response = _save(kadis, "Laporan zamrud", f"q={WORD}", share=True)
    assert response.status_code == 302
    view_id = _view_id(app, "kadis", "Laporan zamrud")
    # kadis (pejabat, whole dinas) reads all three; staf (Seksi Kurikulum, up to terbatas) one;
    # kabid_b (Sekretariat) only his unit's letter.
    assert _dashboard_count(kadis, view_id) == "3 surat"
    assert _dashboard_count(as_user("staf"), view_id) == "1 surat"
    assert _dashboard_count(as_user("kabid_b"), view_id) == "1 surat"
    # The same numbers as the search page itself shows.
    search = as_user("staf").get(f"/search/?q={WORD}").get_data(as_text=True)
    assert "1 surat ditemukan" in search


def test_save_from_search_page_keeps_filters_and_lists_it(app, letters, as_user):
    arsiparis = as_user("arsiparis")
    page = arsiparis.get(f"/search/?q={WORD}&sender=Dinas+Kehutanan&sort=date").get_data(as_text=True)
    form = page[page.index('id="save-view-form"'):]
    query = re.search(r'name="query" type="hidden" value="([^"]+)"', form).group(1).replace("&amp;", "&")
    assert "sender=Dinas+Kehutanan" in query and "sort=date" in query
    assert _save(arsiparis, "Kehutanan", query).status_code == 302
    with app.extensions["lontar"].runtime.session_scope() as s:
        view = s.scalar(select(SavedView).where(SavedView.name == "Kehutanan"))
        assert view.query_args == {"q": WORD, "sender": "Dinas Kehutanan", "sort": "date"} and view.unit_id is None
    listed = arsiparis.get("/search/").get_data(as_text=True)
    link = re.search(r'href="(/search/\?[^"]+)">Kehutanan</a>', listed).group(1).replace("&amp;", "&")
    assert "sender=Dinas+Kehutanan" in link
    opened = arsiparis.get(link).get_data(as_text=True)
    assert "1 surat ditemukan" in opened  # the rahasia one is beyond the archivist's clearance
    assert 'placeholder="mis. 2024"' in listed  # the year box hint is not a value
    # Not shared: another user does not see it.
    assert "Kehutanan" not in as_user("records").get("/search/").get_data(as_text=True)


def test_shared_with_the_unit_and_units_below_only(app, letters, as_user):
    kabid_a = as_user("kabid_a")
    assert _save(kabid_a, "Bidang dasar", f"q={WORD}", share=True).status_code == 302
    assert "Bidang dasar" in as_user("staf").get("/search/").get_data(as_text=True)   # seksi below the bidang
    assert "Bidang dasar" not in as_user("kabid_b").get("/search/").get_data(as_text=True)  # another bidang
    assert "Bidang dasar" not in as_user("kadis").get("/search/").get_data(as_text=True)    # the unit above


def test_only_the_owner_renames_or_deletes(app, letters, as_user):
    kadis, staf = as_user("kadis"), as_user("staf")
    _save(kadis, "Untuk semua", f"q={WORD}", share=True)
    view_id = _view_id(app, "kadis", "Untuk semua")
    refused = staf.post(f"/search/views/{view_id}", data={"name": "Punya saya", "csrf_token": csrf_token(staf)},
                        follow_redirects=True)
    assert "Hanya orang yang menyimpan pencarian ini" in refused.get_data(as_text=True)
    refused = staf.post(f"/search/views/{view_id}/delete", data={"csrf_token": csrf_token(staf)}, follow_redirects=True)
    assert "Hanya orang yang menyimpan pencarian ini" in refused.get_data(as_text=True)
    # Not visible at all to someone outside the dinas: 404, as for anything one may not see.
    outsider = as_user("admin")
    assert outsider.post(f"/search/views/{view_id}/delete", data={"csrf_token": csrf_token(outsider)}).status_code == 404
    assert kadis.post(f"/search/views/{view_id}", data={"name": "x"}).status_code == 400  # no CSRF token
    renamed = kadis.post(f"/search/views/{view_id}", data={"name": "Zamrud 2024", "share": "y",
                                                           "csrf_token": csrf_token(kadis)}, follow_redirects=True)
    assert "Pencarian tersimpan &#39;Zamrud 2024&#39; diperbarui." in renamed.get_data(as_text=True)
    assert "Zamrud 2024" in staf.get("/search/").get_data(as_text=True)
    deleted = kadis.post(f"/search/views/{view_id}/delete", data={"csrf_token": csrf_token(kadis)}, follow_redirects=True)
    assert "dihapus" in deleted.get_data(as_text=True)
    with app.extensions["lontar"].runtime.session_scope() as s:
        assert s.get(SavedView, view_id) is None


def test_service_refusals(app, letters):
    with app.extensions["lontar"].runtime.session_scope() as s:
        admin = _user(s, "admin")  # no position: nothing to share with
        view = saved_views.create(s, admin, "  Semua   surat ", {"q": "", "page": "3", "sort": "date"})
        assert view.name == "Semua surat" and view.query_args == {"sort": "date"}
        with pytest.raises(saved_views.SavedViewError, match="already have"):
            saved_views.create(s, admin, "semua SURAT", {})
        with pytest.raises(saved_views.SavedViewError, match="no position"):
            saved_views.create(s, admin, "Bagikan", {}, share=True)
        with pytest.raises(saved_views.SavedViewError, match="name"):
            saved_views.create(s, admin, "   ", {})
        with pytest.raises(saved_views.SavedViewError, match="too long"):
            saved_views.create(s, admin, "x" * 101, {})
        with pytest.raises(saved_views.ViewNotFound):
            saved_views.get_visible(s, _user(s, "staf"), view.id)
        s.rollback()


def test_invalid_saved_search_and_bad_input_give_messages_not_errors(app, letters, as_user):
    staf = as_user("staf")
    assert _save(staf, "", f"q={WORD}").status_code == 302
    page = staf.get("/search/").get_data(as_text=True)
    assert "Beri nama pencarian tersimpan." in page
    bad = _save(staf, "Aneh", "sort=terbalik")
    assert bad.status_code == 302
    assert "Tidak disimpan" in staf.get("/search/").get_data(as_text=True)
    with app.extensions["lontar"].runtime.session_scope() as s:
        # A view stored before its parameters became invalid: shown with a message, never a 500.
        s.add(SavedView(owner_id=_user(s, "staf").id, name="Lama", query_args={"sort": "hilang"}))
    dashboard = staf.get("/")
    assert dashboard.status_code == 200
    assert "tidak berlaku lagi" in dashboard.get_data(as_text=True)
    assert staf.get("/search/views").status_code == 200


def test_panel_and_page_in_english(app, letters, as_user):
    admin = as_user("admin")  # every unit, up to terbatas: the two biasa letters
    admin.post("/language/en", data={"csrf_token": csrf_token(admin)})
    _save(admin, "Forestry reports", f"q={WORD}")
    view_id = _view_id(app, "admin", "Forestry reports")
    assert _dashboard_count(admin, view_id) == "2 letters"
    page = admin.get("/search/views").get_data(as_text=True)
    assert "Saved searches" in page and "Show on the dashboard" in page and "Pencarian" not in page
    admin.post("/language/id", data={"csrf_token": csrf_token(admin)})
