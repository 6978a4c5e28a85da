from contextlib import nullcontext
from datetime import datetime, timedelta, timezone

from app.services import audit
from app.services.audit import AuditFilter
from tests.factories import make_org


def test_query_filters_by_action_actor_document_and_dates(session):
    org = make_org(session)
    records = org.users["records"]
    audit.record(session, audit.Action.CLASSIFIED, actor=records, document_id=1)
    audit.record(session, audit.Action.VIEWED, actor=org.users["staf"], document_id=1)
    audit.record(session, audit.Action.VIEWED, actor=records, document_id=2)
    assert audit.query(session, AuditFilter(action="viewed"))[0] == 2
    assert audit.query(session, AuditFilter(actor="records"))[0] == 2
    total, rows = audit.query(session, AuditFilter(document_id=1), newest_first=False)
    assert total == 2 and [r.action for r in rows] == ["classified", "viewed"]
    now = datetime.now(timezone.utc)
    everything = audit.query(session)[0]  # make_org's own entries included
    assert audit.query(session, AuditFilter(date_from=now - timedelta(minutes=5), date_to=now + timedelta(minutes=5)))[0] == everything
    assert audit.query(session, AuditFilter(date_to=now - timedelta(days=1)))[0] == 0
    lines = list(audit.iter_export(lambda: nullcontext(session), AuditFilter(actor="records")))
    assert lines[0].startswith("seq,at,actor_name,action") and len(lines) == 3
