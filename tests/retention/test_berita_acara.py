"""The berita acara names people properly, under the letterhead, in the office's time zone
(issue 11 majors 4 and 5), and prints the audit anchor (issue 15 item 19)."""
from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from app.services import disposal, localtime, office_settings
from config import SettingsError, load_settings
from tests.retention.conftest import COMMITTEE, WITNESSES
from tests.retention.test_disposal import monthly_report
from tests.retention.test_disposal_guards import APPROVAL


def executed_text(session, settings, manager, people, subject="Laporan bulanan April"):
    doc = monthly_report(session, manager, subject)
    proposal = disposal.create_proposal(session, manager, "Usul musnah 2026", [doc.id])
    disposal.review(session, settings, people["review"], proposal.id, COMMITTEE, "tidak bernilai guna")
    disposal.approve(session, settings, people["approve"], proposal.id, *APPROVAL)
    disposal.execute(session, settings, people["execute"], proposal.id, WITNESSES)
    _, pdf = disposal.berita_acara_bytes(session, settings, proposal.id)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return proposal, " ".join(text.split())


def test_people_are_named_with_jabatan_and_nip_under_the_letterhead(session, settings, org, manager, people):
    office_settings.set_letterhead(session, people["execute"], "Pemerintah Kabupaten Penajam Paser Utara",
                                   "Dinas Pendidikan", "Jl. Provinsi Km 9, Penajam, Telp. (0542) 7211")
    proposal, text = executed_text(session, settings, manager, people)
    for expected in (
        "PEMERINTAH KABUPATEN PENAJAM PASER UTARA", "DINAS PENDIDIKAN", "Jl. Provinsi Km 9, Penajam, Telp. (0542) 7211",
        "Drs. Ketua Panitia, Kepala Bidang Kearsipan, NIP 19700101 199503 2 001",      # committee
        "Anggota Satu, Arsiparis Ahli Muda, NIP -",
        "Ahmad Fauzi, S.Sos., Sekretaris, NIP 19800101 200501 1 005",                  # who recorded the approval
        "Ir. Hendra Gunawan", "Kepala Dinas", "NIP 19681212 199403 1 006",             # executor
        "Siti Aminah", "Kepala Subbagian Umum", "19800202 200501 2 002",               # witnesses
        "Budi Santoso", "Pengadministrasi Umum", "19850303 201001 1 003",
    ):
        assert expected in text, expected
    for username in ("records2", "admin", "records"):
        assert f" {username} " not in f" {text} "
    with pytest.raises(office_settings.SettingsRefused, match="only an administrator"):
        office_settings.set_letterhead(session, manager, "", "Dinas Lain", "")


def test_time_is_printed_in_the_office_zone(session, settings, org, manager, people):
    proposal, text = executed_text(session, settings, manager, people)
    local = localtime.to_local(proposal.executed_at, "Asia/Jakarta")
    assert f"pukul {local:%H:%M} WIB" in text and "UTC" not in text
    assert localtime.format_weekday(proposal.executed_at, "Asia/Jakarta") in text
    wita = settings.with_overrides(timezone="Asia/Makassar")
    proposal, text = executed_text(session, wita, manager, people, "Laporan bulanan Mei")
    assert f"pukul {localtime.to_local(proposal.executed_at, 'Asia/Makassar'):%H:%M} WITA" in text


def test_the_audit_anchor_is_printed_and_written_outside_the_database(runtime, settings):
    from tests.factories import make_org
    from tests.retention.conftest import add_people
    from app.services import retention

    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        proposal, text = executed_text(s, settings, org.users["records"], add_people(s, org))
        number = proposal.berita_acara_number
    anchors = [json.loads(line) for line in settings.audit_anchor_path.read_text().splitlines()]
    printed = next(a for a in anchors if a.get("berita_acara") == number)
    assert f"Jangkar jejak audit: entri ke-{printed['count']}, sidik HMAC-SHA256 {printed['head']}" in text.replace("- ", "-")


@pytest.mark.parametrize("zone,abbreviation", [("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT")])
def test_zone_abbreviations(zone, abbreviation):
    from datetime import datetime, timezone

    at = datetime(2026, 12, 3, 7, 33, tzinfo=timezone.utc)
    assert localtime.format_time(at, zone).endswith(f" {abbreviation}")
    assert localtime.format_time(at.replace(tzinfo=None), zone) == localtime.format_time(at, zone)  # naive = UTC


def test_the_time_zone_setting_is_validated(tmp_path):
    assert load_settings({"LONTAR_DATA_DIR": str(tmp_path)}).timezone == "Asia/Jakarta"
    with pytest.raises(SettingsError) as info:
        load_settings({"LONTAR_DATA_DIR": str(tmp_path), "LONTAR_TIMEZONE": "Asia/Penajam"})
    assert info.value.variable == "LONTAR_TIMEZONE" and "Asia/Makassar" in str(info.value)
