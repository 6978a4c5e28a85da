"""The search page against the real embedded engine: hits, snippets, access, bad input."""
from __future__ import annotations


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_search_finds_a_word_with_snippet_page_and_link(as_user, world):
    page = _text(as_user("staf").get("/search/?q=jadwal"))
    assert "1 surat ditemukan" in page
    assert "<mark>jadwal</mark>" in page.lower() or "<mark>Jadwal</mark>" in page
    assert f"/documents/{world.docs['biasa_a']}?page=2&amp;q=jadwal" in page
    assert f"/documents/{world.docs['biasa_a']}/thumbs/2.jpg" in page
    assert "005/123/DISDIK/2024" in page and "Dinas Kesehatan" in page


def test_restricted_letters_are_absent_from_results_and_counts(as_user):
    assert "0 surat ditemukan" in _text(as_user("staf").get("/search/?q=pemeriksaan"))
    assert "0 surat ditemukan" in _text(as_user("staf").get("/search/?q=cuti"))  # other unit
    assert "1 surat ditemukan" in _text(as_user("records").get("/search/?q=pemeriksaan"))


def test_filters_and_facets(as_user):
    client = as_user("admin")
    assert "1 surat ditemukan" in _text(client.get("/search/?q=surat&sender=BKD"))
    page = _text(client.get("/search/?year=2024"))
    assert "surat ditemukan" in page and "?year=2024" in page or "year=2024" in page


def test_snippets_are_escaped(as_user):
    page = _text(as_user("admin").get("/search/?q=teks"))
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_bad_search_input_is_400_not_500(as_user):
    client = as_user("staf")
    for url in ("/search/?bogus=1", "/search/?page=0", "/search/?sort=up", "/search/?date_from=2024-99-01",
                "/search/?q=tanggal:2024-13", "/search/?q=foo:bar", "/search/?per_page=1000",
                "/search/?date_from=2024-05-01&date_to=2024-01-01"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert 'class="flash error"' in _text(response)


def test_empty_search_shows_the_form(as_user):
    page = _text(as_user("staf").get("/search/"))
    assert 'name="q"' in page and "nomor:600/147" in page
