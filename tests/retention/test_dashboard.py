"""The records manager's dashboard shows what is due; other roles do not get the card."""
from app.services import retention
from app.web.factory import create_app
from tests.factories import make_document, make_org
from tests.web.conftest import login


def test_records_due_on_the_records_managers_dashboard(runtime):
    with runtime.session_scope() as s:
        org = make_org(s)
        retention.load_demo_schedule(s)
        make_document(s, ["surat tanpa klasifikasi"], unit_id=org.dinas.id)
    app = create_app(runtime.settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    manager, staf = app.test_client(), app.test_client()
    login(manager, "records")
    login(staf, "staf")
    page = manager.get("/").get_data(as_text=True)
    assert 'id="records-due"' in page
    assert 'data-count="unclassified">1<' in page
    assert 'id="records-due"' not in staf.get("/").get_data(as_text=True)
