"""The crawl's detectors, without a browser: what counts as a raw identifier and what is a link to follow."""
from __future__ import annotations

import pytest

from tests.browser.crawl import _followable, check_page, parse_page, raw_identifiers

BASE = "http://127.0.0.1:5000"


@pytest.mark.parametrize("text, expected", [
    ("Status: belum_dibaca (3)", ["belum_dibaca"]),
    ("tanggal_surat cannot be in the future.", ["tanggal_surat"]),
    ("Perlu diperiksa: nomor_parts", ["nomor_parts"]),
    ("from_state=dibaca; old=None; instructions=['Untuk diketahui']",
     ["from_state", "None", "['Untuk diketahui']"]),
    ("Instruksi: []", ["[]"]),
    ("{'field': 'nomor'}", ["{'field':"]),
])
def test_raw_identifiers_are_found(text, expected):
    assert raw_identifiers(text, language="en") == expected


@pytest.mark.parametrize("text", [
    "Belum dibaca · Selesai · Dasbor", "Nomor: 600/147/PUPR/I/2024", "Berkas undangan_rapat.pdf diunggah",
    "https://lontar.example/x_y", "kirim ke admin_tu@example.go.id", "Lampiran [1 berkas]", "Halaman 2 dari 3",
    "Kode 000.5.6.2 · B-2019-014",
])
def test_words_for_people_pass(text):
    assert raw_identifiers(text, language="id") == []


def test_english_sentences_are_found_only_in_indonesian_mode():
    text = "Tanggal surat: The letter date cannot be in the future."
    assert raw_identifiers(text, language="en") == []
    found = raw_identifiers(text, language="id")
    assert found and all("cannot be in the future" in hit or "The letter date" in hit for hit in found)


def test_allowed_data_is_not_reported():
    assert raw_identifiers("kabid_a — dilihat", allowed=frozenset({"kabid_a"})) == []
    assert raw_identifiers("kabid_a — dilihat") == ["kabid_a"]


def test_visible_text_skips_scripts_hidden_elements_and_hidden_inputs():
    html = ('<html><head><title>x_y</title><script>var a_b = None;</script></head><body>'
            '<p>Halo</p><p>Sifat: <code>sangat_rahasia</code></p><div hidden>secret_value</div><input type="hidden" name="csrf_token" value="abc">'
            '<input placeholder="Cari surat"><input type="submit" value="Simpan"><img src="a.jpg" alt="Halaman 1">'
            '<a href="/documents/1">Surat</a><a href="/documents/1/original" download>Unduh</a><br></body></html>')
    text, links = parse_page(html)
    assert text.split("\n") == ["Halo", "Sifat:", "Cari surat", "Simpan", "Halaman 1", "Surat", "Unduh"]
    assert links == ["/documents/1"]


def test_only_same_origin_pages_are_followed():
    page = BASE + "/documents/"
    assert _followable(BASE, page, "7?page=2#fields") == BASE + "/documents/7?page=2"
    for href in ["https://example.com/", "/documents/7/original", "/documents/7/pages/1.jpg", "/retensi/due/x.csv",
                 "/api/v1/documents", "/static/lontar.css", "/disposisi/letter/1/lembar.pdf", "mailto:a@b.c",
                 "/retensi/due/inaktif?format=csv", "/documents/status?ids=1"]:
        assert _followable(BASE, page, href) is None, href


def test_check_page_reports_server_errors_and_empty_pages():
    assert [p.kind for p in check_page("u", 500, "text/html", "<p>x</p>", "id", frozenset())[0]] == ["server_error"]
    assert [p.kind for p in check_page("u", 200, "text/html", "   ", "id", frozenset())[0]] == ["empty"]
    assert [p.kind for p in check_page("u", 200, "text/html", "<script>x</script>", "id", frozenset())[0]] == ["empty"]
    problems, links = check_page("u", 200, "text/html", '<p>Status: belum_dibaca</p><a href="/x">x</a>', "id", frozenset())
    assert [(p.kind, p.detail) for p in problems] == [("raw_text", "'belum_dibaca'")] and links == ["/x"]
