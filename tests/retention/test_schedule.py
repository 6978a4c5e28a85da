from datetime import date

import pytest

from app.models import AuditEntry, DocumentRetention, RetentionRule
from app.services import classification, retention
from app.services.classification import InvalidInput, NotAllowed, RuleInput
from tests.factories import make_document


def test_demo_scheme_and_rules_loaded(session, org):
    codes = {n.code for n in classification.scheme(session)}
    assert {"000", "000.5", "000.8", "100", "200", "300", "400", "500", "600", "700", "800", "900"} <= codes
    annual = classification.rule_for(session, "000.9.1")
    assert (annual.active_years, annual.inactive_years, annual.final_disposition) == (2, 3, "permanen")
    assert classification.rule_for(session, "000.5.6.2").final_disposition == "permanen"


def test_rule_lookup_takes_most_specific_code(session, org, manager):
    retention.change_rule(session, manager, RuleInput("800", 1, 1, "musnah"), None)
    retention.change_rule(session, manager, RuleInput("800.1", 3, 4, "permanen"), None)
    assert classification.rule_for(session, "800.1.2").classification_code == "800.1"
    assert classification.rule_for(session, "800.2").classification_code == "800"
    assert classification.rule_for(session, "700.1") is None
    assert classification.rule_for(session, "not a code") is None


def test_letter_date_trigger(session, org, manager):
    doc = make_document(session, ["x"], nomor="000.9.2/5/DISDIK/I/2020", tanggal_surat=date(2020, 3, 15))
    row = retention.classify(session, manager, doc.id, retention.suggest_code(doc))
    assert row.classification_code == "000.9.2"
    assert (row.trigger_date, row.active_until, row.inactive_until) == (date(2020, 3, 15), date(2021, 3, 15), date(2022, 3, 15))
    state = retention.state_for_document(session, doc.id, today=date(2021, 6, 1))
    assert state["phase"] == "inaktif" and state["filed"] and state["final_disposition"] == "musnah"
    assert retention.state_for_document(session, doc.id, today=date(2020, 6, 1))["phase"] == "aktif"


def test_budget_year_end_trigger(session, org, manager):
    doc = make_document(session, ["gaji"], nomor="900.1/12/BKD/2019", tanggal_surat=date(2019, 2, 1))
    row = retention.classify(session, manager, doc.id, "900.1")
    assert row.trigger_date == date(2019, 12, 31)
    assert (row.active_until, row.inactive_until) == (date(2021, 12, 31), date(2029, 12, 31))


def test_while_in_force_trigger_waits_for_end_date(session, org, manager):
    doc = make_document(session, ["pks"], nomor="000.8.3/7/PEMDA", tanggal_surat=date(2018, 1, 10))
    row = retention.classify(session, manager, doc.id, "000.8.3")
    assert row.active_until is None and "in force" in row.note
    state = retention.state_for_document(session, doc.id, today=date(2040, 1, 1))
    assert state["phase"] == "aktif" and state["active_until"] is None
    row = retention.set_event_end(session, manager, doc.id, date(2023, 6, 30))
    assert (row.active_until, row.inactive_until) == (date(2024, 6, 30), date(2029, 6, 30))
    assert retention.state_for_document(session, doc.id, today=date(2030, 1, 1))["phase"] == "dinilai_kembali"


def test_rule_change_is_versioned_and_recomputes_documents(session, org, manager):
    doc = make_document(session, ["bulanan"], nomor="000.9.2/1/X", tanggal_surat=date(2020, 1, 1))
    retention.classify(session, manager, doc.id, "000.9.2")
    with pytest.raises(InvalidInput, match="needs a reason"):
        retention.change_rule(session, manager, RuleInput("000.9.2", 2, 5, "musnah"), "")
    retention.change_rule(session, manager, RuleInput("000.9.2", 2, 5, "musnah", series="Laporan bulanan"), "JRA revisi 2025")
    row = session.get(DocumentRetention, doc.id)
    assert (row.active_until, row.inactive_until) == (date(2022, 1, 1), date(2027, 1, 1))
    versions = classification.rule_history(session, "000.9.2")
    assert [(v.version, v.current) for v in versions] == [(2, True), (1, False)]
    assert versions[0].change_reason == "JRA revisi 2025" and versions[0].changed_by_id == manager.id
    entry = session.query(AuditEntry).filter_by(action="rule_changed", object_id=versions[0].id).one()
    assert entry.details["old"]["inactive_years"] == 1 and entry.details["new"]["inactive_years"] == 5


def test_new_rule_on_more_specific_code_takes_over(session, org, manager):
    doc = make_document(session, ["g"], tanggal_surat=date(2020, 5, 5))
    retention.classify(session, manager, doc.id, "900.1.2")
    assert session.get(DocumentRetention, doc.id).inactive_until == date(2030, 12, 31)
    retention.change_rule(session, manager, RuleInput("900.1.2", 1, 1, "musnah"), None)
    assert session.get(DocumentRetention, doc.id).inactive_until == date(2022, 5, 5)  # letter date trigger


def test_classification_code_validated_and_audited(session, org, manager):
    doc = make_document(session, ["x"], tanggal_surat=date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="not a classification code"):
        retention.classify(session, manager, doc.id, "abc")
    with pytest.raises(NotAllowed):
        retention.classify(session, org.users["staf"], doc.id, "000")
    retention.classify(session, manager, doc.id, "000.8")
    entry = session.query(AuditEntry).filter_by(action="classified", document_id=doc.id).one()
    assert entry.details == {"old": None, "new": "000.8", "rule_id": None}
    assert retention.state_for_document(session, doc.id)["filed"] is True


def test_unconfirmed_suggestion_is_not_filed(session, org):
    doc = make_document(session, ["x"], nomor="600/147/PUPR/I/2024", classification_code="600")
    doc.field_meta = {"classification_code": {"confidence": 0.4, "review": True}}
    state = retention.state_for_document(session, doc.id)
    assert state["filed"] is False and state["suggested_code"] == "600"
    assert retention.state_for_document(session, make_document(session, ["y"], nomor="tanpa kode").id)["filed"] is False


def test_import_csv_and_yaml_with_clear_errors(session, org, manager):
    counts = retention.import_schedule(session, manager, "code,name,active_years,inactive_years,final_disposition\n"
                                       "800.1,Formasi,2,3,musnah\n800.1.2,Pengadaan,,,\n", "jra.csv")
    assert counts == {"nodes": 2, "rules": 1}
    with pytest.raises(InvalidInput, match="line 2: final disposition"):
        retention.import_schedule(session, manager, "code,name,active_years,inactive_years,final_disposition\n"
                                  "800.2,X,1,1,bakar\n", "bad.csv")
    with pytest.raises(InvalidInput, match="YAML"):
        retention.import_schedule(session, manager, "rules: [", "bad.yaml")
    with pytest.raises(InvalidInput, match="not in the scheme"):
        retention.import_schedule(session, manager, "rules:\n - {code: '123', active_years: 1, inactive_years: 1, final_disposition: musnah}\n", "x.yaml")
    assert session.query(RetentionRule).filter_by(classification_code="800.1").one().version == 1


def test_vital_and_holds_are_audited(session, org, manager):
    doc = make_document(session, ["x"], tanggal_surat=date(2020, 1, 1))
    retention.set_vital(session, manager, doc.id, True)
    hold = retention.set_hold(session, manager, doc.id, "Perkara 12/Pdt.G/2024")
    state = retention.state_for_document(session, doc.id)
    assert state["vital"] and state["holds"][0]["reason"] == "Perkara 12/Pdt.G/2024"
    with pytest.raises(InvalidInput):
        retention.release_hold(session, manager, hold.id, "")
    retention.release_hold(session, manager, hold.id, "perkara selesai")
    assert retention.state_for_document(session, doc.id)["holds"] == []
    actions = [e.action for e in session.query(AuditEntry).filter_by(document_id=doc.id).order_by(AuditEntry.seq)]
    assert actions == ["vital_set", "hold_set", "hold_released"]


def test_discard_refusal_names_why_a_record_is_not_a_mistaken_upload(session, org, manager):
    upload = make_document(session, ["x"])
    assert retention.discard_refusal(session, upload) is None
    retention.classify(session, manager, upload.id, "000.8")
    assert "already classified" in retention.discard_refusal(session, upload)
    held = make_document(session, ["y"])
    retention.set_hold(session, manager, held.id, "perkara")
    assert "legal hold" in retention.discard_refusal(session, held)
