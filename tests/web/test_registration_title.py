"""The registration page is titled by what the letter is (nomor, perihal), not by its file name."""
from __future__ import annotations

import re

from tests.factories import make_document


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_registration_page_names_the_letter(app, world, as_user):
    runtime = app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        known = make_document(s, ["Surat undangan rapat"], nomor="005/88/DISDIK/2024", perihal="Undangan rapat evaluasi",
                              unit_id=world.org.seksi_a1.id)
        unknown = make_document(s, ["halaman tanpa kop"], unit_id=world.org.seksi_a1.id)
        ids, filename = (known.id, unknown.id), unknown.original_filename
    client = as_user("arsiparis")
    page = client.get(f"/disposisi/register/{ids[0]}").get_data(as_text=True)
    assert _title(page) == "Registrasi surat masuk: 005/88/DISDIK/2024 · Undangan rapat evaluasi · Lontar"
    assert re.search(r'<p id="register-letter"><a [^>]*>005/88/DISDIK/2024 · Undangan rapat evaluasi</a>', page)
    bare = client.get(f"/disposisi/register/{ids[1]}").get_data(as_text=True)
    assert _title(bare) == "Registrasi surat masuk · Lontar"
    assert filename not in _title(bare) and "(tanpa nomor)" in bare
