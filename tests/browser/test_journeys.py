"""Whole journeys across roles in Debian's Chromium, on the real `lontar run` (web + worker).

After every state change, every page reachable from the menu is crawled for every person
involved, in Indonesian and in English (tests/browser/crawl.py): no 5xx, no empty
response, no raw identifier in what people read. The server runs on the embedded SQLite
broker inside its own data dir, so parallel runs cannot take each other's tasks; the
clock is moved by restarting it with LONTAR_FAKE_NOW (config/clock.py).
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.migrate import upgrade
from app.runtime import Runtime
from app.services import indexing, retention
from app.services.users import create_user
from tests.browser.conftest import DESKTOP, PHONE, SHOTS, LontarServer, login, overflow
from tests.browser.crawl import assert_clean, crawl_roles
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document, make_org
from tests.ingest.samples import text_page

pytestmark = [pytest.mark.browser, pytest.mark.ocr]

OCR_MS = 300_000  # OCR on a busy 2-core machine: generous, only to avoid hanging forever
A4_150DPI = (1240, 1754)
MANAGERS = ("records", "records2", "records3")  # review, approval, execution: three different people
JOURNEY_SHOTS = SHOTS / "journeys"


class People:
    """One logged-in browser page per person, opened when first needed."""

    def __init__(self, browser, base: str, users: dict):
        self.browser, self.base, self.users, self.pages = browser, base, users, {}

    def __getitem__(self, name: str):
        if name not in self.pages:
            self.pages[name] = login(self.browser, self.base, name, PASSWORD)
        return self.pages[name]

    def crawl(self, when: str, *names: str) -> None:
        """The crawl after a state change, for every person named."""
        reports = crawl_roles({n: self[n] for n in names}, self.base, allowed=self.users["allowed"])
        assert_clean(reports, when)


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    data = tmp_path_factory.mktemp("journeys")
    settings = make_settings(data / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    runtime.search.ensure_index()
    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        for name in MANAGERS[1:]:
            create_user(s, name, PASSWORD, "pengelola_arsip", position_id=org.kabid_b.id)
        foreign = make_document(s, ["Laporan kas sekretariat triwulan zamrudkencana"], nomor="900/12/SEKR/2024",
                                perihal="Laporan kas sekretariat zamrudkencana", sender="Bendahara",
                                tanggal_surat=date.today() - timedelta(days=20), unit_id=org.bidang_b.id)
        similar = [make_document(s, [f"Undangan rapat koordinasi kurikulum sekolah dasar gugus {n}"],
                                 nomor=f"005/{n}/DISDIK/2024", perihal=f"Undangan rapat kurikulum gugus {n}",
                                 sender="Bappeda", tanggal_surat=date.today() - timedelta(days=30 + n),
                                 unit_id=org.dinas.id) for n in (1, 2, 3)]
        ids = {"foreign": foreign.id, "similar": [d.id for d in similar], "kadis": org.kepala_dinas.id,
               "kabid_a": org.kabid_a.id, "kabid_b": org.kabid_b.id}
        names = set(org.users) | set(MANAGERS)
    indexing.reindex(runtime)
    runtime.close()
    env = {**os.environ, "LONTAR_DATA_DIR": str(data / "data"), "LONTAR_SECRET_KEY": "journey-test-secret-key-0123", "OCR_JOBS": "1"}
    for name in ("SEARCH_URL", "BROKER_URL", "LONTAR_FAKE_NOW"):
        env.pop(name, None)  # embedded engine and SQLite broker of this data dir; the real clock
    server = LontarServer(data, env)
    server.start()
    yield server, {**ids, "allowed": frozenset(names)}
    server.stop()


def make_scan(path: Path, lines: list[str]) -> None:
    text_page(lines, size=A4_150DPI).save(path, "PDF", resolution=150)


def upload(page, base: str, path: Path, final_state: str = "done") -> int:
    page.goto(base + "/documents/upload")
    page.set_input_files("#file-input", str(path))
    row = page.locator("#queue tbody tr").first
    expect(row).to_have_attribute("data-state", final_state, timeout=OCR_MS)
    return int(row.get_attribute("data-doc-id"))


def fake_now(day: date) -> str:
    return datetime.combine(day, time(9, 0), tzinfo=timezone.utc).isoformat()


def wait_for_search(page, base: str, query: str, count: int) -> None:
    """The index is updated after the commit: ask again until it answers ``count`` letters."""
    for _ in range(60):
        page.goto(f"{base}/search/?q={query}")
        if page.locator("article.hit").count() == count:
            return
        page.wait_for_timeout(1000)
    expect(page.locator("article.hit")).to_have_count(count)


def shot(page, name: str) -> None:
    JOURNEY_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(JOURNEY_SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def real_clock_after(journey):
    yield
    server = journey[0]
    if server.env.get("LONTAR_FAKE_NOW"):
        server.restart(LONTAR_FAKE_NOW="")


def test_letter_from_upload_to_berita_acara(journey, chromium, tmp_path, real_clock_after):
    server, ids = journey
    base = server.base
    people = People(chromium, base, ids)
    letter_date = date.today() - timedelta(days=3)

    # Upload and fix the fields.
    clerk = people["arsiparis"]
    scan = tmp_path / "laporan-bulanan.pdf"
    make_scan(scan, ["PEMERINTAH KABUPATEN CONTOH", "DINAS PENDIDIKAN", "", "Nomor   : 000.9.2/31/DISDIK/XII/2026",
                     "Sifat   : Biasa", "Perihal : Laporan Bulanan Sarana Sekolah", "", "Dengan hormat,",
                     "bersama ini kami sampaikan laporan bulanan", "sarana prasarana sekolah kenariputih."])
    doc_id = upload(clerk, base, scan)
    people.crawl("the upload", "arsiparis")

    clerk.goto(f"{base}/documents/{doc_id}")
    form = clerk.locator("#fields-form")
    form.locator("input[name=nomor]").fill("000.9.2/31/DISDIK/XII/2026")
    form.locator("[name=perihal]").fill("Laporan Bulanan Sarana Sekolah")
    form.locator("input[name=sender]").fill("Kepala SD Negeri 3 Penajam")
    form.locator("input[name=tanggal_surat]").fill(letter_date.isoformat())
    form.locator("button[type=submit]").click()
    expect(clerk.locator(".flash.success")).to_be_visible()
    expect(clerk.locator("#timeline")).to_contain_text("Kepala SD Negeri 3 Penajam")
    people.crawl("fixing the fields", "arsiparis")
    for viewport in (DESKTOP, PHONE):  # the scanned letter with its page image and thumbnails fits the window
        clerk.set_viewport_size(viewport)
        clerk.goto(f"{base}/documents/{doc_id}")
        clerk.wait_for_load_state("networkidle")
        shot(clerk, f"a0-letter-{viewport['width']}")
        assert overflow(clerk) <= 0, f"the letter page is {overflow(clerk)} px wider than {viewport['width']} px"
    clerk.set_viewport_size(DESKTOP)

    # Register it to the head of office, who sees it waiting for his disposition.
    clerk.click("#register-link")
    clerk.select_option("#tujuan", str(ids["kadis"]))
    clerk.click("#register-submit")
    expect(clerk.locator(".flash.success")).to_contain_text(f"0001/{date.today().year}")
    people.crawl("registration", "arsiparis", "kadis")

    kadis = people["kadis"]
    kadis.goto(base + "/")
    expect(kadis.locator("#my-dispositions [data-count=to_dispose]")).to_have_text("1")
    kadis.goto(base + "/disposisi/")
    kadis.locator("#to-dispose a", has_text="Laporan Bulanan Sarana Sekolah").click()

    # He disposes to two positions.
    dispose = kadis.locator("#dispose-form")
    dispose.locator(f"input[name=positions][value='{ids['kabid_a']}']").check()
    dispose.locator(f"input[name=positions][value='{ids['kabid_b']}']").check()
    dispose.locator("input[name=instructions][value='Untuk ditindaklanjuti']").check()
    dispose.locator("textarea[name=note]").fill("Mohon dicek dan dilaporkan")
    deadline = date.today() + timedelta(days=2)
    dispose.locator("input[name=deadline]").fill(deadline.isoformat())
    dispose.locator("button[type=submit]").click()
    expect(kadis.locator(".flash.success")).to_have_text("Disposisi terkirim.")
    expect(kadis.locator(".disposition-tree [data-status=belum_dibaca]")).to_have_count(2)
    people.crawl("the disposition", "kadis", "kabid_a", "kabid_b")

    # One reads it, works on it and reports it done with an attachment.
    kabid = people["kabid_a"]
    kabid.goto(base + "/disposisi/")
    kabid.locator("#inbox tbody tr a", has_text="Laporan Bulanan Sarana Sekolah").click()
    expect(kabid.locator("#entry-status [data-status]")).to_have_attribute("data-status", "dibaca")
    people.crawl("reading", "kabid_a", "kadis")
    kabid.click("#start-button")
    expect(kabid.locator("#entry-status [data-status]")).to_have_attribute("data-status", "diproses")
    people.crawl("starting the work", "kabid_a")
    report = tmp_path / "laporan-tindak-lanjut.pdf"
    make_scan(report, ["Laporan tindak lanjut", "Sarana sekolah sudah diperiksa."])
    kabid.goto(base + "/disposisi/")
    kabid.locator("#inbox tbody tr a", has_text="Laporan Bulanan Sarana Sekolah").click()
    kabid.fill("#complete-form textarea[name=note]", "Sarana sudah diperiksa, laporan terlampir")
    kabid.set_input_files("#complete-form input[name=attachment]", str(report))
    kabid.click("#complete-button")
    expect(kabid.locator("#entry-status [data-status]")).to_have_attribute("data-status", "selesai")
    expect(kabid.locator("#entry a", has_text="Unduh")).to_have_count(1)
    people.crawl("completion", "kabid_a", "kadis")

    # The other's deadline passes: the clock moves, the overdue flag shows for him and for the sender.
    server.restart(LONTAR_FAKE_NOW=fake_now(deadline + timedelta(days=3)))
    sekretaris = people["kabid_b"]
    sekretaris.goto(base + "/disposisi/")
    expect(sekretaris.locator("[data-count=overdue]")).to_have_text("1")
    expect(sekretaris.locator("#inbox [data-due=overdue]")).to_have_count(1)
    kadis.goto(base + "/disposisi/sent")  # the sender sees whose part is late, and only that one
    expect(kadis.locator("main [data-due=overdue]")).to_have_count(1)
    expect(kadis.locator("main div", has=kadis.locator("[data-due=overdue]"))).to_contain_text("Sekretaris")
    shot(sekretaris, "a1-overdue")
    people.crawl("the deadline passing", "kabid_b", "kadis")

    # The records manager classifies it; two years later its retention has ended.
    records = people["records"]
    records.goto(f"{base}/documents/{doc_id}")
    records.fill("#classify-form input[name=code]", "000.9.2")
    records.click("#classify-form button[type=submit]")
    expect(records.locator("#retention-panel")).to_contain_text("000.9.2")
    people.crawl("classification", "records")

    server.restart(LONTAR_FAKE_NOW=fake_now(letter_date.replace(year=letter_date.year + 2) + timedelta(days=5)))
    records.goto(base + "/retensi/due/disposal_review")
    expect(records.locator(f"#due-list tr[data-document='{doc_id}']")).to_have_count(1)
    people.crawl("retention coming due", "records")

    # Proposal, committee review, approval and execution by three different people.
    records.fill("form[action$='/retensi/disposal'] input[name=title]", "Usul musnah laporan bulanan")
    records.click("form[action$='/retensi/disposal'] button[type=submit]")
    expect(records.locator("h1")).to_contain_text("Usul musnah laporan bulanan")
    proposal_url = records.url
    expect(records.locator(f"#items tr[data-document='{doc_id}']")).to_have_count(1)
    people.crawl("the proposal", "records")

    records.fill("#review-form textarea[name=committee]", "Budi Santoso; Ketua Panitia Penilai; 197001011995031001\n"
                 "Siti Aminah; Anggota Panitia Penilai; 198203152006042002\nAgus Wibowo; Anggota Panitia Penilai")
    records.fill("#review-form textarea[name=consideration]", "Laporan bulanan sudah melewati masa simpan.")
    records.click("#review-form button[type=submit]")
    expect(records.locator("#steps")).to_contain_text("Budi Santoso")
    people.crawl("the committee review", "records")

    approver = people["records2"]
    approver.goto(proposal_url)
    approver.fill("#approve-form input[name=authority]", "Bupati Penajam Paser Utara")
    approver.fill("#approve-form input[name=approval_reference]", "045/88/SETDA/2028")
    approver.fill("#approve-form input[name=decision_reference]", "188.4/12/DISDIK/2028")
    approver.click("#approve-form button[type=submit]")
    expect(approver.locator("#steps")).to_contain_text("Bupati Penajam Paser Utara")
    people.crawl("the approval", "records2")

    executor = people["records3"]
    executor.goto(proposal_url)
    executor.fill("#execute-form textarea[name=witnesses]", "Rina Kartika; Kepala Seksi Arsip; 198005052008012003\n"
                  "Joko Susilo; Staf Unit Kearsipan")
    executor.check("#execute-form input[name=confirm]")
    executor.click("#execute-form button[type=submit]")
    expect(executor.locator("#berita-acara")).to_be_visible()
    response = executor.request.get(base + executor.locator("#berita-acara").get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    shot(executor, "a2-executed")
    people.crawl("the execution", "records3", "records", "arsiparis", "kadis", "kabid_a")

    # Gone from search and from its page; its tombstone stays on the proposal.
    wait_for_search(clerk, base, "kenariputih", 0)
    assert clerk.request.get(f"{base}/documents/{doc_id}").status == 404
    executor.goto(proposal_url)
    tomb = executor.locator(f"#items tr[data-document='{doc_id}']")
    expect(tomb).to_contain_text("000.9.2/31/DISDIK/XII/2026")
    expect(tomb).to_contain_text("Laporan Bulanan Sarana Sekolah")
    expect(tomb.locator(".badge.bad")).to_be_visible()


def test_edit_then_open_it_and_its_similar_letters(journey, chromium):
    server, ids = journey
    base = server.base
    people = People(chromium, base, ids)
    clerk = people["arsiparis"]
    first = ids["similar"][0]
    clerk.goto(f"{base}/documents/{first}")
    clerk.locator("#fields-form [name=perihal]").fill("Undangan rapat kurikulum gugus 1 (diralat)")
    clerk.click("#fields-form button[type=submit]")
    expect(clerk.locator(".flash.success")).to_be_visible()
    people.crawl("editing a letter", "arsiparis")

    clerk.goto(f"{base}/documents/{first}")
    expect(clerk.locator("h1")).to_have_text("Undangan rapat kurikulum gugus 1 (diralat)")
    similar = clerk.locator("#similar ul.similar a")
    expect(similar.first).to_be_visible()
    similar.first.click()  # a similar letter opens, with its own similar letters
    expect(clerk.locator("h1")).to_contain_text("Undangan rapat kurikulum gugus")
    expect(clerk.locator("#similar ul.similar a").first).to_be_visible()
    for _ in range(30):  # the index takes the edit after the commit; then the others list it by its new subject
        clerk.goto(f"{base}/documents/{ids['similar'][1]}")
        if clerk.locator("#similar ul.similar a", has_text="(diralat)").count():
            break
        clerk.wait_for_timeout(1000)
    expect(clerk.locator("#similar ul.similar a", has_text="(diralat)")).to_have_count(1)
    people.crawl("opening the edited letter and its similar letters", "arsiparis")


def test_discard_a_failed_upload(journey, chromium, tmp_path):
    server, ids = journey
    base = server.base
    people = People(chromium, base, ids)
    clerk = people["arsiparis"]
    junk = tmp_path / "bukan-surat.pdf"
    junk.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a ZIP archive named like a letter
    doc_id = upload(clerk, base, junk, final_state="failed")
    clerk.goto(f"{base}/documents/{doc_id}")
    expect(clerk.locator(".flash.error")).to_contain_text("ZIP")
    people.crawl("a failed upload", "arsiparis")

    clerk.fill("#discard-form [name=reason]", "Salah unggah, bukan surat")
    clerk.click("#discard-form button[type=submit]")
    expect(clerk.locator(".flash.success")).to_be_visible()
    assert clerk.request.get(f"{base}/documents/{doc_id}").status == 404
    clerk.goto(base + "/documents/?status=failed")
    expect(clerk.locator("table.doclist a[href$='/documents/%d']" % doc_id)).to_have_count(0)
    people.crawl("discarding it", "arsiparis")
    # The same file can be uploaded again now: processed again (not refused as a duplicate of the discarded
    # one), and the letter's history keeps the discard.
    again = upload(clerk, base, junk, final_state="failed")
    clerk.goto(f"{base}/documents/{again}")
    expect(clerk.locator("#timeline")).to_contain_text("unggahan dibuang")
    people.crawl("uploading it again", "arsiparis")


def test_staff_cannot_open_another_units_letter_by_url(journey, chromium):
    server, ids = journey
    base = server.base
    people = People(chromium, base, ids)
    staf = people["staf"]
    foreign = ids["foreign"]
    for url in (f"/documents/{foreign}", f"/documents/{foreign}/pages/1.jpg", f"/documents/{foreign}/thumbs/1.jpg",
                f"/documents/{foreign}/original", f"/documents/{foreign}/searchable.pdf"):
        response = staf.request.get(base + url)
        assert response.status in (403, 404), (url, response.status)
        assert b"zamrudkencana" not in response.body(), url
    staf.goto(f"{base}/documents/{foreign}")
    expect(staf.locator("main")).not_to_contain_text("Laporan kas")
    wait_for_search(staf, base, "zamrudkencana", 0)
    expect(staf.locator("main")).not_to_contain_text("zamrudkencana")
    suggest = staf.request.get(f"{base}/search/suggest?q=zamrud")
    assert suggest.status == 200 and "zamrudkencana" not in suggest.text().lower()
    # The owner's unit does see it, so the refusal above is the access rule and not a missing letter.
    wait_for_search(people["kabid_b"], base, "zamrudkencana", 1)
    people.crawl("a refused letter", "staf")
    staf.set_viewport_size(PHONE)
    staf.goto(f"{base}/documents/{foreign}")
    assert re.search(r"\S", staf.locator("main").inner_text())  # a page that says why, not an empty one
