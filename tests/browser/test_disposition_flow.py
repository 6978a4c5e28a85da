"""One letter from registration to completion in Debian's Chromium: the clerk registers
it, the head of office disposes it, the head of division opens it, works on it and
reports it done; the head sees the completed tree. Screenshots go to test-artifacts/."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from app.migrate import upgrade
from app.runtime import Runtime
from app.web.factory import create_app
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SHOTS, login
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document, make_org

pytestmark = [pytest.mark.browser]

SHOTS = SHOTS / "disposition"
WAIT_MS = 60_000  # a busy machine: generous, only to avoid hanging forever


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("dispo-browser") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    runtime.search.ensure_index()
    with runtime.session_scope() as s:
        org = make_org(s)
        doc = make_document(s, ["Undangan rapat koordinasi kurikulum"], nomor="005/77/DISDIK/2024",
                            perihal="Undangan Rapat Koordinasi", sender="Bappeda Kabupaten Contoh",
                            tanggal_surat=date.today() - timedelta(days=2), unit_id=org.dinas.id)
        doc.field_meta = {"nomor": {"confidence": 0.4, "review": True}}
        ids = {"doc": doc.id, "kadis": org.kepala_dinas.id, "kabid_a": org.kabid_a.id}
    app = create_app(settings, runtime=runtime, LOGIN_RATE_LIMIT="1000 per minute")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids
    server.shutdown()
    runtime.close()


def _login(browser, base: str, username: str):
    return login(browser, base, username, PASSWORD, viewport={"width": 1280, "height": 900}, timeout_ms=WAIT_MS)


def test_letter_from_registration_to_completion(served):
    base, ids = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

        clerk = _login(browser, base, "arsiparis")
        clerk.goto(f"{base}/documents/{ids['doc']}")
        clerk.click("#register-link")
        expect(clerk.locator("#field-nomor_surat")).to_have_class("field-review")  # the uncertain reading is flagged
        expect(clerk.locator("input[name=nomor_surat]")).to_have_value("005/77/DISDIK/2024")
        clerk.select_option("#tujuan", str(ids["kadis"]))
        clerk.screenshot(path=str(SHOTS / "01-register.png"), full_page=True)
        clerk.click("#register-submit")
        expect(clerk.locator(".flash.success")).to_contain_text(f"0001/{date.today().year}")

        kadis = _login(browser, base, "kadis")
        kadis.goto(f"{base}/documents/{ids['doc']}")
        kadis.click("#disposition-block a >> text=0001")
        kadis.check(f"#dispose-form input[name=positions][value='{ids['kabid_a']}']")
        kadis.check("#dispose-form input[name=instructions][value='Untuk ditindaklanjuti']")
        kadis.fill("#dispose-form textarea[name=note]", "Mohon dihadiri dan dilaporkan")
        # a second click while the first is being sent (a slow network) does not send the form again
        second_sent = kadis.eval_on_selector("#dispose-form", """f => { f.requestSubmit();
            return f.dispatchEvent(new SubmitEvent("submit", {bubbles: true, cancelable: true})); }""")
        assert second_sent is False
        expect(kadis.locator(".flash.success")).to_have_text("Disposisi terkirim.")
        expect(kadis.locator(".disposition-tree")).to_contain_text("Kepala Bidang Pendidikan Dasar")
        expect(kadis.locator(".disposition-tree [data-status]")).to_have_attribute("data-status", "belum_dibaca")
        kadis.screenshot(path=str(SHOTS / "02-disposed.png"), full_page=True)

        kabid = _login(browser, base, "kabid_a")
        kabid.goto(base + "/disposisi/")
        expect(kabid.locator("[data-count=unread]")).to_have_text("1")
        expect(kabid.locator("#notifications")).to_contain_text("Disposisi baru dari Kepala Dinas")
        kabid.screenshot(path=str(SHOTS / "03-inbox.png"), full_page=True)
        kabid.click("#inbox tbody tr a")
        expect(kabid.locator("#entry-status [data-status]")).to_have_attribute("data-status", "dibaca")
        kabid.click("#start-button")
        expect(kabid.locator("#entry-status [data-status]")).to_have_attribute("data-status", "diproses")
        kabid.fill("#complete-form textarea[name=note]", "Rapat sudah dihadiri, notulen terlampir")
        kabid.click("#complete-button")
        expect(kabid.locator("#entry-status [data-status]")).to_have_attribute("data-status", "selesai")
        expect(kabid.locator("#completion-note")).to_have_text("Rapat sudah dihadiri, notulen terlampir")
        kabid.screenshot(path=str(SHOTS / "04-done.png"), full_page=True)

        kadis.reload()
        expect(kadis.locator(".disposition-tree [data-status]")).to_have_attribute("data-status", "selesai")
        expect(kadis.locator(".disposition-tree")).to_contain_text("Rapat sudah dihadiri")
        kadis.goto(f"{base}/documents/{ids['doc']}")
        expect(kadis.locator("#timeline")).to_contain_text("kabid_a")
        kadis.screenshot(path=str(SHOTS / "05-tree.png"), full_page=True)
        browser.close()
