"""Search input on the page and the API: deep nesting is a clear 400, not a 500
(issue 15 item 12); ignored parts and reversed ranges are named, in both languages."""
from __future__ import annotations

import pytest

from tests.search.apps import letters_app  # noqa: F401 - the fixture
from tests.web.conftest import logged_in_clients

LONG = "pemberitahuanpelaksanaankegiatanpembangunanjalan"


@pytest.mark.parametrize("q", ["(" * 300, "(-" * 400, "(" * 300 + "rapat"])
def test_deep_nesting_answers_a_message_on_page_and_api(letters_app, q):
    app, _runtime, _ids = letters_app
    client = logged_in_clients(app)("arsiparis")
    page = client.get("/search/", query_string={"q": q})
    assert page.status_code == 400
    assert "terlalu dalam menumpuk tanda kurung" in page.get_data(as_text=True)
    api = client.get("/api/v1/search", query_string={"q": q}, headers={"Accept-Language": "en"})
    assert api.status_code == 400 and api.get_json()["error"]["code"] == "bad_query"
    assert "too deeply" in api.get_json()["error"]["message"]


def test_ignored_parts_and_reversed_ranges_are_named(letters_app):
    app, _runtime, _ids = letters_app
    client = logged_in_clients(app)("arsiparis")
    page = client.get("/search/", query_string={"q": f"rapat {LONG}"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "3 surat ditemukan" in html
    assert f"Diabaikan &#39;{LONG[:20]}…&#39;" in html and "40 karakter" in html
    empty = client.get("/search/", query_string={"q": "((("})
    assert empty.status_code == 400 and "Tidak ada lagi yang bisa dicari" in empty.get_data(as_text=True)
    api = client.get("/api/v1/search", query_string={"q": "rapat )"}, headers={"Accept-Language": "en"})
    assert api.status_code == 200 and api.get_json()["total"] == 3
    assert api.get_json()["notices"] == ["Ignored ')': brackets, operators or signs with no word to act on."]
    backwards = client.get("/search/", query_string={"q": "tahun:2030..2020"})
    assert backwards.status_code == 400 and "tulis tahun:2020..2030" in backwards.get_data(as_text=True)
