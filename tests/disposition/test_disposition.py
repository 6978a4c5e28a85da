"""Disposing a letter down the hierarchy, each state change and each refusal."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import AuditEntry, InstructionOption
from app.services import disposition as dsp
from app.services import registration as reg
from app.services.audit import Action
from app.services.disposition_queries import counts, inbox, sent, state_for_document, tree
from app.services.org import set_acting

TODAY = date.today()


def _dispose_top(session, org, registered, *positions, **kw):
    kw.setdefault("instructions", ["Untuk ditindaklanjuti", "Koordinasikan"])
    return dsp.dispose(session, org.users["kadis"], registered, [p.id for p in positions], **kw)


def test_tree_of_several_levels_and_recipients(session, org, registered, letter):
    top = _dispose_top(session, org, registered, org.kabid_a, org.kabid_b, note="Segera koordinasikan")
    entry_a, entry_b = sorted(top.recipients, key=lambda r: r.position_id != org.kabid_a.id)
    mid = dsp.dispose(session, org.users["kabid_a"], entry_a, [org.kasi_a1.id], ["Untuk diproses"], deadline=TODAY + timedelta(days=1))
    low = dsp.dispose(session, org.users["kasi"], mid.recipients[0], [org.staf_a1.id], ["Siapkan jawaban / konsep"])
    assert entry_a.status == "dibaca"  # disposing further implies having read it
    nodes = tree(session, registered)
    assert len(nodes) == 1 and nodes[0]["from_position"] == "Kepala Dinas"
    recipients = nodes[0]["recipients"]
    assert [r["position"] for r in recipients] == ["Kepala Bidang Pendidikan Dasar", "Sekretaris"]
    assert recipients[1]["children"] == []
    kasi_node = recipients[0]["children"][0]
    assert kasi_node["recipients"][0]["position_id"] == org.kasi_a1.id
    staf_node = kasi_node["recipients"][0]["children"][0]
    assert staf_node["disposition_id"] == low.id and staf_node["recipients"][0]["position_id"] == org.staf_a1.id
    state = state_for_document(session, letter.id)
    assert state["registered"] and state["agenda"] == registered.agenda_label
    # the tujuan (Kepala Dinas) and every live recipient
    assert state["assignee_position_ids"] == sorted([org.kepala_dinas.id, org.kabid_a.id, org.kabid_b.id, org.kasi_a1.id, org.staf_a1.id])
    assert state["statuses"] == ["belum_dibaca", "dibaca"] and state["overdue"] is False
    assert state["due_soon"] is True  # the kasi entry is due tomorrow


def test_each_state_change_is_audited(session, org, registered, letter, settings):
    entry = _dispose_top(session, org, registered, org.kabid_a).recipients[0]
    assert entry.status == "belum_dibaca"
    with pytest.raises(dsp.NotAllowed):
        dsp.mark_read(session, org.users["kadis"], entry)  # only the holder marks it read, not the sender
    assert entry.status == "belum_dibaca"
    dsp.mark_read(session, org.users["kabid_a"], entry)
    assert entry.status == "dibaca" and entry.read_at is not None
    dsp.start(session, org.users["kabid_a"], entry.id, expected_version=entry.version)
    assert entry.status == "diproses"
    attachment = dsp.Attachment("../laporan rapat.pdf", b"%PDF-1.4 laporan")
    dsp.complete(session, org.users["kabid_a"], entry.id, "Sudah dikoordinasikan", attachment, settings.data_dir)
    assert entry.status == "selesai" and entry.completion_note == "Sudah dikoordinasikan"
    assert entry.attachment_path == f"disposition/{entry.id}/laporan_rapat.pdf"
    assert (settings.data_dir / entry.attachment_path).read_bytes() == b"%PDF-1.4 laporan"
    rows = list(session.execute(select(AuditEntry).where(AuditEntry.document_id == letter.id).order_by(AuditEntry.seq)).scalars())
    steps = [(e.action, e.details.get("from_state"), e.details.get("to_state"), e.actor_name) for e in rows]
    assert steps == [
        (Action.REGISTERED, None, "registered", "arsiparis"),
        (Action.DISPOSED, None, "belum_dibaca", "kadis"),
        (Action.DISPOSITION_READ, "belum_dibaca", "dibaca", "kabid_a"),
        (Action.DISPOSITION_STARTED, "dibaca", "diproses", "kabid_a"),
        (Action.DISPOSITION_COMPLETED, "diproses", "selesai", "kabid_a"),
    ]
    assert state_for_document(session, letter.id)["statuses"] == ["selesai"]


def test_complete_straight_from_unread_passes_through_read(session, org, registered):
    entry = _dispose_top(session, org, registered, org.kabid_b).recipients[0]
    dsp.complete(session, org.users["kabid_b"], entry, "Diarsipkan")
    assert entry.status == "selesai" and entry.read_at is not None


def test_refusals(session, org, registered, settings):
    kadis, kabid_a, kabid_b, staf = (org.users[k] for k in ("kadis", "kabid_a", "kabid_b", "staf"))
    with pytest.raises(dsp.InvalidTarget, match="at least one"):
        dsp.dispose(session, kadis, registered, [], ["Untuk diketahui"])
    with pytest.raises(dsp.InvalidTarget, match="not below"):
        dsp.dispose(session, kadis, registered, [org.kepala_dinas.id], ["Untuk diketahui"])
    with pytest.raises(dsp.InvalidTarget, match="does not exist"):
        dsp.dispose(session, kadis, registered, [424242], ["Untuk diketahui"])
    with pytest.raises(dsp.InvalidDeadline, match="in the past"):
        _dispose_top(session, org, registered, org.kabid_a, deadline=TODAY - timedelta(days=1))
    with pytest.raises(dsp.InvalidDeadline, match="not a date"):
        _dispose_top(session, org, registered, org.kabid_a, deadline="besok")
    with pytest.raises(dsp.DispositionError, match="unknown instruction"):
        _dispose_top(session, org, registered, org.kabid_a, instructions=["Bakar"])
    with pytest.raises(dsp.DispositionError, match="at least one instruction or write a note"):
        _dispose_top(session, org, registered, org.kabid_a, instructions=[])
    with pytest.raises(dsp.NotAllowed, match="do not hold"):  # acting as someone without the position
        dsp.dispose(session, kabid_b, registered, [org.kabid_a.id], ["Untuk diketahui"])
    entry_a = _dispose_top(session, org, registered, org.kabid_a).recipients[0]
    with pytest.raises(dsp.InvalidTarget, match="not below"):  # sideways
        dsp.dispose(session, kabid_a, entry_a, [org.kabid_b.id], ["Untuk diketahui"])
    with pytest.raises(dsp.NotAllowed):  # completing someone else's disposition
        dsp.complete(session, staf, entry_a, "selesai", None, settings.data_dir)
    with pytest.raises(dsp.NotAllowed):
        dsp.start(session, kadis, entry_a)
    with pytest.raises(dsp.DispositionError, match="completion note"):
        dsp.complete(session, kabid_a, entry_a, "  ")
    dsp.complete(session, kabid_a, entry_a, "beres")
    with pytest.raises(dsp.InvalidState, match="already completed"):
        dsp.start(session, kabid_a, entry_a)
    with pytest.raises(dsp.InvalidState, match="already completed"):
        dsp.dispose(session, kabid_a, entry_a, [org.kasi_a1.id], ["Untuk diketahui"])
    with pytest.raises(dsp.NotFound):
        dsp.start(session, kabid_a, 999999)


def test_cancel_while_unread_only_by_sender(session, org, registered):
    top = _dispose_top(session, org, registered, org.kabid_a, org.kabid_b)
    entry_a, entry_b = sorted(top.recipients, key=lambda r: r.position_id != org.kabid_a.id)
    with pytest.raises(dsp.NotAllowed, match="only the sender"):
        dsp.cancel_entry(session, org.users["kabid_a"], entry_a)
    dsp.mark_read(session, org.users["kabid_b"], entry_b)
    with pytest.raises(dsp.InvalidState, match="already read by Sekretaris"):
        dsp.cancel_disposition(session, org.users["kadis"], top.id)
    with pytest.raises(dsp.InvalidState, match="already read"):
        dsp.cancel_entry(session, org.users["kadis"], entry_b)
    dsp.cancel_entry(session, org.users["kadis"], entry_a)
    assert entry_a.status == "dibatalkan" and entry_a.cancelled_at is not None
    # acting on a cancelled one
    for act in (lambda: dsp.start(session, org.users["kabid_a"], entry_a),
                lambda: dsp.complete(session, org.users["kabid_a"], entry_a, "x"),
                lambda: dsp.dispose(session, org.users["kabid_a"], entry_a, [org.kasi_a1.id], ["Untuk diketahui"]),
                lambda: dsp.cancel_entry(session, org.users["kadis"], entry_a)):
        with pytest.raises(dsp.InvalidState, match="cancelled"):
            act()
    assert inbox(session, org.users["kabid_a"]) == []


def test_cancel_whole_disposition_and_registration(session, org, registered, letter):
    top = _dispose_top(session, org, registered, org.kabid_a, org.kabid_b)
    dsp.cancel_disposition(session, org.users["kadis"], top.id)
    assert {r.status for r in top.recipients} == {"dibatalkan"}
    with pytest.raises(dsp.InvalidState, match="already cancelled"):
        dsp.cancel_disposition(session, org.users["kadis"], top.id)
    again = _dispose_top(session, org, registered, org.kabid_a)
    reg.cancel(session, registered, org.users["arsiparis"], "salah surat")
    assert again.recipients[0].status == "dibatalkan"
    with pytest.raises(dsp.InvalidState, match="cancelled"):
        _dispose_top(session, org, registered, org.kabid_a)
    assert state_for_document(session, letter.id)["registered"] is False


def test_registration_cannot_be_cancelled_once_acted_on(session, org, registered):
    entry = _dispose_top(session, org, registered, org.kabid_a).recipients[0]
    dsp.mark_read(session, org.users["kabid_a"], entry)
    with pytest.raises(reg.RegistrationError, match="being acted on"):
        reg.cancel(session, registered, org.users["arsiparis"], "salah")


def test_acting_official_plt_may_act(session, org, registered):
    set_acting(session, None, org.kepala_dinas, org.users["kabid_b"])
    top = dsp.dispose(session, org.users["kabid_b"], registered, [org.kabid_a.id], ["Untuk diketahui"])
    assert top.sender_position_id == org.kepala_dinas.id and top.sender_user_id == org.users["kabid_b"].id
    # the Plt sees the office's sent items; the holder too
    assert [d.id for d in sent(session, org.users["kadis"])] == [top.id]
    entry = _dispose_top(session, org, registered, org.kabid_a).recipients[0]
    set_acting(session, None, org.kabid_a, org.users["kasi"])
    assert entry in inbox(session, org.users["kasi"])
    dsp.start(session, org.users["kasi"], entry)
    assert entry.acted_by_id == org.users["kasi"].id


def test_deadline_defaults_from_configurable_urgency_table(session, org, registered):
    assert registered.urgensi == "segera"
    first = _dispose_top(session, org, registered, org.kabid_a)
    assert first.deadline == TODAY + timedelta(days=2)
    dsp.set_deadline_days(session, "segera", 4)
    assert _dispose_top(session, org, registered, org.kabid_b).deadline == TODAY + timedelta(days=4)
    with pytest.raises(dsp.DispositionError, match="unknown urgency"):
        dsp.set_deadline_days(session, "kilat", 1)
    labels = dsp.instruction_options(session)
    assert len(labels) == 10 and labels[0] == "Untuk diketahui" and labels[-1] == "Arsipkan"
    session.add(InstructionOption(label="Mohon dibantu", sort_order=20))
    session.scalar(select(InstructionOption).where(InstructionOption.label == "Arsipkan")).active = False
    session.flush()
    assert dsp.instruction_options(session)[-1] == "Mohon dibantu"
    with pytest.raises(dsp.DispositionError, match="unknown instruction"):
        _dispose_top(session, org, registered, org.kabid_a, instructions=["Arsipkan"])


def test_overdue_computation():
    day = date(2025, 3, 10)
    assert dsp.due_state(date(2025, 3, 9), "dibaca", day) == "overdue"
    assert dsp.due_state(date(2025, 3, 10), "belum_dibaca", day) == "due_soon"
    assert dsp.due_state(date(2025, 3, 11), "diproses", day) == "due_soon"
    assert dsp.due_state(date(2025, 3, 12), "diproses", day) is None
    assert dsp.due_state(date(2025, 3, 1), "selesai", day) is None
    assert dsp.due_state(date(2025, 3, 1), "dibatalkan", day) is None
    assert dsp.due_state(None, "dibaca", day) is None


def test_inbox_sent_and_dashboard_counts(session, org, registered, letter):
    top = _dispose_top(session, org, registered, org.kabid_a, org.kabid_b)
    entry_a = next(r for r in top.recipients if r.position_id == org.kabid_a.id)
    dsp.dispose(session, org.users["kabid_a"], entry_a, [org.kasi_a1.id], ["Untuk diproses"], deadline=TODAY)
    kasi_entries = inbox(session, org.users["kasi"])
    assert [r.position_id for r in kasi_entries] == [org.kasi_a1.id]
    later = TODAY + timedelta(days=3)  # top deadline TODAY+2 and kasi's TODAY are both past then
    assert counts(session, org.users["kasi"]) == {"inbox": 1, "to_dispose": 0, "unread": 1, "in_progress": 0, "due_soon": 1, "overdue": 0, "sent_open": 0}
    assert counts(session, org.users["kasi"], on=later)["overdue"] == 1
    assert counts(session, org.users["kadis"])["sent_open"] == 2
    assert counts(session, org.users["kabid_a"]) == {"inbox": 1, "to_dispose": 0, "unread": 0, "in_progress": 0, "due_soon": 0, "overdue": 0, "sent_open": 1}
    assert state_for_document(session, letter.id, on=later)["overdue"] is True
    dsp.complete(session, org.users["kasi"], kasi_entries[0], "selesai")
    assert inbox(session, org.users["kasi"]) == []
    assert len(inbox(session, org.users["kasi"], include_done=True)) == 1
