"""Issue 15 item 2 (audit views): the trail still lists what happened to a letter the viewer may
not read, but not its field values: the API, the audit page, its CSV export and the timeline."""
from __future__ import annotations

from datetime import date

import pytest

from app.models import Document, User
from app.services import documents
from tests.factories import make_document
from tests.security.access_world import build, close

OLD, NEW = "Pemeriksaan dana hibah kecamatan", "Pemeriksaan khusus bendahara desa"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    built = build(tmp_path_factory.mktemp("redaction"), "embedded")
    with built.runtime.session_scope() as s:
        records = s.get(User, built.users["records"])
        for name, sifat in (("rahasia", "rahasia"), ("biasa", "biasa")):
            doc = make_document(s, [f"Laporan {name}"], nomor=f"700/{name}/2024", perihal=OLD, sifat=sifat,
                                unit_id=built.units["sekretariat"], tanggal_surat=date(2024, 2, 1))
            documents.edit_fields(s, doc, {"perihal": NEW}, records, doc.version)
            built.docs[name] = doc.id
    yield built
    close(built)


def _field_edits(client, doc_id):
    response = client.get(f"/api/v1/audit?document={doc_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [e for e in response.get_json()["entries"] if e["action"] == "field_edited"]


def test_api_hides_old_and_new_values_from_a_viewer_not_cleared(world):
    admin, records = world.client("admin"), world.client("records")     # admin: terbatas; records: rahasia
    [hidden] = _field_edits(admin, world.docs["rahasia"])
    assert hidden["redacted"] is True and hidden["details"]["old"] is None and hidden["details"]["new"] is None
    assert hidden["details"]["field"] == "perihal"                      # what happened stays visible
    [shown] = _field_edits(records, world.docs["rahasia"])
    assert shown["redacted"] is False and (shown["details"]["old"], shown["details"]["new"]) == (OLD, NEW)
    [plain] = _field_edits(admin, world.docs["biasa"])
    assert (plain["details"]["old"], plain["details"]["new"]) == (OLD, NEW)


def test_audit_page_and_csv_hide_them_too(world):
    admin, records = world.client("admin"), world.client("records")
    doc_id = world.docs["rahasia"]
    page = admin.get(f"/retensi/audit?document={doc_id}").get_data(as_text=True)
    assert "field_edited" in page or "diubah" in page
    assert OLD not in page and NEW not in page and "(disembunyikan)" in page
    csv_text = admin.get(f"/retensi/audit?document={doc_id}&format=csv").get_data(as_text=True)
    assert OLD not in csv_text and NEW not in csv_text and "(disembunyikan)" in csv_text
    assert NEW in records.get(f"/retensi/audit?document={doc_id}").get_data(as_text=True)
    assert NEW in records.get(f"/retensi/audit?document={doc_id}&format=csv").get_data(as_text=True)


def test_the_whole_trail_redacts_per_letter(world):
    """Without a document filter the page mixes letters: each entry is judged by its own letter."""
    page = world.client("admin").get("/retensi/audit?action=field_edited").get_data(as_text=True)
    assert page.count(NEW) == 1          # the biasa letter's edit only


def test_timeline_shows_values_to_its_readers(world):
    page = world.client("records").get(f"/documents/{world.docs['rahasia']}").get_data(as_text=True)
    assert OLD in page and NEW in page
    with world.runtime.session_scope() as s:
        assert s.get(Document, world.docs["rahasia"]).perihal == NEW    # the trail itself is untouched
