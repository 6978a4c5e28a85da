"""End to end in Debian's Chromium: the real `lontar run` (web + worker) on a free port.

Log in, upload a generated two-page scan, watch it finish, search a word from page 2,
open the hit, see the word highlighted on page 2, correct a field, see the correction in
the timeline. Screenshots of the main pages go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SHOTS, LontarServer, lontar_cli
from tests.ingest.samples import text_page

pytestmark = [pytest.mark.browser, pytest.mark.ocr]

PASSWORD = "kata-sandi-uji"
WAIT_MS = 300_000  # OCR on a busy 2-core machine: generous, only to avoid hanging forever


A4_150DPI = (1240, 1754)


def make_scan(path: Path) -> None:
    first = text_page(["PEMERINTAH KABUPATEN CONTOH", "DINAS PENDIDIKAN", "", "Nomor   : 005/77/DISDIK/2024",
                       "Sifat   : Biasa", "Perihal : Undangan Rapat Koordinasi", "", "Dengan hormat,",
                       "kami mengundang Bapak/Ibu menghadiri rapat", "koordinasi kurikulum sekolah dasar."], size=A4_150DPI)
    second = text_page(["Lampiran jadwal kegiatan", "", "Kunjungan ke lumbung padi desa", "dilaksanakan pada hari Senin."],
                       size=A4_150DPI)
    first.save(path, "PDF", resolution=150, save_all=True, append_images=[second])


@pytest.fixture(scope="module")
def server(tmp_path_factory, redis_url):
    data = tmp_path_factory.mktemp("browser")
    # The real Redis broker on a database of its own, so no other test's worker takes the tasks.
    broker = redis_url.rsplit("/", 1)[0] + "/11"
    env = {**os.environ, "LONTAR_DATA_DIR": str(data / "data"), "LONTAR_SECRET_KEY": "browser-test-secret-key-0123", "OCR_JOBS": "1",
           "BROKER_URL": broker}
    env.pop("SEARCH_URL", None)
    lontar_cli(env, "db", "upgrade")
    lontar_cli(env, "users", "create", "sari", "--role", "arsiparis", "--password", PASSWORD, "--full-name", "Sari Arsiparis")
    server = LontarServer(data, env)
    server.start()
    yield server.base, data
    server.stop()


def test_upload_search_open_correct(server, tmp_path):
    base, _data = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    scan = tmp_path / "undangan-rapat.pdf"
    make_scan(scan)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(WAIT_MS)

        page.goto(base + "/login")
        page.screenshot(path=str(SHOTS / "01-login.png"))
        page.fill("input[name=username]", "sari")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        expect(page.locator("h1")).to_have_text("Dasbor")

        page.goto(base + "/documents/upload")
        # Record what the row said at every change: its note must follow the real status.
        page.evaluate("""() => { window.rowTexts = [];
          new MutationObserver(() => { const r = document.querySelector('#queue tbody tr');
            if (r) window.rowTexts.push([r.dataset.state, r.children[3].textContent]); })
          .observe(document.querySelector('#queue tbody'), {subtree: true, childList: true, characterData: true,
                                                           attributes: true}); }""")
        page.set_input_files("#file-input", str(scan))
        row = page.locator("#queue tbody tr").first
        expect(row).to_have_attribute("data-state", "done", timeout=WAIT_MS)
        seen = page.evaluate("window.rowTexts")
        processing = [note for state, note in seen if state == "processing"]
        # A quiet machine may finish before the page ever sees "processing": then only the notes it saw count.
        assert all("antrean" not in note and "Sedang diproses" in note for note in processing), seen
        assert all("antrean" in note for state, note in seen if state == "queued"), seen
        page.screenshot(path=str(SHOTS / "02-upload-queue.png"))

        # The index is updated right after processing; search until the letter shows up.
        for _ in range(300):
            page.goto(base + "/search/?q=lumbung")
            if page.locator("article.hit").count():
                break
            page.wait_for_timeout(1000)
        expect(page.locator("#result-count")).to_contain_text("1 surat")
        expect(page.locator("article.hit .snippet mark").first).to_have_text("lumbung", ignore_case=True)
        page.screenshot(path=str(SHOTS / "03-search.png"))

        page.click("article.hit a.hit-title")
        expect(page.locator("#page-text")).to_have_attribute("data-page", "2")
        expect(page.locator("#page-text mark").first).to_have_text("lumbung", ignore_case=True)
        page.screenshot(path=str(SHOTS / "04-document.png"), full_page=True)
        # The hit is drawn on the page image as well, inside the image.
        hit, image = page.locator("#page-frame .hit-box").first, page.locator("#page-image")
        expect(hit).to_be_visible()
        h, i = hit.bounding_box(), image.bounding_box()
        assert i["x"] <= h["x"] and h["x"] + h["width"] <= i["x"] + i["width"] and i["y"] <= h["y"] <= i["y"] + i["height"]
        page.screenshot(path=str(SHOTS / "04a-hit-on-image.png"))
        # Page 1: hovering a field draws where it was read from.
        page.click(".thumbs a >> nth=0")
        source = page.locator('#page-frame .source-box[data-field="nomor"]')
        expect(source).to_be_hidden()
        page.hover('#fields-form label[data-field="nomor"]')
        expect(source).to_be_visible()
        page.screenshot(path=str(SHOTS / "04b-field-source.png"))

        page.fill("#fields-form input[name=nomor]", "005/77/DISDIK/2024-KOREKSI")
        page.click("#fields-form button[type=submit]")
        expect(page.locator(".flash.success")).to_be_visible()
        expect(page.locator("#timeline")).to_contain_text("005/77/DISDIK/2024-KOREKSI")
        page.screenshot(path=str(SHOTS / "05-corrected.png"), full_page=True)

        page.goto(base + "/documents/")
        expect(page.locator("table.doclist")).to_contain_text("005/77/DISDIK/2024-KOREKSI")
        page.screenshot(path=str(SHOTS / "06-documents.png"))
        browser.close()
