"""Layout in Debian's Chromium at a laptop's 1366 px and a phone's 390 px: no page wider than the
window, read-only letter details shown whole, the document table readable on a phone.
Screenshots of the dashboard, document list, letter page and search go to
test-artifacts/screenshots/layout/ (looked at by people, not compared by the test)."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app.migrate import upgrade
from app.runtime import Runtime
from app.services import indexing, retention
from app.web.factory import create_app
from tests.browser.conftest import DESKTOP, PHONE, SHOTS, login, overflow
from tests.browser.crawl import crawl
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document, make_org

pytestmark = [pytest.mark.browser]

LONG_NOMOR = "000.9.2/1234/DINAS-PENDIDIKAN-KEPEMUDAAN-DAN-OLAHRAGA/XII/2026"
PAGES = {"dashboard": "/", "documents": "/documents/", "letter": "/documents/{doc}", "search": "/search/?q=kurikulum"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("layout") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    runtime.search.ensure_index()
    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        docs = [make_document(s, [f"Undangan rapat koordinasi kurikulum sekolah dasar gugus {n} " * 8],
                              nomor=LONG_NOMOR if n == 1 else f"005/{n}/DISDIK/XII/2026",
                              perihal=f"Undangan rapat koordinasi kurikulum sekolah dasar se-kabupaten gugus {n}",
                              sender="Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah Kabupaten Contoh",
                              tanggal_surat=date.today() - timedelta(days=n), unit_id=org.dinas.id,
                              signer_position="Kepala Dinas Pendidikan, Kepemudaan dan Olahraga",
                              classification_code="000.9.2") for n in (1, 2, 3)]
        for doc in docs:
            retention.recompute_document(s, doc)
        doc_id = docs[0].id
    indexing.reindex(runtime)
    app = create_app(settings, runtime=runtime, LOGIN_RATE_LIMIT="1000 per minute")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", doc_id
    server.shutdown()
    runtime.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("username", ["arsiparis", "kadis"])  # editable fields and read-only details
def test_pages_fit_the_window(served, chromium, viewport, username):
    base, doc_id = served
    folder = SHOTS / "layout"
    folder.mkdir(parents=True, exist_ok=True)
    page = login(chromium, base, username, PASSWORD, viewport=viewport)
    for name, path in PAGES.items():
        page.goto(base + path.format(doc=doc_id))
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(folder / f"{name}-{viewport['width']}-{username}.png"), full_page=True)
        assert overflow(page) <= 0, f"{name} at {viewport['width']} px is {overflow(page)} px wider than the window"
    page.context.close()


def test_read_only_letter_details_are_not_cut_off(served, chromium):
    base, doc_id = served
    page = login(chromium, base, "kadis", PASSWORD, viewport=DESKTOP)
    page.goto(f"{base}/documents/{doc_id}")
    value = page.locator("#fields dl.fields dd", has_text="/XII/2026").first
    expect(value).to_be_visible()
    clipped = value.evaluate("e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right >"
                             " e.closest('.card').getBoundingClientRect().right")
    assert not clipped, "the letter number runs out of its box"
    assert value.inner_text().strip() == LONG_NOMOR
    page.context.close()


def test_document_table_reads_as_cards_on_a_phone(served, chromium):
    base, _doc = served
    page = login(chromium, base, "arsiparis", PASSWORD, viewport=PHONE)
    page.goto(base + "/documents/")
    cell = page.locator("table.doclist tbody tr").first.locator("td", has_text="Undangan rapat koordinasi")
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Perihal" in label  # each value says which column it is, since the header row is not shown
    assert overflow(page) <= 0
    page.context.close()


@pytest.mark.parametrize("username", ["admin", "records"])  # the roles with the widest tables (lists, audit, users)
def test_every_reachable_page_fits_a_phone_and_a_laptop(served, chromium, username):
    base, _doc = served
    page = login(chromium, base, username, PASSWORD, viewport=DESKTOP)
    urls = crawl(page.context, base, username, "id").visited
    too_wide = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for url in urls:
            page.goto(url)
            if overflow(page) > 0:
                too_wide.append(f"{url.replace(base, '')} at {viewport['width']} px: {overflow(page)} px too wide")
    assert len(urls) > 10 and not too_wide, "\n".join(too_wide)
    page.context.close()
