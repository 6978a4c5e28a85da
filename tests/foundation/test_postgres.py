"""The same SQLAlchemy code and migrations run on a real PostgreSQL."""
from app.migrate import check, upgrade
from app.runtime import Runtime
from app.services import audit
from tests.conftest import make_settings
from tests.factories import make_document, make_org


def test_migrations_and_domain_on_postgres(tmp_path, postgres_url):
    settings = make_settings(tmp_path / "data", DATABASE_URL=postgres_url)
    upgrade(settings)
    check(settings)
    runtime = Runtime(settings)
    try:
        with runtime.session_scope() as session:
            org = make_org(session)
            doc = make_document(session, ["Undangan rapat koordinasi"], nomor="005/12/DISDIK/I/2025", unit_id=org.dinas.id)
            audit.record(session, audit.Action.VIEWED, actor=org.users["kadis"], document_id=doc.id)
        with runtime.session_scope() as session:
            result = audit.verify_session(session)
            assert result.ok and result.checked == len(org.users) + 1
    finally:
        runtime.close()
