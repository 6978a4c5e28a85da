"""Two people acting on the same disposition at once: one wins, the other is told."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.models import DispositionRecipient, Registration, User
from app.services import disposition as dsp
from app.services import registration as reg
from app.services.org import set_acting
from tests.disposition.conftest import form, load_org
from tests.factories import make_document


@pytest.fixture
def entry_id(runtime):
    """A committed letter disposed by kadis to kabid_a; kabid_a's position also has a Plt (kasi)."""
    with runtime.session_scope() as session:
        org = load_org(session)
        doc = make_document(session, ["surat"], nomor="1/2/3", unit_id=org.dinas.id)
        registration = reg.register(session, doc, org.users["arsiparis"], form(org))
        top = dsp.dispose(session, org.users["kadis"], registration, [org.kabid_a.id], ["Untuk diketahui"])
        set_acting(session, None, org.kabid_a, org.users["kasi"])
        return top.recipients[0].id


def _user(session, name):
    return session.scalar(select(User).where(User.username == name))


def test_stale_object_loses_with_a_clear_message(runtime, entry_id):
    """Session B read the entry, A then completed it; B's write must not overwrite A's."""
    b = runtime.sessions()
    with b.begin():
        b_entry = b.get(DispositionRecipient, entry_id)
        b_user = _user(b, "kasi")
    with runtime.session_scope() as a:
        dsp.complete(a, _user(a, "kabid_a"), entry_id, "diselesaikan kabid")
    with pytest.raises(dsp.DispositionConflict, match="same moment"):
        with b.begin():
            dsp.start(b, b_user, b_entry)  # identity map still holds version 1
    b.close()
    with runtime.session_scope() as check:
        entry = check.get(DispositionRecipient, entry_id)
        assert (entry.status, entry.completion_note, entry.version) == ("selesai", "diselesaikan kabid", 3)


def test_form_with_old_version_is_refused(runtime, entry_id):
    with runtime.session_scope() as s:
        seen_version = s.get(DispositionRecipient, entry_id).version
    with runtime.session_scope() as s:
        dsp.start(s, _user(s, "kabid_a"), entry_id, expected_version=seen_version)
    with pytest.raises(dsp.DispositionConflict, match="reload"):
        with runtime.session_scope() as s:
            dsp.complete(s, _user(s, "kasi"), entry_id, "dari Plt", expected_version=seen_version)


def test_two_threads_complete_at_once(runtime, entry_id):
    """Both load the same version and submit; exactly one completion is stored."""
    with runtime.session_scope() as s:
        seen_version = s.get(DispositionRecipient, entry_id).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(username: str) -> None:
        barrier.wait()
        try:
            with runtime.session_scope() as s:
                dsp.complete(s, _user(s, username), entry_id, f"selesai oleh {username}", expected_version=seen_version)
            outcomes[username] = "won"
        except dsp.DispositionError as exc:
            outcomes[username] = type(exc).__name__

    threads = [threading.Thread(target=act, args=(name,)) for name in ("kabid_a", "kasi")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["DispositionConflict", "won"]
    winner = next(name for name, result in outcomes.items() if result == "won")
    with runtime.session_scope() as s:
        entry = s.get(DispositionRecipient, entry_id)
        assert entry.completion_note == f"selesai oleh {winner}"
        assert s.scalar(select(Registration.id)) is not None
