"""Organisation helpers, CSV import/export and the `lontar org` commands."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from app.cli.main import main
from app.models import Position, Unit, User
from app.services import org as org_service
from tests.conftest import make_settings


def test_positions_below_holders_and_vacancies(session, org):
    assert sorted(org_service.positions_below(session, org.kepala_dinas.id)) == sorted(
        [org.kabid_a.id, org.kabid_b.id, org.kasi_a1.id, org.staf_a1.id]
    )
    assert org_service.positions_below(session, org.staf_a1.id) == []
    assert org_service.is_below(session, org.staf_a1.id, org.kepala_dinas.id)
    assert not org_service.is_below(session, org.kabid_b.id, org.kabid_a.id)
    assert [u.username for u in org_service.holders(session, org.kabid_b.id)] == ["arsiparis", "kabid_b", "records"]
    vacant = org_service.create_position(session, org.users["admin"], "Kepala Seksi Sarpras", org.bidang_a.id, org.kabid_a.id)
    assert [p.id for p in org_service.vacant_positions(session)] == [vacant.id]
    org_service.set_acting(session, org.users["admin"], vacant, org.users["kasi"])
    assert org_service.vacant_positions(session) == []
    assert [u.username for u in org_service.holders(session, vacant.id)] == ["kasi"]
    assert org_service.holds(session, org.users["kasi"], vacant.id)


def test_changes_need_admin_and_refuse_cycles(session, org):
    with pytest.raises(org_service.OrgError, match="administrator"):
        org_service.create_unit(session, org.users["staf"], "X", "X")
    with pytest.raises(org_service.OrgError, match="already used"):
        org_service.create_unit(session, org.users["admin"], "DISDIK", "Lagi")
    with pytest.raises(org_service.OrgError, match="below itself"):
        org_service.set_superior(session, org.users["admin"], org.kepala_dinas, org.staf_a1.id)


CSV = """kind,code,name,parent,unit,holders,acting
unit,BKD,Badan Kepegawaian Daerah,,,,
unit,BKD-1,Bidang Mutasi,BKD,,,
position,,Kepala Badan,,BKD,kadis,
position,,Kepala Bidang Mutasi,Kepala Badan,BKD-1,,kasi
position,,Analis Mutasi,Kepala Bidang Mutasi,BKD-1,staf,
"""


def test_csv_import_is_repeatable_and_roundtrips(session, org):
    assert org_service.import_csv(session, None, CSV) == {"units": 2, "positions": 3}
    assert org_service.import_csv(session, None, CSV) == {"units": 2, "positions": 3}  # idempotent
    kepala = session.scalar(select(Position).where(Position.name == "Kepala Badan"))
    mutasi = session.scalar(select(Position).where(Position.name == "Kepala Bidang Mutasi"))
    assert mutasi.parent_id == kepala.id and mutasi.acting_user_id == org.users["kasi"].id
    assert session.scalar(select(Unit).where(Unit.code == "BKD-1")).parent.code == "BKD"
    assert org.users["staf"].position.name == "Analis Mutasi"
    exported = org_service.export_csv(session)
    assert "position,,Kepala Bidang Mutasi,Kepala Badan,BKD-1,,kasi" in exported
    assert "unit,DISDIK-A1,Seksi Kurikulum,DISDIK-A,,,\n" in exported
    assert org_service.import_csv(session, None, exported)["positions"] == len(session.execute(select(Position)).all())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo,bar\n1,2\n", "header"),
        ("kind,code,name,parent,unit,holders,acting\nteam,X,Y,,,,\n", "line 2: kind must be"),
        ("kind,code,name,parent,unit,holders,acting\nposition,,A,,NOPE,,\n", "known unit code"),
        ("kind,code,name,parent,unit,holders,acting\nunit,U,Unit,,,,\nposition,,A,Ghost,U,,\n", "superior position 'Ghost'"),
        ("kind,code,name,parent,unit,holders,acting\nunit,U,Unit,,,,\nposition,,A,,U,nobody,\n", "user 'nobody'"),
        ("kind,code,name,parent,unit,holders,acting\nunit,U,Unit,,,,\nposition,,A,B,U,,\nposition,,B,A,U,,\n", "cycle"),
        ("kind,code,name,parent,unit,holders,acting\nunit,U,Unit,,,,\nposition,,A,,U,,\nposition,,A,,U,,\n", "appears twice"),
    ],
)
def test_csv_import_errors(session, org, text, message):
    with pytest.raises(org_service.OrgError, match=message):
        org_service.import_csv(session, None, text)


def test_cli_import_export(runtime, tmp_path, monkeypatch):
    for key, value in {"LONTAR_DATA_DIR": str(runtime.settings.data_dir), "LONTAR_SECRET_KEY": "test-secret"}.items():
        monkeypatch.setenv(key, value)
    source = tmp_path / "org.csv"
    source.write_text(CSV, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["org", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "imported 2 units and 3 positions" in result.output
    result = runner.invoke(main, ["org", "export"])
    assert result.exit_code == 0 and "Kepala Bidang Mutasi" in result.output
    result = runner.invoke(main, ["org", "tree"])
    assert "Kepala Bidang Mutasi (BKD-1): kasi [Plt/Plh]" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,code,name,parent,unit,holders,acting\nposition,,A,,NOPE,,\n", encoding="utf-8")
    result = runner.invoke(main, ["org", "import", str(bad)])
    assert result.exit_code == 1 and "line 2" in result.output and "nothing was imported" in result.output
    with runtime.session_scope() as s:
        assert s.scalar(select(Position).where(Position.name == "A")) is None
