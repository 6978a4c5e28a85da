"""Saved views, bulk actions and notes in Debian's Chromium, against the real app (embedded
tantivy index, SQLite) served on a free port.

An archivist saves a search, finds it on the dashboard with its count, selects two letters
on the document list and classifies them at once, then adds a note on one of them; a staf
member of the same unit reads the note, one of another unit cannot open the letter. Then
the archivist's pages are crawled in both languages.
Screenshots go to test-artifacts/screenshots/paperless/.
"""
from __future__ import annotations

import threading
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from app.migrate import upgrade
from app.models import Document, User
from app.runtime import Runtime
from app.services import indexing, retention
from app.web.factory import create_app
from tests.browser.conftest import DESKTOP, SHOTS, login
from tests.browser.crawl import assert_clean, crawl_roles
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document, make_org

pytestmark = [pytest.mark.browser]

WORD = "irigasi"
FOLDER = SHOTS / "paperless"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("paperless") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    runtime.search.ensure_index()
    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        s.scalar(select(User).where(User.username == "arsiparis")).full_name = "Sari Arsiparis"
        docs = [make_document(s, [f"Laporan pemeliharaan saluran {WORD} desa {n}"], nomor=f"600/{n}/PUPR/2024",
                              perihal=f"Laporan saluran {WORD} desa {n}", sender="Dinas PUPR",
                              tanggal_surat=date(2024, 2, n), unit_id=org.seksi_a1.id) for n in (1, 2, 3)]
        ids = [d.id for d in docs]
    indexing.reindex(runtime)
    app = create_app(settings, runtime=runtime, LOGIN_RATE_LIMIT="1000 per minute")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids, runtime
    server.shutdown()
    runtime.close()


def test_save_view_bulk_classify_and_note(served, chromium):
    base, ids, runtime = served
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = login(chromium, base, "arsiparis", PASSWORD, viewport=DESKTOP)

    page.goto(f"{base}/search/?q={WORD}")
    expect(page.locator("#result-count")).to_contain_text("3 surat")
    expect(page.locator('input[name="year"]')).to_have_attribute("placeholder", "mis. 2024")
    page.fill("#save-view-form input[name=name]", "Saluran irigasi")
    page.click("#save-view-form button[type=submit]")
    expect(page.locator(".flash.success")).to_contain_text("Pencarian disimpan sebagai 'Saluran irigasi'.")
    expect(page.locator("#saved-views")).to_contain_text("Saluran irigasi")
    page.screenshot(path=str(FOLDER / "01-search-saved.png"), full_page=True)

    page.goto(base + "/")
    panel = page.locator("#dashboard-saved-views")
    expect(panel).to_contain_text("Saluran irigasi")
    expect(panel.locator(".view-count")).to_have_text("3 surat")
    page.screenshot(path=str(FOLDER / "02-dashboard.png"), full_page=True)
    panel.get_by_role("link", name="Saluran irigasi").click()
    expect(page.locator("#result-count")).to_contain_text("3 surat")

    page.goto(base + "/documents/")
    page.check("#select-all")
    expect(page.locator('input[name="ids"]:checked')).to_have_count(3)
    expect(page.locator("#bulk-count")).to_have_text("3 dipilih")
    page.uncheck("#select-all")
    page.check('input[aria-label="Pilih 600/1/PUPR/2024"]')
    page.check('input[aria-label="Pilih 600/2/PUPR/2024"]')
    page.select_option("#bulk-action", "classify")
    expect(page.locator('#bulk-form input[name="reason"]')).to_be_hidden()
    page.fill('#bulk-form input[name="code"]', "600")
    page.screenshot(path=str(FOLDER / "03-bulk-selected.png"), full_page=True)
    page.click("#bulk-submit")
    expect(page.locator(".flash").first).to_have_text("Tetapkan kode klasifikasi: 2 berhasil, 0 ditolak.")
    page.screenshot(path=str(FOLDER / "04-bulk-done.png"), full_page=True)
    with runtime.session_scope() as s:
        assert [s.get(Document, i).classification_code for i in ids] == ["600", "600", None]

    page.goto(f"{base}/documents/{ids[0]}")
    page.fill("#note-form textarea[name=text]", "Mohon dicek <b>ulang</b> ke lapangan.\nBaris kedua.")
    page.click("#note-form button[type=submit]")
    expect(page.locator(".flash.success")).to_have_text("Catatan ditambahkan.")
    note = page.locator("#notes .note").first
    expect(note.locator(".note-author")).to_have_text("Sari Arsiparis")
    expect(note.locator(".note-text")).to_have_text("Mohon dicek <b>ulang</b> ke lapangan.\nBaris kedua.")
    expect(page.locator("#timeline")).to_contain_text("catatan ditambahkan")
    expect(page.locator("#timeline")).to_contain_text("Catatan: Mohon dicek")  # the audit detail, labelled
    page.locator("#notes").scroll_into_view_if_needed()
    page.screenshot(path=str(FOLDER / "05-note.png"), full_page=True)
    page.goto(base + "/search/views")
    expect(page.locator("#saved-views-table")).to_contain_text("Saluran irigasi")
    page.screenshot(path=str(FOLDER / "06-saved-views.png"), full_page=True)
    # Every page the archivist reaches from the menu, in both languages: no 5xx, no raw identifiers.
    assert_clean(crawl_roles({"arsiparis": page}, base), "saving a view, a bulk classification and a note")
    page.context.close()

    reader = login(chromium, base, "staf", PASSWORD, viewport=DESKTOP)
    reader.goto(f"{base}/documents/{ids[0]}")
    expect(reader.locator("#notes .note-text")).to_have_text("Mohon dicek <b>ulang</b> ke lapangan.\nBaris kedua.")
    expect(reader.locator("#notes .note-delete")).to_have_count(0)  # not his note
    reader.context.close()
    outsider = login(chromium, base, "kabid_b", PASSWORD, viewport=DESKTOP)
    response = outsider.goto(f"{base}/documents/{ids[0]}")
    assert response.status == 404
    outsider.context.close()
