from sqlalchemy import text

from app.services import audit


def test_chain_verifies_and_catches_edit_delete_reorder(runtime):
    with runtime.session_scope() as s:
        for i in range(5):
            audit.record(s, audit.Action.VIEWED, document_id=1, n=i)
    with runtime.session_scope() as s:
        assert audit.verify_session(s).ok and audit.verify_session(s).checked == 5

    with runtime.session_scope() as s:
        s.execute(text("UPDATE audit_entries SET details = '{\"n\": 99}' WHERE seq = 3"))
    with runtime.session_scope() as s:
        result = audit.verify_session(s)
        assert not result.ok and result.broken_seq == 3


def test_chain_catches_deleted_row(runtime):
    with runtime.session_scope() as s:
        for i in range(4):
            audit.record(s, audit.Action.VIEWED, document_id=1, n=i)
        s.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    with runtime.session_scope() as s:
        result = audit.verify_session(s)
        assert not result.ok and result.broken_seq == 3


def test_chain_catches_reordered_rows(runtime):
    with runtime.session_scope() as s:
        for i in range(4):
            audit.record(s, audit.Action.VIEWED, document_id=1, n=i)
        s.execute(text("UPDATE audit_entries SET seq = -1 WHERE seq = 2"))
        s.execute(text("UPDATE audit_entries SET seq = 2 WHERE seq = 3"))
        s.execute(text("UPDATE audit_entries SET seq = 3 WHERE seq = -1"))
    with runtime.session_scope() as s:
        result = audit.verify_session(s)
        assert not result.ok and result.broken_seq == 2


def test_anchors_follow_commits_only_and_the_key_stays_outside_the_database(runtime, settings):
    import pytest

    from app.models import AuditEntry

    with runtime.session_scope() as s:
        audit.record(s, audit.Action.VIEWED, document_id=1)
    before = settings.audit_anchor_path.read_text()
    with pytest.raises(RuntimeError):
        with runtime.session_scope() as s:
            audit.record(s, audit.Action.VIEWED, document_id=1)
            s.info["lontar_audit_anchor_asked"] = [(2, "f" * 64, "berita_acara", {})]
            raise RuntimeError("the step failed: nothing of it is anchored")
    assert settings.audit_anchor_path.read_text() == before
    key = settings.audit_key_path.read_text().strip()
    with runtime.session_scope() as s:
        stored = " ".join(str(v) for row in s.query(AuditEntry).all() for v in vars(row).values())
    assert len(key) == 64 and key not in stored and key not in before
