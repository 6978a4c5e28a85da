"""Fixtures for disposition tests: an office, a processed letter, a registration."""
from __future__ import annotations

from datetime import date, timedelta

import shutil

import pytest
from sqlalchemy import select

from app.migrate import upgrade
from app.models import Position, Unit, User
from app.runtime import Runtime
from app.services import registration as reg_service
from tests.conftest import make_settings
from tests.factories import Org, make_document, make_org

DB_NAME = "lontar.sqlite"


@pytest.fixture(scope="session")
def org_template(tmp_path_factory):
    """A migrated database with the factory office, built once (migrating and hashing passwords is slow)."""
    data_dir = tmp_path_factory.mktemp("org-template")
    settings = make_settings(data_dir)
    upgrade(settings)
    rt = Runtime(settings)
    with rt.session_scope() as session:
        make_org(session)
    rt.close()  # checkpoints the WAL into the file
    return data_dir / DB_NAME


@pytest.fixture
def runtime(settings, org_template):
    """Each test gets its own copy of the template database."""
    shutil.copy(org_template, settings.data_dir / DB_NAME)
    rt = Runtime(settings)
    # Create the embedded index up front: a first write that has to create it deadlocks on
    # the backend's own writer lock (reported to the search work).
    rt.search.ensure_index()
    yield rt
    rt.close()


def load_org(session) -> Org:
    units = {u.code: u for u in session.execute(select(Unit)).scalars()}
    positions = {p.name: p for p in session.execute(select(Position)).scalars()}
    users = {u.username: u for u in session.execute(select(User)).scalars()}
    return Org(
        units["DISDIK"], units["DISDIK-A"], units["DISDIK-B"], units["DISDIK-A1"],
        positions["Kepala Dinas"], positions["Kepala Bidang Pendidikan Dasar"], positions["Sekretaris"],
        positions["Kepala Seksi Kurikulum"], positions["Staf Seksi Kurikulum"], users,
    )


@pytest.fixture
def org(session):
    return load_org(session)


@pytest.fixture
def letter(session, org):
    return make_document(
        session,
        ["Kepada Yth. Kepala Dinas Pendidikan. Perihal: Undangan rapat koordinasi kurikulum"],
        nomor="045/123/DISDIK/VII/2025",
        perihal="Undangan rapat koordinasi kurikulum",
        sender="Bappeda Kabupaten Penajam",
        tanggal_surat=date.today() - timedelta(days=3),
        unit_id=org.dinas.id,
        urgensi="segera",
    )


def form(org, **overrides):
    data = {
        "tanggal_surat": (date.today() - timedelta(days=3)).isoformat(),
        "asal_surat": "Bappeda Kabupaten Penajam",
        "nomor_surat": "045/123/DISDIK/VII/2025",
        "sifat": "biasa",
        "urgensi": "segera",
        "lampiran": "1 (satu) berkas",
        "perihal": "Undangan rapat koordinasi kurikulum",
        "ringkasan": "Rapat koordinasi kurikulum tingkat kabupaten",
        "kode_klasifikasi": "045",
        "tujuan": org.kepala_dinas.id,
    }
    data.update(overrides)
    return data


@pytest.fixture
def registered(session, org, letter):
    return reg_service.register(session, letter, org.users["arsiparis"], form(org))


@pytest.fixture
def web_app(runtime):
    from app.web.factory import create_app

    return create_app(runtime.settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")


@pytest.fixture
def as_user(web_app):
    """as_user("kadis") -> a test client logged in as that user."""
    from tests.web.conftest import logged_in_clients

    return logged_in_clients(web_app)
