"""Route sweep: every rule of the URL map × every role × valid, missing and hostile values.

Asserts what must hold everywhere: never a 5xx; anonymous requests are sent to the login
page (pages) or get 401 (API); a logged-in POST without a CSRF token is refused (400);
staf never reads a Rahasia letter or a letter of another unit (pages, downloads, API,
page images); no HTML page carries unescaped markup that came from a letter's text or fields.

Findings are collected across the whole sweep and reported together, so one run shows
every broken route. The parameter values are sampled to keep the sweep well under a minute.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import product

import pytest
from sqlalchemy import select

from app.migrate import upgrade
from app.models import InstructionOption, User
from app.runtime import Runtime
from app.services import disposal, disposition as dsp, registration as reg, retention
from app.services.users import create_user
from app.web.factory import create_app
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_document
from tests.web.conftest import build_world, csrf_from, index_docs, login

ROLES = ("admin", "arsiparis", "kadis", "kabid_a", "kabid_b", "kasi", "staf", "records")
PUBLIC_ENDPOINTS = {"auth.login", "auth.set_language", "api_v1.openapi"}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
HUGE = 2**63
BAD_INTS = (999_999, 0, -1, HUGE)  # -1 never matches an <int:> rule: the router answers 404
HOSTILE = ("../../etc/passwd", "<script>alert(1)</script>", "x" * 5000, "a\u0000b\u202ec\u0007\u200bd")
# Markup planted in letters (page text, perihal, sender, nomor): must never reach a page unescaped.
PLANTED = ("<script>alert(", "Evil <script>", "<img src=x onerror", "<b>X</b>")
QUERY_KEYS = ("q", "page", "per_page", "sort", "status", "sifat", "nomor", "sender", "date_from", "date_to",
              "uploaded_by", "ids", "code", "unit", "year", "format", "done", "verify", "next", "limit", "action",
              "actor", "document", "from", "to", "kind")
HOSTILE_QUERY = {"q": "<script>alert(1)</script>", "page": "-1", "per_page": "99999999999999999999",
                 "sort": "<script>", "date_from": "2024-13-45", "date_to": "31/02/2024", "ids": "1,a,../,-3",
                 "code": "../../etc/passwd", "unit": str(HUGE), "year": "abc", "uploaded_by": str(HUGE),
                 "next": "//evil.example", "limit": "-5", "document": str(HUGE), "from": "yesterday",
                 "done": "\u0000", "verify": "1"}
OVERSIZED = "y" * (1024 * 1024 + 10)  # one field over MAX_FORM_MEMORY_SIZE


@dataclass
class Sweep:
    app: object
    clients: dict  # role (None = anonymous) -> test client
    tokens: dict  # role -> CSRF token of that client's session
    values: dict  # URL parameter name -> list of valid values
    hidden_from_staf: dict  # URL parameter name -> values staf must never reach
    findings: list = field(default_factory=list)


def _registered(s, doc, clerk, target_id, perihal):
    data = {"tanggal_surat": "2024-03-05", "asal_surat": "Bappeda", "nomor_surat": doc.nomor or "1/2024",
            "sifat": doc.sifat, "urgensi": "segera", "lampiran": "-", "perihal": perihal, "ringkasan": "",
            "kode_klasifikasi": "045", "tujuan": target_id}
    return reg.register(s, doc, clerk, data)


def _build_extra(runtime, world) -> dict:
    """A registered letter with a disposition tree down to staf, a registered Rahasia letter,
    a disposal proposal, a legal hold and a user to aim admin forms at."""
    org = world.org
    with runtime.session_scope() as s:
        users = {name: s.get(User, u.id) for name, u in org.users.items()}
        retention.load_demo_schedule(s)
        letter = make_document(s, ["Surat masuk <script>alert(1)</script> undangan"], nomor="045/7/BAPP/2024",
                               perihal="Undangan <script>alert(1)</script>", sender="Bappeda",
                               tanggal_surat=date(2024, 3, 5), unit_id=org.seksi_a1.id)
        open_reg = _registered(s, letter, users["arsiparis"], org.kepala_dinas.id, "Undangan <script>alert(1)</script>")
        to_kabid = dsp.dispose(s, users["kadis"], open_reg, [org.kabid_a.id], ["Untuk diketahui"], "<script>alert(1)</script>")
        to_kasi = dsp.dispose(s, users["kabid_a"], to_kabid.recipients[0], [org.kasi_a1.id], [], "catat")
        to_staf = dsp.dispose(s, users["kasi"], to_kasi.recipients[0], [org.staf_a1.id], [], "kerjakan")
        secret = s.get(type(letter), world.docs["rahasia_a"])
        secret_reg = _registered(s, secret, users["arsiparis"], org.kepala_dinas.id, "Laporan pemeriksaan")
        secret_entry = dsp.dispose(s, users["kadis"], secret_reg, [org.kabid_a.id], ["Untuk diketahui"], None)
        old = make_document(s, ["Laporan bulanan <script>alert(1)</script>"], nomor="000.9.2/1/DISDIK/2015",
                            perihal="Laporan bulanan", tanggal_surat=date(2015, 4, 1), unit_id=org.seksi_a1.id)
        retention.classify(s, users["records"], old.id, "000.9.2")
        proposal = disposal.create_proposal(s, users["records"], "Usul musnah sweep", [old.id])
        hold = retention.set_hold(s, users["records"], world.docs["rahasia_a"], "Perkara 1/2024")
        # Discarding is what the discard routes do to a valid upload: they get one of their own.
        discardable = make_document(s, ["Unggahan keliru"], unit_id=org.seksi_a1.id)
        target = create_user(s, "sweep_target", PASSWORD, "staf")
        option = s.scalars(select(InstructionOption).limit(1)).first()
        index_docs(runtime, [letter, old])
        return {
            "letter": letter.id, "reg": open_reg.id, "secret_reg": secret_reg.id,
            "entries": [to_kabid.recipients[0].id, to_staf.recipients[0].id],
            "secret_entry": secret_entry.recipients[0].id, "proposal": proposal.id, "hold": hold.id,
            "user": target.id, "option": option.id if option else 1, "discardable": discardable.id,
        }


def _login(app, role):
    client = app.test_client()
    if role is not None:
        assert login(client, role).status_code == 302, role
    return client


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("sweep") / "data")
    upgrade(settings)
    runtime = Runtime(settings)
    world = build_world(runtime)
    extra = _build_extra(runtime, world)
    app = create_app(settings, runtime=runtime, TESTING=True, LOGIN_RATE_LIMIT="1000 per minute")
    docs = world.docs
    values = {
        "doc_id": [docs["biasa_a"], docs["rahasia_a"], docs["biasa_b"], extra["letter"], docs["xss"]],
        "reg_id": [extra["reg"], extra["secret_reg"]],
        "entry_id": [*extra["entries"], extra["secret_entry"]],
        "proposal_id": [extra["proposal"]],
        "hold_id": [extra["hold"]],
        "user_id": [extra["user"]],
        "position_id": [world.org.kabid_b.id],
        "option_id": [extra["option"]],
        "number": [1],
        "code": ["id", "en"],
        "kind": ["move_inactive", "unclassified"],
        # Routes that use up a valid value (keyed by endpoint and parameter).
        ("documents.discard", "doc_id"): [extra["discardable"], docs["rahasia_a"]],
        ("api_v1.discard_document", "doc_id"): [extra["discardable"], docs["rahasia_a"]],
    }
    hidden = {"doc_id": {docs["rahasia_a"], docs["biasa_b"]}, "reg_id": {extra["secret_reg"]},
              "entry_id": {extra["secret_entry"]}}
    clients = {role: _login(app, role) for role in (None, *ROLES)}
    tokens = {role: csrf_from(clients[role].get("/login" if role is None else "/").get_data(as_text=True))
              for role in clients}
    yield Sweep(app, clients, tokens, values, hidden)
    runtime.close()


# --- what to request ---------------------------------------------------------------------

def _rules(app, methods):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods & set(methods)):
            yield rule, method


def _is_int(rule, name) -> bool:
    return type(rule._converters[name]).__name__ == "IntegerConverter"


def _param_sets(sweep, rule, with_bad: bool):
    """(params, hidden_from_staf) pairs: each valid value, then bad ones for one parameter at a time."""
    names = sorted(rule.arguments)
    if not names:
        yield {}, False
        return
    valid = {n: sweep.values.get((rule.endpoint, n), sweep.values.get(n, [1])) for n in names}
    base = {n: v[0] for n, v in valid.items()}
    for name in names:
        for value in valid[name]:
            params = {**base, name: value}
            yield params, any(params[n] in sweep.hidden_from_staf.get(n, ()) for n in names)
        if with_bad:
            for bad in (BAD_INTS if _is_int(rule, name) else HOSTILE):
                yield {**base, name: bad}, False


def _url(rule, params) -> str:
    path = rule.rule
    for name, value in params.items():
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", lambda _m: str(value).replace("/", "%2F"), path)
    return path


# --- checks ------------------------------------------------------------------------------

def _check(sweep, role, method, url, response, *, hidden=False, what=""):
    where = f"{role or 'anonymous'} {method} {url[:120]} {what}".strip()
    status = response.status_code
    if status >= 500:
        sweep.findings.append(f"{where}: {status}")
    if hidden and role == "staf" and status not in (400, 403, 404, 413):
        sweep.findings.append(f"{where}: staf got {status} for a restricted letter")
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        for planted in PLANTED:
            if planted in body:
                sweep.findings.append(f"{where}: unescaped {planted!r} in the page")
    return status


def _check_anonymous(sweep, rule, method, url, response, what=""):
    status = _check(sweep, None, method, url, response, what=what)
    if rule.endpoint in PUBLIC_ENDPOINTS or status >= 500:
        return
    if url.startswith("/api/"):
        ok = status == 401
    else:
        ok = status == 302 and "/login" in response.headers.get("Location", "")
    if not ok:
        sweep.findings.append(f"anonymous {method} {url[:120]} {what}: {status} (expected login redirect / 401)")


def _report(sweep):
    findings, sweep.findings[:] = list(dict.fromkeys(sweep.findings)), []
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:80])


# --- GET ---------------------------------------------------------------------------------

def test_sweep_covers_every_rule(sweep):
    swept = {(r.rule, m) for r, m in _rules(sweep.app, ("GET", *WRITE_METHODS))}
    all_rules = {(r.rule, m) for r in sweep.app.url_map.iter_rules() if r.endpoint != "static"
                 for m in r.methods - {"HEAD", "OPTIONS"}}
    assert swept == all_rules and len(swept) > 80


def test_get_every_route_as_every_role(sweep):
    for rule, method in _rules(sweep.app, ("GET",)):
        for (params, hidden), role in product(list(_param_sets(sweep, rule, with_bad=True)), (None, *ROLES)):
            url = _url(rule, params)
            response = sweep.clients[role].get(url)
            if role is None:
                if not any(v in (0, -1, HUGE) or isinstance(v, str) and v not in ("id", "en") for v in params.values()):
                    _check_anonymous(sweep, rule, method, url, response)
                else:
                    _check(sweep, None, method, url, response)
            else:
                _check(sweep, role, method, url, response, hidden=hidden)
    _report(sweep)


def test_get_with_hostile_query_strings(sweep):
    """Every GET route with a combined hostile query; admin (who reaches every page) also with each key alone."""
    for rule, method in _rules(sweep.app, ("GET",)):
        params, _hidden = next(_param_sets(sweep, rule, with_bad=False))
        url = _url(rule, params)
        for role in (None, *ROLES):
            response = sweep.clients[role].get(url, query_string=HOSTILE_QUERY)
            _check(sweep, role, method, url, response, what="hostile query")
        for i, key in enumerate(QUERY_KEYS):
            response = sweep.clients["admin"].get(url, query_string={key: HOSTILE[i % len(HOSTILE)]})
            _check(sweep, "admin", method, url, response, what=f"?{key}=hostile")
    _report(sweep)


def test_pages_showing_planted_markup_escape_it(sweep):
    """The letters carrying markup are readable (so the XSS check above really saw them)."""
    staf = sweep.clients["staf"]
    letter = sweep.values["doc_id"][3]
    page = staf.get(f"/documents/{letter}?q=script")
    assert page.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.get_data(as_text=True)
    entry = staf.get(f"/disposisi/entry/{sweep.values['entry_id'][1]}")
    assert entry.status_code == 200 and "Undangan &lt;script&gt;" in entry.get_data(as_text=True)


# --- writes ------------------------------------------------------------------------------

FORM_GARBAGE = {"foo": "bar", "\u0000": "\u202e", "positions": "../../etc/passwd", "file": "not a file"}
FORM_WRONG_TYPES = {
    "version": "abc", "active": "maybe", "document_id": "-5", "positions": "x", "instructions": "", "deadline": "2024-02-30",
    "tanggal_surat": "yesterday", "tanggal_diterima": "31/31/2031", "tujuan": "kadis", "nomor_agenda": "-1", "vital": "2",
    "end_date": "31/31/2031", "code": "<script>alert(1)</script>", "reason": "", "note": "", "name": "", "active_years": "ten",
    "inactive_years": "-3", "final_disposition": "burn", "trigger": "never", "user_id": "abc", "unit_id": "1.5",
    "parent_id": "../..", "position_id": "x", "role": "<script>", "username": "", "label": "", "sifat": "top secret",
    "urgensi": "kemarin", "biasa": "soon", "penting": "-1", "segera": "1e3", "sangat_segera": "", "title": "",
    "committee": "", "consideration": "", "authority": "", "confirm": "no", "perihal": "", "nomor": "",
}
FORM_HUGE_NUMBERS = {name: str(HUGE) for name in (
    "version", "document_id", "positions", "tujuan", "nomor_agenda", "user_id", "unit_id", "parent_id", "position_id",
    "active_years", "inactive_years", "biasa", "penting", "segera", "sangat_segera", "year", "limit")}
JSON_WRONG_TYPES = {
    "version": "x", "fields": [], "positions": "a", "instructions": 5, "note": 7, "deadline": 12, "reason": 3, "code": 4,
    "vital": "yes", "title": [], "document_ids": "all", "committee": {}, "consideration": 1, "authority": None,
    "approval_reference": 2, "decision_reference": [], "witnesses": "x", "removals": 5, "tujuan": "kadis",
    "perihal": {"a": 1}, "sifat": 9, "active_years": "ten", "final_disposition": 1, "end_date": "2024-02-30",
}
JSON_HUGE_NUMBERS = {
    "version": HUGE, "fields": {"tanggal_surat": "2024-02-30", "sifat": "x"}, "positions": [HUGE], "tujuan": HUGE,
    "nomor_agenda": HUGE, "document_ids": [HUGE, -1], "removals": [{"document_id": HUGE, "reason": "x"}],
    "active_years": HUGE, "inactive_years": -HUGE, "reason": "x", "committee": ["a"], "consideration": "c",
    "authority": "a", "approval_reference": "r", "decision_reference": "d", "witnesses": ["w"], "code": "000.9.2",
}
HOSTILE_UPLOAD = (b"%PDF-1.4 garbage \x00\xff", "../../etc/passwd\u202e<script>.pdf")


def _write(client, method, url, *, token=None, form=None, raw_json=None, upload=False):
    api = url.startswith("/api/")
    headers = {"X-CSRFToken": token} if token and api else {}
    kwargs: dict = {"headers": headers}
    if api and raw_json is not None:
        kwargs.update(data=raw_json, content_type="application/json")
    elif form is not None or upload:
        data = dict(form or {})
        if token and not api:
            data["csrf_token"] = token
        if upload:
            data["file"] = (io.BytesIO(HOSTILE_UPLOAD[0]), HOSTILE_UPLOAD[1])
            data["attachment"] = (io.BytesIO(HOSTILE_UPLOAD[0]), HOSTILE_UPLOAD[1])
        kwargs.update(data=data, content_type="multipart/form-data" if upload else None)
    return client.open(url, method=method, **kwargs)


def _bodies(url):
    """(label, kwargs) of the bodies sent with a valid CSRF token."""
    if url.startswith("/api/"):
        yield "malformed json", {"raw_json": '{"a": [1,'}
        yield "json list", {"raw_json": "[1, 2]"}
        yield "json wrong types", {"raw_json": json.dumps(JSON_WRONG_TYPES)}
        yield "json huge numbers", {"raw_json": json.dumps(JSON_HUGE_NUMBERS)}
        yield "hostile upload", {"upload": True}
    else:
        yield "garbage form", {"form": FORM_GARBAGE}
        yield "wrong types", {"form": FORM_WRONG_TYPES}
        yield "huge numbers", {"form": FORM_HUGE_NUMBERS}
        yield "hostile upload", {"upload": True, "form": {"reason": "x"}}


def _write_rules(sweep):
    rules = list(_rules(sweep.app, WRITE_METHODS))
    # Logging out ends the shared sessions: last, with fresh clients (tests/security/test_sessions.py
    # covers "log out everywhere").
    return [r for r in rules if r[0].endpoint not in ("auth.logout", "auth.logout_everywhere")]


def test_writes_without_csrf_are_refused(sweep):
    for rule, method in _write_rules(sweep):
        params, hidden = next(_param_sets(sweep, rule, with_bad=False))
        url = _url(rule, params)
        for role in ROLES:
            response = _write(sweep.clients[role], method, url, form={"reason": "x", "version": "1"})
            _check(sweep, role, method, url, response, hidden=hidden, what="no CSRF")
            if response.status_code != 400:
                sweep.findings.append(f"{role} {method} {url}: {response.status_code} without a CSRF token (expected 400)")
        anonymous = _write(sweep.clients[None], method, url, token=sweep.tokens[None], form={"reason": "x"})
        _check_anonymous(sweep, rule, method, url, anonymous, what="with CSRF")
        _check(sweep, None, method, url, _write(sweep.clients[None], method, url), what="no body")
    _report(sweep)


def test_writes_with_bad_bodies_and_ids(sweep):
    for rule, method in _write_rules(sweep):
        sets = list(_param_sets(sweep, rule, with_bad=True))
        for role in ROLES:
            client, token = sweep.clients[role], sweep.tokens[role]
            for i, (params, hidden) in enumerate(sets):
                url = _url(rule, params)
                response = _write(client, method, url, token=token, form={})
                _check(sweep, role, method, url, response, hidden=hidden, what="empty body")
                bodies = list(_bodies(url))
                # every body for the first id, one body (rotating) for the other ids
                for label, kwargs in (bodies if i == 0 else [bodies[(i + ROLES.index(role)) % len(bodies)]]):
                    response = _write(client, method, url, token=token, **kwargs)
                    _check(sweep, role, method, url, response, hidden=hidden, what=label)
        params, _hidden = next(_param_sets(sweep, rule, with_bad=False))
        url = _url(rule, params)
        response = _write(sweep.clients["admin"], method, url, token=sweep.tokens["admin"],
                          form={"reason": OVERSIZED} if not url.startswith("/api/") else None,
                          raw_json=json.dumps({"reason": OVERSIZED, "note": OVERSIZED}) if url.startswith("/api/") else None)
        _check(sweep, "admin", method, url, response, what="oversized field")
    _report(sweep)


def test_staf_token_cannot_reach_restricted_letters(sweep):
    """Bearer tokens take the same checks as the browser session."""
    from app.services.users import issue_token

    runtime = sweep.app.extensions["lontar"].runtime
    with runtime.session_scope() as s:
        token = issue_token(s, s.scalar(select(User).where(User.username == "staf")), "sweep")
    client = sweep.app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for rule, method in _rules(sweep.app, ("GET", *WRITE_METHODS)):
        if not rule.rule.startswith("/api/"):
            continue
        for params, hidden in _param_sets(sweep, rule, with_bad=False):
            if hidden:
                url = _url(rule, params)
                response = client.open(url, method=method, headers=headers, json={})
                _check(sweep, "staf", method, url, response, hidden=True, what="bearer token")
    _report(sweep)


def test_logout_as_every_role(sweep):
    for role in (None, *ROLES):
        client = _login(sweep.app, role)
        token = csrf_from(client.get("/login" if role is None else "/").get_data(as_text=True))
        assert client.post("/logout").status_code == 400
        response = client.post("/logout", data={"csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"], role
        assert client.get("/documents/").status_code == 302


# --- what the sweep found: ids and numbers too large for the database ----------------------

def _indonesian(sweep, role):
    """The role's client and token, with Indonesian chosen again (the sweep switched languages)."""
    client, token = sweep.clients[role], sweep.tokens[role]
    client.post("/language/id", data={"csrf_token": token})
    return client, token


def test_admin_forms_with_huge_ids_are_refused_clearly(sweep):
    admin, token = _indonesian(sweep, "admin")
    assert admin.post(f"/admin/users/{HUGE}", data={"csrf_token": token, "role": "staf"}).status_code == 404
    assert admin.post(f"/admin/positions/{HUGE}/acting", data={"csrf_token": token}).status_code == 404
    page = admin.post("/admin/positions", data={"csrf_token": token, "name": "Staf baru", "unit_id": str(HUGE)},
                      follow_redirects=True)
    assert page.status_code == 200 and "unit_id: data tidak ditemukan." in page.get_data(as_text=True)


def test_disposition_settings_with_a_huge_option_id_is_404(sweep):
    response = sweep.clients["admin"].post(f"/disposisi/settings/instructions/{HUGE}",
                                           data={"csrf_token": sweep.tokens["admin"], "active": "1"})
    assert response.status_code == 404


def test_registration_with_huge_numbers_is_a_field_error(sweep):
    clerk, token = _indonesian(sweep, "arsiparis")
    doc_id = sweep.values["doc_id"][0]
    page = clerk.post(f"/disposisi/register/{doc_id}", data={"csrf_token": token, "tujuan": str(HUGE),
                                                             "nomor_agenda": str(HUGE), "perihal": "x"})
    assert page.status_code == 400
    assert "pilih jabatan dari daftar" in page.get_data(as_text=True)
    assert "angkanya terlalu besar" in page.get_data(as_text=True)
    api = clerk.post(f"/api/v1/documents/{doc_id}/registration", json={"tujuan": HUGE, "perihal": "x"},
                     headers={"X-CSRFToken": token, "Accept-Language": "en"})
    assert api.status_code == 409 and "tujuan" in api.json["error"]["fields"]


def test_disposing_to_a_huge_position_id_is_refused(sweep):
    kadis, token = _indonesian(sweep, "kadis")
    reg_id = sweep.values["reg_id"][0]
    page = kadis.post(f"/disposisi/letter/{reg_id}/dispose", data={"csrf_token": token, "positions": str(HUGE)},
                      follow_redirects=True)
    assert page.status_code == 400 and "pilih penerima dari daftar jabatan" in page.get_data(as_text=True)
    api = kadis.post(f"/api/v1/registrations/{reg_id}/dispositions", json={"positions": [HUGE]},
                     headers={"X-CSRFToken": token, "Accept-Language": "en"})
    assert api.status_code == 409 and api.json["error"]["code"] == "bad_target"


# --- every query parameter of every route (issue 15 item 13) -------------------------------

# Parsers that read their parameter names from a tuple (not literally): the keys come from
# the code itself. Everything read literally (``args.get("unit")``) is found in the source.
from app.web.documents.queries import FILTER_KEYS as LIST_KEYS  # noqa: E402
from app.web.search.params import KNOWN as SEARCH_KEYS  # noqa: E402

PARSER_KEYS = {"parse_list_filters": LIST_KEYS, "parse_search_params": SEARCH_KEYS, "day": ("from", "to")}
HOSTILE_NUMBERS = ("99999999999999999999999", str(2**63), str(2**31), "-1", "-99999999999999999999", "0", "1.5",
                   "1e9", "abc", "\u00b2", "\u0661\u0662", "0x10", " 7 ", "")
HOSTILE_TEXT = ("x" * 5000, "a\u0000b\u202ec\u0007\u200bd", "<script>alert(1)</script>", "9999-12-31", "0000-00-00")
_LITERAL = re.compile(r"""args\.get(?:list)?\(\s*["']([a-z_]+)["']|args,\s*["']([a-z_]+)["']""")
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z_0-9]*)\s*\(")


def _query_keys(view) -> set[str]:
    """Query parameter names a view reads: literal ``args.get("x")`` and parser key tuples, in
    the view and, transitively, in the functions it calls (of its own module or imported)."""
    import inspect
    import sys

    seen, keys, todo = set(), set(), [inspect.unwrap(view)]
    while todo:
        func = todo.pop()
        if func in seen or not callable(func):
            continue
        seen.add(func)
        try:
            source = inspect.getsource(func)
        except (OSError, TypeError):
            continue
        keys |= {a or b for a, b in _LITERAL.findall(source)}
        namespace = vars(sys.modules[func.__module__])
        for name in set(_CALL.findall(source)):
            keys |= set(PARSER_KEYS.get(name, ()))
            target = namespace.get(name)
            if inspect.isfunction(target) and target.__module__.startswith("app."):
                todo.append(target)
            elif inspect.isclass(target) and target.__module__.startswith("app."):
                todo += [m for m in vars(target).values() if isinstance(m, (classmethod, staticmethod))
                         for m in [m.__func__]]
    return keys


def _get_routes_with_keys(sweep):
    for rule, method in _rules(sweep.app, ("GET",)):
        yield rule, method, _query_keys(sweep.app.view_functions[rule.endpoint])


def test_query_parameter_discovery_finds_what_the_views_read(sweep):
    found = {rule.rule: keys for rule, _m, keys in _get_routes_with_keys(sweep)}
    assert {"unit", "year", "code", "page", "per_page"} <= found["/api/v1/retention/due/unclassified"]
    assert {"action", "actor", "document", "from", "to", "format", "page"} <= found["/retensi/audit"]
    assert set(LIST_KEYS) <= found["/documents/"] and set(SEARCH_KEYS) <= found["/search/"]
    assert {"q", "limit"} <= found["/api/v1/search/suggest"] and "ids" in found["/documents/status"]
    every = set().union(*found.values())
    assert set(QUERY_KEYS) - {"kind"} <= every, set(QUERY_KEYS) - every


def test_every_query_parameter_with_hostile_values(sweep):
    """Each route × each parameter it reads × every hostile value (one at a time): a clear 4xx or
    a page, never a 5xx (unit=99999999999999999999999 once overflowed the database driver)."""
    swept = 0
    for rule, method, keys in _get_routes_with_keys(sweep):
        params, _hidden = next(_param_sets(sweep, rule, with_bad=False))
        url = _url(rule, params)
        for key in sorted(keys):
            for value in HOSTILE_NUMBERS + HOSTILE_TEXT:
                response = sweep.clients["admin"].get(url, query_string={key: value})   # admin reaches every list
                _check(sweep, "admin", method, url, response, what=f"?{key}={value[:30]!r}")
                swept += 1
    assert swept > 1000
    _report(sweep)


def test_overflowing_retention_filters_are_a_clear_400(sweep):
    records, _token = _indonesian(sweep, "records")
    for key in ("unit", "year"):
        api = records.get("/api/v1/retention/due/unclassified", query_string={key: "99999999999999999999999"},
                          headers={"Accept-Language": "en"})
        assert api.status_code == 400 and key in api.json["error"]["message"], api.get_data(as_text=True)
        page = records.get("/retensi/due/unclassified", query_string={key: "99999999999999999999999"},
                           follow_redirects=True)
        assert page.status_code == 200 and "bilangan bulat" in page.get_data(as_text=True)


def test_write_routes_reading_query_parameters_with_hostile_values(sweep):
    """The few forms that read the query string too (login's ``next``, saving a search view)."""
    swept = 0
    for rule, method in _write_rules(sweep):
        keys = _query_keys(sweep.app.view_functions[rule.endpoint])
        params, hidden = next(_param_sets(sweep, rule, with_bad=False))
        url = _url(rule, params)
        for key in sorted(keys):
            for value in HOSTILE_NUMBERS + HOSTILE_TEXT:
                response = sweep.clients["admin"].open(url, method=method, query_string={key: value},
                                                       data={"csrf_token": sweep.tokens["admin"], "name": "v"})
                _check(sweep, "admin", method, url, response, hidden=hidden, what=f"?{key}={value[:30]!r}")
                swept += 1
    assert swept >= 2 * len(HOSTILE_NUMBERS + HOSTILE_TEXT)
    _report(sweep)
