"""A registered letter reaches its addressee, and a cancelled disposition stops granting it,
in Debian's Chromium: the clerk registers a letter to the Kepala Dinas; he sees it on his
dashboard and in Disposisi with a count, disposes it to two positions; one recipient opens it
(the page marks it read by a POST); the sender can no longer cancel that one but cancels the
other, who then cannot open the letter by its URL. Screenshots go to test-artifacts/."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SHOTS
from tests.browser.test_disposition_flow import _login, served  # noqa: F401  (the fixture, reused)

pytestmark = [pytest.mark.browser]

SHOTS = SHOTS / "registration-addressee"
SUBJECT = "Undangan Rapat Koordinasi"


def _register_to_kadis(browser, base: str, ids: dict) -> None:
    clerk = _login(browser, base, "arsiparis")
    clerk.goto(f"{base}/documents/{ids['doc']}")
    clerk.click("#register-link")
    clerk.select_option("#tujuan", str(ids["kadis"]))
    clerk.click("#register-submit")
    expect(clerk.locator(".flash.success")).to_contain_text(f"0001/{date.today().year}")
    clerk.context.close()


def _kadis_sees_and_disposes(browser, base: str, ids: dict):
    kadis = _login(browser, base, "kadis")
    expect(kadis.locator("#my-dispositions [data-count=to_dispose]")).to_have_text("1")
    expect(kadis.locator("#my-dispositions")).to_contain_text("surat menunggu disposisi Anda")
    kadis.screenshot(path=str(SHOTS / "01-dashboard.png"), full_page=True)
    kadis.click("#open-inbox")
    expect(kadis.locator("#disposition-counts [data-count=to_dispose]")).to_have_text("1")
    expect(kadis.locator("#to-dispose")).to_contain_text(SUBJECT)
    expect(kadis.locator("#to-dispose [data-due]")).to_have_count(0)  # received today with urgency biasa (5 days): not yet due
    kadis.screenshot(path=str(SHOTS / "02-disposisi.png"), full_page=True)
    kadis.click(f"#to-dispose a >> text={SUBJECT}")
    expect(kadis.locator("#dispose-by")).to_be_visible()
    kadis.check(f"#dispose-form input[name=positions][value='{ids['kabid_a']}']")
    kadis.locator("#dispose-form label.check", has_text="Sekretaris").locator("input").check()
    kadis.check("#dispose-form input[name=instructions][value='Koordinasikan']")
    kadis.fill("#dispose-form textarea[name=note]", "Mohon dikoordinasikan bersama")
    kadis.click("#dispose-form button[type=submit]")
    expect(kadis.locator(".flash.success")).to_have_text("Disposisi terkirim.")
    expect(kadis.locator(".disposition-tree li.recipient")).to_have_count(2)
    kadis.screenshot(path=str(SHOTS / "03-disposed.png"), full_page=True)
    entries = {name: kadis.locator(".disposition-tree li.recipient", has_text=name).get_attribute("data-entry")
               for name in ("Kepala Bidang Pendidikan Dasar", "Sekretaris")}
    kadis.goto(base + "/disposisi/")
    expect(kadis.locator("#disposition-counts [data-count=to_dispose]")).to_have_text("0")  # it left his list
    return kadis, entries["Kepala Bidang Pendidikan Dasar"], entries["Sekretaris"]


def test_registered_letter_reaches_the_addressee_and_a_cancelled_grant_ends(served):  # noqa: F811
    base, ids = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        _register_to_kadis(browser, base, ids)
        kadis, entry_a, entry_b = _kadis_sees_and_disposes(browser, base, ids)

        kabid_b = _login(browser, base, "kabid_b")  # Sekretaris: may open the letter while the grant lives
        assert kabid_b.goto(f"{base}/documents/{ids['doc']}").status == 200

        kabid_a = _login(browser, base, "kabid_a")
        kabid_a.goto(base + "/disposisi/")
        expect(kabid_a.locator("[data-count=unread]")).to_have_text("1")
        kabid_a.click(f"#inbox tr[data-entry='{entry_a}'] a")
        # entry.js POSTs "read" once the page has loaded: the badge turns, the fallback button goes
        expect(kabid_a.locator("#entry-status [data-status]")).to_have_attribute("data-status", "dibaca")
        expect(kabid_a.locator("#mark-read")).to_have_count(0)
        kabid_a.screenshot(path=str(SHOTS / "04-read-by-recipient.png"), full_page=True)

        kadis.goto(f"{base}/disposisi/entry/{entry_a}")
        expect(kadis.locator("#entry-status [data-status]")).to_have_attribute("data-status", "dibaca")
        expect(kadis.locator("#cancel-entry")).to_have_count(0)  # read: no longer cancellable
        kadis.goto(f"{base}/disposisi/entry/{entry_b}")
        expect(kadis.locator("#entry-status [data-status]")).to_have_attribute("data-status", "belum_dibaca")
        kadis.click("#cancel-entry")
        expect(kadis.locator(".flash.success")).to_have_text("Disposisi dibatalkan.")
        expect(kadis.locator(f".disposition-tree li.recipient[data-entry='{entry_b}'] [data-status]")).to_have_attribute(
            "data-status", "dibatalkan")
        kadis.screenshot(path=str(SHOTS / "05-cancelled.png"), full_page=True)

        for url in (f"/documents/{ids['doc']}", f"/documents/{ids['doc']}/original", f"/disposisi/entry/{entry_b}"):
            assert kabid_b.goto(base + url).status == 404, url
        kabid_b.goto(base + "/disposisi/")
        expect(kabid_b.locator("#inbox")).to_have_count(0)
        expect(kabid_b.locator("body")).not_to_contain_text(SUBJECT)  # nor in the withdrawn notification
        kabid_b.goto(f"{base}/documents/{ids['doc']}")
        kabid_b.screenshot(path=str(SHOTS / "06-cancelled-recipient-404.png"), full_page=True)
        browser.close()
