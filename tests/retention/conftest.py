"""Fixtures of the retention tests: an office with the demo schedule loaded."""
from __future__ import annotations

import pytest

from app.services import retention
from tests.factories import make_org


@pytest.fixture
def org(session):
    org = make_org(session)
    retention.load_demo_schedule(session)
    session.flush()
    return org


@pytest.fixture
def manager(org):
    return org.users["records"]


WITNESSES = ["Siti Aminah; Kepala Subbagian Umum; 19800202 200501 2 002",
             "Budi Santoso; Pengadministrasi Umum; 19850303 201001 1 003"]
COMMITTEE = ["Drs. Ketua Panitia; Kepala Bidang Kearsipan; 19700101 199503 2 001", "Anggota Satu; Arsiparis Ahli Muda"]


def add_people(session, org):
    """Three accounts for the three steps (segregation of duties), named as a berita acara names them."""
    from app.services.users import create_user
    from tests.factories import PASSWORD

    records = org.users["records"]
    records.full_name, records.nip = "Dra. Rina Wulandari", "197505052000032004"
    second = create_user(session, "records2", PASSWORD, "pengelola_arsip", full_name="Ahmad Fauzi, S.Sos.",
                         position_id=org.kabid_b.id)
    second.nip = "198001012005011005"
    admin = org.users["admin"]
    admin.full_name, admin.nip, admin.position_id = "Ir. Hendra Gunawan", "196812121994031006", org.kepala_dinas.id
    session.flush()
    return {"review": records, "approve": second, "execute": admin}


@pytest.fixture
def people(session, org):
    return add_people(session, org)
