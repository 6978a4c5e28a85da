from app.services import indexing
from tests.factories import make_document

def test_savepoint_release_does_not_apply_index_changes(runtime):
    runtime.search.ensure_index()
    with runtime.session_scope() as s:
        doc = make_document(s, ["kata unik zebrakuda"])
        with s.begin_nested():
            indexing.mark_changed(s, doc.id)
        assert s.info.get("lontar_index_changes")  # still pending until the real commit
